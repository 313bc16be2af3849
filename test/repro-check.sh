#!/bin/sh
# Builds the committed tree twice from scratch — third-party libraries
# included — in two temporary directories with different path lengths, and
# fails unless the two stripped binaries are bit-for-bit identical. On a
# mismatch it lists the object files and archives that differ.
# Usage: repro-check.sh   (from the repository; uses HEAD, not uncommitted edits)
set -eu
cd "$(dirname "$0")/.."
rev=$(git rev-parse --verify HEAD)
epoch=$(git log -1 --format=%ct)
cache=${ATTEST_CACHE:-$HOME/.cache/attest-init}
base=${TMPDIR:-/tmp}
a=$(mktemp -d "$base/repro-a.XXXXXX")
b=$(mktemp -d "$base/repro-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.XXXXXX")
trap 'rm -rf "$a" "$b"' EXIT INT TERM
start=$(date +%s)

build_in() { # dir
	mkdir -p "$1/src" "$1/cache/tarballs"
	git archive "$rev" | tar -x -C "$1/src"
	# Tarballs are checked against the manifest's sha256 again by fetch.sh.
	cp "$cache"/tarballs/*.tar.* "$1/cache/tarballs/" 2>/dev/null || true
	(cd "$1/src" && make --no-print-directory static CACHE="$1/cache" GIT_REV="$rev" \
		GIT_DIRTY=false SOURCE_DATE_EPOCH="$epoch" >"$1/build.log" 2>&1) || {
		echo "repro-check: build in $1 failed:" >&2
		tail -n 30 "$1/build.log" >&2
		exit 1
	}
}

build_in "$a"
build_in "$b"
ha=$(sha256sum "$a/src/build/attest-init" | cut -d' ' -f1)
hb=$(sha256sum "$b/src/build/attest-init" | cut -d' ' -f1)
echo "repro-check: $a/src/build/attest-init $ha"
echo "repro-check: $b/src/build/attest-init $hb"
if [ "$ha" = "$hb" ]; then
	echo "repro-check: identical ($(stat -c %s "$a/src/build/attest-init") bytes) in $(($(date +%s) - start)) s"
	exit 0
fi
echo "repro-check: MISMATCH; differing objects and archives:" >&2
(cd "$a/src/build" && find . -name '*.o') | while read -r o; do
	cmp -s "$a/src/build/$o" "$b/src/build/$o" || echo "  build/$o" >&2
done
for l in "$a"/cache/deps-*/musl/lib/*.a; do
	other=$(echo "$l" | sed "s|^$a|$b|")
	cmp -s "$l" "$other" || echo "  ${l#$a/cache/} " >&2
done
exit 1
