#!/bin/sh
# Fetch the pinned source tarballs named in manifest.txt into a directory and
# check their sha256. The archive URI comes from this machine's apt
# configuration (or $ATTEST_ARCHIVE_URI), so no host name lives in the repo.
# Usage: fetch.sh DEST_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dest=${1:?usage: fetch.sh DEST_DIR}
mkdir -p "$dest"

archive_uris() {
	if [ -n "${ATTEST_ARCHIVE_URI:-}" ]; then
		echo "$ATTEST_ARCHIVE_URI"
		return
	fi
	# deb822 sources: "URIs:" lines of stanzas whose Types include "deb".
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk 'BEGIN{RS=""; FS="\n"}
		     { deb=0; uris="";
		       for (i = 1; i <= NF; i++) {
		         if ($i ~ /^Types:/ && $i ~ /[[:space:]]deb([[:space:]]|$)/) deb=1;
		         if ($i ~ /^URIs:/) { sub(/^URIs:[[:space:]]*/, "", $i); uris=$i }
		       }
		       if (deb && uris != "") print uris }' "$f" | tr ' ' '\n'
	done
	# one-line sources: "deb [options] URI suite components"
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		sed -n 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]\{1,\}\).*/\2/p' "$f"
	done
}

download() { # url out
	if command -v curl >/dev/null 2>&1; then
		curl -fsSL --retry 3 -o "$2" "$1"
	elif command -v wget >/dev/null 2>&1; then
		wget -q -O "$2" "$1"
	else
		echo "fetch: neither curl nor wget is installed (apt-get install curl)" >&2
		return 1
	fi
}

uris=$(archive_uris | grep -v -- '-security' | awk '!seen[$0]++')
if [ -z "$uris" ]; then
	echo "fetch: no Debian archive URI found in the apt configuration; set ATTEST_ARCHIVE_URI" >&2
	exit 1
fi

grep -v '^#' "$here/manifest.txt" | while read -r name version path sha; do
	[ -n "$name" ] || continue
	file=$(basename "$path")
	out="$dest/$file"
	if [ -f "$out" ] && echo "$sha  $out" | sha256sum -c --status; then
		continue
	fi
	ok=0
	for u in $uris; do
		if download "${u%/}/pool/main/$path" "$out.part" 2>/dev/null; then
			ok=1
			break
		fi
	done
	if [ "$ok" != 1 ]; then
		rm -f "$out.part"
		echo "fetch: could not download $file from the configured Debian archive(s)" >&2
		exit 1
	fi
	got=$(sha256sum "$out.part" | cut -d' ' -f1)
	if [ "$got" != "$sha" ]; then
		rm -f "$out.part"
		echo "fetch: CHECKSUM MISMATCH for $file ($name $version): expected $sha, got $got; refusing to build" >&2
		exit 1
	fi
	mv "$out.part" "$out"
	echo "fetch: $file ok ($name $version)"
done
