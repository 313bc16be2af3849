#!/bin/sh
# make image: builds Dockerfile.scratch's final stage with buildah from the
# local image root (release/image-rootfs.sh), twice in separate storage, and
# checks both give the same manifest digest; exports an OCI archive; runs
# `attest-init version` inside the image; checks the image's config (numeric
# non-root user, entrypoint, command) and its size (at most 1 MiB).
# buildah's storage stays under DIR (vfs driver, chroot isolation): nothing
# global is touched.
# Usage: image.sh DIR DOCKERFILE VERSION   (DIR/ctx/rootfs must exist)
set -eu
dir=${1:?usage: image.sh DIR DOCKERFILE VERSION}
dockerfile=${2:?}
version=${3:?}
ref=localhost/attest-init:$version
max=1048576
fail() {
	echo "image: $*" >&2
	exit 1
}
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

[ -f "$dir/ctx/rootfs/attest-init" ] || fail "$dir/ctx/rootfs/attest-init missing (make image-rootfs)"

# Dockerfile.scratch's final stage, its builder root replaced by the local one.
sed -n '/^FROM scratch/,$p' "$dockerfile" |
	sed 's|^COPY --from=builder /src/build/image/ctx/rootfs/ /$|COPY rootfs/ /|' >"$dir/ctx/Containerfile"
grep -qx 'COPY rootfs/ /' "$dir/ctx/Containerfile" || fail "$dockerfile: final stage has no COPY of the builder's image root"

for n in 1 2; do
	s="--root $dir/store$n --runroot $dir/run$n --storage-driver vfs"
	rm -rf "$dir/store$n" "$dir/run$n" "$dir/attest-init$n.oci.tar"
	t0=$(now)
	# shellcheck disable=SC2086
	buildah $s bud --quiet --isolation chroot --timestamp 0 --identity-label=false \
		-f "$dir/ctx/Containerfile" -t "$ref" "$dir/ctx" >/dev/null
	# shellcheck disable=SC2086
	buildah $s push --quiet --digestfile "$dir/digest$n" "$ref" \
		"oci-archive:$dir/attest-init$n.oci.tar:attest-init:$version"
	echo "image: build $n: $(secs "$t0" "$(now)") s, manifest $(cat "$dir/digest$n")"
done
cmp -s "$dir/digest1" "$dir/digest2" || fail "two builds gave different manifest digests"
mv "$dir/attest-init1.oci.tar" "$dir/attest-init.oci.tar"
rm -f "$dir/attest-init2.oci.tar"
cp "$dir/digest1" "$dir/attest-init.digest"

s="--root $dir/store1 --runroot $dir/run1 --storage-driver vfs"
# The image's config: what Kubernetes will run, as whom.
# shellcheck disable=SC2086
buildah $s inspect --type image "$ref" >"$dir/inspect.json"
python3 - "$dir/inspect.json" <<'PY' || fail "image config is not the expected one"
import json, sys
c = json.load(open(sys.argv[1]))["OCIv1"]["config"]
want = {"User": "65532:65532", "Entrypoint": ["/attest-init"], "Cmd": ["run"]}
bad = {k: c.get(k) for k in want if c.get(k) != want[k]}
if bad:
    sys.exit("image: config %s, want %s" % (bad, want))
PY

# Smoke run inside the image (chroot isolation: no runtime, no daemon).
# shellcheck disable=SC2086
ctr=$(buildah $s from --quiet "$ref")
# shellcheck disable=SC2086
out=$(buildah $s run --isolation chroot "$ctr" -- /attest-init version) || {
	buildah $s rm "$ctr" >/dev/null
	fail "attest-init version failed inside the image"
}
# shellcheck disable=SC2086
buildah $s rm "$ctr" >/dev/null
echo "$out" | grep -q "$version" || fail "attest-init version inside the image printed: $out"
echo "image: in the image: $(echo "$out" | head -n 1)"

files=$(find "$dir/ctx/rootfs" -type f | wc -l)
content=$(find "$dir/ctx/rootfs" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
archive=$(stat -c %s "$dir/attest-init.oci.tar")
rm -rf "$dir/store2" "$dir/run2"
echo "image: $dir/attest-init.oci.tar: $archive bytes (OCI archive, gzip layer); $files files, $content bytes uncompressed"
[ "$content" -le "$max" ] || fail "image content $content bytes > 1 MiB"
[ "$archive" -le "$max" ] || fail "OCI archive $archive bytes > 1 MiB"
echo "image: ok, manifest digest $(cat "$dir/attest-init.digest")"
