#!/bin/sh
# Lays out the image's root file system: exactly the files named, read-only,
# owned by root (COPY in the image keeps the modes), with mtimes at
# SOURCE_DATE_EPOCH. The same script runs in Dockerfile.scratch's builder stage
# and for `make image`, so both images hold the same bytes.
# Usage: image-rootfs.sh DIR SOURCE:PATH_IN_IMAGE...
set -eu
dir=${1:?usage: image-rootfs.sh DIR SOURCE:PATH...}
shift
rm -rf "$dir"
mkdir -p "$dir"
for pair in "$@"; do
	src=${pair%%:*}
	dst=${pair#*:}
	case "$dst" in
	/*) ;;
	*) echo "image-rootfs: $dst: path in image must be absolute" >&2; exit 2 ;;
	esac
	[ -f "$src" ] || { echo "image-rootfs: $src: no such file" >&2; exit 1; }
	mode=0444
	[ "$dst" = /attest-init ] && mode=0555
	install -D -m "$mode" "$src" "$dir$dst"
done
find "$dir" -mindepth 1 -type d -exec chmod 0755 {} +
find "$dir" -exec touch -h -d "@${SOURCE_DATE_EPOCH:-0}" {} +
