#!/usr/bin/env python3
"""Checks an SBOM written by release/sbom.py against what it describes.

  sbom_check.py schema SCHEMA SBOM
      validates SBOM against the SPDX 2.3 JSON schema (python3-jsonschema,
      Draft 7 as the schema declares); SCHEMA must be the pinned file.
  sbom_check.py facts SBOM MANIFEST ROOTFS
      SPDXIDs unique; every relationship names elements of the document; the
      document describes the image; one package per manifest row with its
      version, Debian pool path and sha256, statically linked into the
      program; one file per file of ROOTFS with its SHA-1 and SHA-256.
Exit 0 when all hold, else 1 with the first problem on stderr.
"""

import hashlib
import json
import os
import sys

# sha256 of schemas/spdx-schema.json at tag v2.3 of the SPDX specification.
SPDX_23_SCHEMA_SHA256 = "239208b7ac287b3cf5d9a9af23f9d69863971102a5e1587a27a398b43490b89b"


def fail(msg):
    sys.stderr.write("sbom-check: %s\n" % msg)
    sys.exit(1)


def load(path):
    with open(path, "rb") as f:
        return f.read()


def schema(schema_path, sbom_path):
    raw = load(schema_path)
    if hashlib.sha256(raw).hexdigest() != SPDX_23_SCHEMA_SHA256:
        fail("%s is not the pinned SPDX 2.3 schema" % schema_path)
    import jsonschema  # python3-jsonschema (Debian)

    validator = jsonschema.Draft7Validator(json.loads(raw))
    errors = sorted(validator.iter_errors(json.loads(load(sbom_path))), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        fail("schema: %s at /%s" % (e.message, "/".join(str(p) for p in e.path)))


def sums(path):
    data = load(path)
    return {"SHA1": hashlib.sha1(data).hexdigest(), "SHA256": hashlib.sha256(data).hexdigest()}


def facts(sbom_path, manifest_path, rootfs):
    doc = json.loads(load(sbom_path))
    if doc.get("spdxVersion") != "SPDX-2.3":
        fail("spdxVersion is %r" % doc.get("spdxVersion"))
    elements = [doc["SPDXID"]] + [p["SPDXID"] for p in doc["packages"]] + [f["SPDXID"] for f in doc["files"]]
    if len(set(elements)) != len(elements):
        fail("duplicate SPDXID")
    rels = set()
    for r in doc["relationships"]:
        for k in ("spdxElementId", "relatedSpdxElement"):
            if r[k] not in elements:
                fail("relationship names unknown element %s" % r[k])
        rels.add((r["spdxElementId"], r["relationshipType"], r["relatedSpdxElement"]))
    pkgs = {p["name"]: p for p in doc["packages"]}
    image, prog = pkgs.get("attest-init-image"), pkgs.get("attest-init")
    if not image or not prog:
        fail("no image or program package")
    if ("SPDXRef-DOCUMENT", "DESCRIBES", image["SPDXID"]) not in rels:
        fail("the document does not describe the image")
    if (image["SPDXID"], "CONTAINS", prog["SPDXID"]) not in rels:
        fail("the image does not contain the program")
    rows = [l.split() for l in load(manifest_path).decode().splitlines() if l.strip() and not l.startswith("#")]
    for name, version, pool_path, sha in rows:
        p = pkgs.get(name)
        if not p:
            fail("no package for %s" % name)
        if p.get("versionInfo") != version:
            fail("%s: version %s, manifest %s" % (name, p.get("versionInfo"), version))
        if not p.get("downloadLocation", "").endswith("/pool/main/" + pool_path):
            fail("%s: download location %s" % (name, p.get("downloadLocation")))
        if p.get("checksums") != [{"algorithm": "SHA256", "checksumValue": sha}]:
            fail("%s: checksums %s, manifest sha256 %s" % (name, p.get("checksums"), sha))
        if not p.get("licenseDeclared") or p["licenseDeclared"] == "NOASSERTION":
            fail("%s: no licence" % name)
        if (prog["SPDXID"], "STATIC_LINK", p["SPDXID"]) not in rels:
            fail("%s: not linked into the program" % name)
    files = {f["fileName"]: f for f in doc["files"]}
    on_disk = []
    for root, _d, names in os.walk(rootfs):
        on_disk += ["./" + os.path.relpath(os.path.join(root, n), rootfs) for n in names]
    if sorted(on_disk) != sorted(files):
        fail("files %s, image root has %s" % (sorted(files), sorted(on_disk)))
    for name, f in files.items():
        got = {c["algorithm"]: c["checksumValue"] for c in f["checksums"]}
        if got != sums(os.path.join(rootfs, name)):
            fail("%s: checksums differ from the file" % name)
        if (image["SPDXID"], "CONTAINS", f["SPDXID"]) not in rels:
            fail("%s: not contained in the image" % name)
    prog_sums = {c["algorithm"]: c["checksumValue"] for c in prog["checksums"]}
    if prog_sums != sums(os.path.join(rootfs, "attest-init")):
        fail("program checksums differ from the image's /attest-init")


def main():
    a = sys.argv[1:]
    if len(a) == 3 and a[0] == "schema":
        schema(a[1], a[2])
    elif len(a) == 4 and a[0] == "facts":
        facts(a[1], a[2], a[3])
    else:
        fail("usage: sbom_check.py schema SCHEMA SBOM | facts SBOM MANIFEST ROOTFS")


if __name__ == "__main__":
    main()
