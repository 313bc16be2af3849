#!/bin/sh
# make sbom's document (release/sbom.py): the same bytes twice, `created` from
# SOURCE_DATE_EPOCH, valid against the pinned SPDX 2.3 JSON schema, and true to
# third_party/manifest.txt and the image root it describes; each check refuses a
# document or input changed to break it.
. test/release/lib.sh
sbom=release/sbom.py
chk=test/release/sbom_check.py
schema=${ATTEST_SPDX_SCHEMA:-$CACHE/spdx-2.3.schema.json}
# A fixed archive URI and epoch: the document must not depend on the machine or the clock.
uri=https://archive.invalid/debian
export SOURCE_DATE_EPOCH=1700000000

if [ ! -f "$BUILD/attest-init" ]; then
	notok "static binary $BUILD/attest-init is missing (make static)"
	exit 1
fi
rootfs=$TMP/rootfs
release/image-rootfs.sh "$rootfs" "$BUILD/attest-init:/attest-init" \
	policies/ca-bundle.pem:/etc/attest-init/ca-bundle.pem \
	policies/aks-cvm-strict.json:/etc/attest-init/policy.json
gen() { # OUT [extra args]
	out=$1
	shift
	python3 $sbom --manifest third_party/manifest.txt --rootfs "$rootfs" --version 9.9.9 \
		--git-rev 0123456789abcdef0123456789abcdef01234567 --musl-version 1.2.3-1 \
		--archive-uri $uri --out "$out" "$@"
}

expect "sbom.py writes a document" 0 gen "$TMP/a.json"
gen "$TMP/b.json" 2>/dev/null
if cmp -s "$TMP/a.json" "$TMP/b.json"; then ok "two runs give the same bytes"; else notok "two runs give the same bytes"; fi
if grep -q '"created": "2023-11-14T22:13:20Z"' "$TMP/a.json"; then
	ok "created is SOURCE_DATE_EPOCH (1700000000), not the clock"
else
	notok "created is SOURCE_DATE_EPOCH: $(grep '"created"' "$TMP/a.json")"
fi
(SOURCE_DATE_EPOCH='' && expect "no SOURCE_DATE_EPOCH: refused (no wall clock fallback)" 1 gen "$TMP/c.json")
grep -v '^#' third_party/manifest.txt | sed 's/^jsmn /jsmnx /' >"$TMP/manifest-unknown.txt"
expect "a dependency without known licence: refused" 1 python3 $sbom --manifest "$TMP/manifest-unknown.txt" \
	--rootfs "$rootfs" --version 9 --git-rev x --musl-version 1 --archive-uri $uri --out "$TMP/d.json"

expect "the document is true to the manifest and the image root" 0 \
	python3 $chk facts "$TMP/a.json" third_party/manifest.txt "$rootfs"
# Each fact check on a document changed to break it.
mutate() { # NAME PYTHON-STATEMENT-ON-d
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $2; json.dump(d, open(sys.argv[2], 'w'))" \
		"$TMP/a.json" "$TMP/$1.json"
}
mutate sha "[p for p in d['packages'] if p['name']=='curl'][0]['checksums'][0]['checksumValue']='0'*64"
expect "a dependency's sha256 other than the manifest's is refused" 1 \
	python3 $chk facts "$TMP/sha.json" third_party/manifest.txt "$rootfs"
mutate ver "[p for p in d['packages'] if p['name']=='tpm2-tss'][0].update(versionInfo='4.1.2')"
expect "a dependency's version other than the manifest's is refused" 1 \
	python3 $chk facts "$TMP/ver.json" third_party/manifest.txt "$rootfs"
mutate rel "d['relationships'].append(dict(spdxElementId='SPDXRef-DOCUMENT', relationshipType='DESCRIBES', relatedSpdxElement='SPDXRef-nowhere'))"
expect "a relationship to an unknown element is refused" 1 \
	python3 $chk facts "$TMP/rel.json" third_party/manifest.txt "$rootfs"
mutate link "d['relationships']=[r for r in d['relationships'] if r['relationshipType']!='STATIC_LINK']"
expect "dependencies not linked into the program are refused" 1 \
	python3 $chk facts "$TMP/link.json" third_party/manifest.txt "$rootfs"
mutate file "d['files'][1]['checksums'][1]['checksumValue']='0'*64"
expect "a file checksum other than the image file's is refused" 1 \
	python3 $chk facts "$TMP/file.json" third_party/manifest.txt "$rootfs"
cp policies/trustedlaunch.json "$rootfs/etc/attest-init/extra.json"
expect "an image file the document does not list is refused" 1 \
	python3 $chk facts "$TMP/a.json" third_party/manifest.txt "$rootfs"
rm -f "$rootfs/etc/attest-init/extra.json"

# The SPDX 2.3 JSON schema: schemas/spdx-schema.json at tag v2.3 of the SPDX
# specification, pinned by sha256 in sbom_check.py. No Debian or npm package ships
# it; provide it once at $CACHE/spdx-2.3.schema.json or ATTEST_SPDX_SCHEMA (README "SBOM").
if ! python3 -c 'import jsonschema' 2>/dev/null; then
	skip "SPDX 2.3 schema validation: python3-jsonschema absent (test/ensure-packages.sh sbom)"
elif [ ! -f "$schema" ]; then
	skip "SPDX 2.3 schema validation: no schema at $schema (README \"SBOM\" says how to get it)"
else
	expect "the document is valid SPDX 2.3 (pinned JSON schema)" 0 python3 $chk schema "$schema" "$TMP/a.json"
	mutate nover "del d['spdxVersion']"
	expect "schema: a document without spdxVersion is refused" 1 python3 $chk schema "$schema" "$TMP/nover.json"
	mutate badrel "d['relationships'][0]['relationshipType']='LINKS_TO'"
	expect "schema: an unknown relationship type is refused" 1 python3 $chk schema "$schema" "$TMP/badrel.json"
	mutate nosum "del d['files'][0]['checksums']"
	expect "schema: a file without checksums is refused" 1 python3 $chk schema "$schema" "$TMP/nosum.json"
	head -c 1000 "$schema" >"$TMP/short-schema.json"
	expect "a schema other than the pinned one is refused" 1 python3 $chk schema "$TMP/short-schema.json" "$TMP/a.json"
fi
