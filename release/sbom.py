#!/usr/bin/env python3
"""Writes the SPDX 2.3 JSON document of the attest-init image (make sbom).

The image holds one statically linked program and three data files. The
document lists the image (CONTAINER), each file in it with its SHA-1 and
SHA-256, the program (APPLICATION) and what is linked into it: the pinned
source tarballs of third_party/manifest.txt (name, version, Debian pool URL,
sha256) and musl, the C library of the toolchain.

Deterministic: the same inputs give the same bytes. No wall clock: `created`
is SOURCE_DATE_EPOCH (the Makefile sets it to the last commit's time), the
namespace is derived from the program's hash. Python standard library only.

Usage: sbom.py --manifest FILE --rootfs DIR --version V --git-rev REV
               --musl-version V [--archive-uri URI] --out FILE
"""

import argparse
import datetime
import glob
import hashlib
import json
import os
import re
import sys

# SPDX licence ids of the pinned dependencies (SPDX License List). The manifest
# does not carry them; a dependency missing here stops the build (fail closed).
LICENSES = {
    "bearssl": "MIT",
    "curl": "curl",
    "tpm2-tss": "BSD-2-Clause",
    "jsmn": "MIT",
    "musl": "MIT",
}

HOMEPAGES = {
    "bearssl": "https://bearssl.org/",
    "curl": "https://curl.se/",
    "tpm2-tss": "https://github.com/tpm2-software/tpm2-tss",
    "jsmn": "https://github.com/zserge/jsmn",
    "musl": "https://musl.libc.org/",
}

# The program's path in the image (without the leading slash).
PROGRAM = "attest-init"


def fail(msg):
    sys.stderr.write("sbom: %s\n" % msg)
    sys.exit(1)


def read_manifest(path):
    """Rows of third_party/manifest.txt: (name, version, pool path, sha256)."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            cols = line.split()
            if len(cols) != 4 or not re.fullmatch(r"[0-9a-f]{64}", cols[3]):
                fail("%s:%d: want NAME VERSION POOL_PATH SHA256" % (path, n))
            if cols[0] not in LICENSES:
                fail("%s:%d: no licence known for %s (add it to LICENSES)" % (path, n, cols[0]))
            rows.append(tuple(cols))
    if not rows:
        fail("%s: no dependencies" % path)
    return rows


def apt_archive_uri():
    """The first non-security Debian archive URI of the apt configuration,
    as third_party/fetch.sh picks it (so no host name lives in the repo)."""
    env = os.environ.get("ATTEST_ARCHIVE_URI")
    if env:
        return env
    uris = []
    for f in sorted(glob.glob("/etc/apt/sources.list.d/*.sources")):
        with open(f, encoding="utf-8") as fh:
            for stanza in fh.read().split("\n\n"):
                fields = dict(
                    l.split(":", 1) for l in stanza.splitlines() if ":" in l and not l.startswith("#")
                )
                if "deb" in fields.get("Types", "").split():
                    uris += fields.get("URIs", "").split()
    for f in ["/etc/apt/sources.list"] + sorted(glob.glob("/etc/apt/sources.list.d/*.list")):
        if os.path.isfile(f):
            with open(f, encoding="utf-8") as fh:
                for l in fh:
                    m = re.match(r"deb\s+(\[[^]]*\]\s+)?(\S+)", l)
                    if m:
                        uris.append(m.group(2))
    uris = [u for u in uris if "-security" not in u]
    if not uris:
        fail("no Debian archive URI in the apt configuration; set ATTEST_ARCHIVE_URI")
    return uris[0].rstrip("/")


def file_hashes(path):
    with open(path, "rb") as f:
        data = f.read()
    return hashlib.sha1(data).hexdigest(), hashlib.sha256(data).hexdigest()


def spdx_id(kind, name):
    return "SPDXRef-%s-%s" % (kind, re.sub(r"[^A-Za-z0-9.-]", "-", name))


def build(args):
    deps = read_manifest(args.manifest)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not re.fullmatch(r"[0-9]{1,12}", epoch):
        fail("SOURCE_DATE_EPOCH is not set to a time (seconds since 1970)")
    epoch = int(epoch)
    created = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    archive = args.archive_uri or apt_archive_uri()

    # The image's files, sorted by path inside the image.
    image_files = []
    for root, _dirs, names in os.walk(args.rootfs):
        for n in names:
            full = os.path.join(root, n)
            image_files.append(("/" + os.path.relpath(full, args.rootfs), full))
    image_files.sort()
    paths = [p for p, _ in image_files]
    if "/" + PROGRAM not in paths:
        fail("%s: no /%s in the image root" % (args.rootfs, PROGRAM))
    prog_sha1, prog_sha256 = file_hashes(os.path.join(args.rootfs, PROGRAM))

    image_id = "SPDXRef-Package-image"
    prog_id = spdx_id("Package", PROGRAM)
    packages = [
        {
            "SPDXID": image_id,
            "name": "attest-init-image",
            "versionInfo": args.version,
            "primaryPackagePurpose": "CONTAINER",
            "downloadLocation": "NOASSERTION",
            "filesAnalyzed": True,
            "hasFiles": [spdx_id("File", p.lstrip("/")) for p in paths],
            "licenseConcluded": "NOASSERTION",
            "licenseDeclared": "NOASSERTION",
            "copyrightText": "NOASSERTION",
            "packageVerificationCode": {
                # SPDX 2.3 7.9: SHA-1 over the sorted SHA-1s of the files.
                "packageVerificationCodeValue": hashlib.sha1(
                    "".join(sorted(file_hashes(f)[0] for _, f in image_files)).encode()
                ).hexdigest()
            },
            "comment": "FROM scratch image built by Dockerfile.scratch / make image",
        },
        {
            "SPDXID": prog_id,
            "name": PROGRAM,
            "versionInfo": args.version,
            "primaryPackagePurpose": "APPLICATION",
            "downloadLocation": "NOASSERTION",
            "filesAnalyzed": False,
            "checksums": [
                {"algorithm": "SHA1", "checksumValue": prog_sha1},
                {"algorithm": "SHA256", "checksumValue": prog_sha256},
            ],
            "licenseConcluded": "NOASSERTION",
            "licenseDeclared": "NOASSERTION",
            "copyrightText": "NOASSERTION",
            "sourceInfo": "git commit %s" % args.git_rev,
            "comment": "static musl binary, `attest-init version --json` lists the same inputs",
        },
    ]
    relationships = [
        {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": image_id},
        {"spdxElementId": image_id, "relationshipType": "CONTAINS", "relatedSpdxElement": prog_id},
    ]
    for name, version, pool_path, sha in deps:
        dep_id = spdx_id("Package", name)
        packages.append(
            {
                "SPDXID": dep_id,
                "name": name,
                "versionInfo": version,
                "primaryPackagePurpose": "SOURCE",
                "packageFileName": os.path.basename(pool_path),
                "downloadLocation": "%s/pool/main/%s" % (archive, pool_path),
                "homepage": HOMEPAGES.get(name, "NOASSERTION"),
                "filesAnalyzed": False,
                "checksums": [{"algorithm": "SHA256", "checksumValue": sha}],
                "licenseConcluded": LICENSES[name],
                "licenseDeclared": LICENSES[name],
                "copyrightText": "NOASSERTION",
                "comment": "pinned in third_party/manifest.txt, built by third_party/build-deps.sh",
            }
        )
        relationships.append(
            {"spdxElementId": prog_id, "relationshipType": "STATIC_LINK", "relatedSpdxElement": dep_id}
        )
    musl_id = spdx_id("Package", "musl")
    packages.append(
        {
            "SPDXID": musl_id,
            "name": "musl",
            "versionInfo": args.musl_version,
            "primaryPackagePurpose": "LIBRARY",
            "downloadLocation": "NOASSERTION",
            "homepage": HOMEPAGES["musl"],
            "filesAnalyzed": False,
            "licenseConcluded": LICENSES["musl"],
            "licenseDeclared": LICENSES["musl"],
            "copyrightText": "NOASSERTION",
            "comment": "C library of the toolchain (Debian musl-dev), statically linked",
        }
    )
    relationships.append(
        {"spdxElementId": prog_id, "relationshipType": "STATIC_LINK", "relatedSpdxElement": musl_id}
    )

    files = []
    for path, full in image_files:
        sha1, sha256 = file_hashes(full)
        fid = spdx_id("File", path.lstrip("/"))
        files.append(
            {
                "SPDXID": fid,
                "fileName": "." + path,
                "checksums": [
                    {"algorithm": "SHA1", "checksumValue": sha1},
                    {"algorithm": "SHA256", "checksumValue": sha256},
                ],
                "licenseConcluded": "NOASSERTION",
                "copyrightText": "NOASSERTION",
            }
        )
        relationships.append({"spdxElementId": image_id, "relationshipType": "CONTAINS", "relatedSpdxElement": fid})
        if path == "/" + PROGRAM:
            relationships.append(
                {"spdxElementId": fid, "relationshipType": "GENERATED_FROM", "relatedSpdxElement": prog_id}
            )

    return {
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": "attest-init-image-%s" % args.version,
        "documentNamespace": "https://attest-init.invalid/spdx/image/%s/%s" % (args.version, prog_sha256),
        "creationInfo": {
            "created": created,
            "creators": ["Tool: attest-init-release-sbom.py-%s" % args.version],
            "comment": "created = SOURCE_DATE_EPOCH (the commit's time), not the wall clock",
        },
        "documentDescribes": [image_id],
        "packages": packages,
        "files": files,
        "relationships": relationships,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--rootfs", required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument("--git-rev", required=True)
    ap.add_argument("--musl-version", required=True)
    ap.add_argument("--archive-uri")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    doc = build(args)
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2, sort_keys=True, ensure_ascii=True)
        f.write("\n")
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
