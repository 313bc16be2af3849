#!/bin/sh
# Makes sure the Debian packages a make target needs are installed. As root it
# installs the missing ones with apt-get; otherwise it prints the exact
# apt-get line to run and fails.
# Usage: ensure-packages.sh SET...   (sets: build test fuzz lint bench image sbom deploy)
set -eu
pkgs=""
for set in "$@"; do
	case "$set" in
	build) pkgs="$pkgs make gcc musl-tools curl ca-certificates xz-utils file git autoconf automake libtool autoconf-archive libltdl-dev pkg-config binutils" ;;
	test) pkgs="$pkgs clang libclang-rt-14-dev libcmocka-dev openssl python3 python3-cryptography swtpm swtpm-tools tpm2-tools" ;;
	fuzz) pkgs="$pkgs clang libclang-rt-14-dev llvm" ;;
	lint) pkgs="$pkgs clang-format clang-tidy cppcheck valgrind" ;;
	bench) pkgs="$pkgs tpm2-tools hyperfine coreutils time curl swtpm swtpm-tools python3-cryptography" ;;
	image) pkgs="$pkgs buildah" ;;
	sbom) pkgs="$pkgs python3 python3-jsonschema curl ca-certificates" ;;
	# The manifest checks (test/cli/test_deploy.sh) run on node + npm; a node that came
	# without Debian's packages (e.g. one that bundles npm) is used as it is.
	deploy) command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
		pkgs="$pkgs nodejs npm" ;;
	*) echo "ensure-packages: unknown set $set" >&2; exit 2 ;;
	esac
done
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "ensure-packages: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
	echo "attest-init: missing Debian packages; run as root:" >&2
	echo "  apt-get update && apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
