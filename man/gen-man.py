#!/usr/bin/env python3
"""Generates the attest-init(1) man page from the same sources the program uses.

  SYNOPSIS, DESCRIPTION, COMMANDS, EXIT STATUS: the built binary's `--help` and
      `<command> --help` for every command `--help` lists (verbatim, so the page cannot say
      something the program does not);
  ENVIRONMENT and the defaults in FILES: src/config/config.c's settings table (name, flag,
      default, kind); the one-line meaning of each setting is kept here, and a setting without
      one (or a meaning without a setting) is an error, so the page cannot fall behind the table.

Usage: gen-man.py BINARY CONFIG_C VERSION_FILE > attest-init.1   (`make man`)
Deterministic: no date, no paths, only the VERSION file's version.
"""
import re
import subprocess
import sys

MEANINGS = {
    "ATTEST_PROVIDER_URL": "provider base URL (https://<instance>); may come from the policy's provider.url",
    "ATTEST_POLICY": "local policy file (docs/policy.md)",
    "ATTEST_TCTI": "TPM: device:/dev/tpmrm0 or swtpm:host=H,port=P",
    "ATTEST_EVENTLOG": "TCG event log path",
    "ATTEST_CA_BUNDLE": "CA bundle for the provider's TLS (the default is the image's file); a missing file is exit 2",
    "ATTEST_AK_ROOTS": "PEM bundle of vTPM CA certificates; else the policy's tpm.ak_roots, else the default (the image's Azure vTPM roots); an unreadable file is exit 2",
    "ATTEST_JWKS": "pinned JWKS file instead of fetching <provider>/certs",
    "ATTEST_RESOLVE": "HOST:PORT:ADDRESS name mapping (tests, air-gapped networks)",
    "ATTEST_TOKEN_OUT": "where the verified token is written on success",
    "ATTEST_AUDIT_LOG": "audit trail file, in addition to standard output",
    "ATTEST_EVIDENCE_OUT": "evidence bundle file",
    "ATTEST_DEADLINE": "seconds for the whole gate",
    "ATTEST_MAX_SKEW": "allowed clock skew in seconds",
    "ATTEST_ISOLATION": "what the node must prove; may come from the policy's isolation",
    "ATTEST_OS_RELEASE": "the host's os-release file (mounted read-only) for the request's OS fields",
    "ATTEST_THIM_URL": "IMDS THIM endpoint for the VCEK chain (SEV-SNP without ATTEST_VCEK_CHAIN); http to 169.254.169.254 or loopback only",
    "ATTEST_VCEK_CHAIN": "VCEK chain PEM file instead of THIM",
    "ATTEST_AK_AIA": "fetch AK-chain intermediates from the leaf's AIA URL (allow-listed hosts)",
    "ATTEST_AK_AIA_HOSTS": "the AIA allow-list: comma-separated exact host names (unset: www.microsoft.com, azcsprodeusaikpublish.blob.core.windows.net)",
    "ATTEST_PROXY": "HTTPS proxy; environment proxies are never used implicitly",
    "ATTEST_TERMINATION_LOG": "Kubernetes termination-message file for the block reason; off disables it",
}
KINDS = {
    "CFG_KIND_TEXT": "",
    "CFG_KIND_DEADLINE": "seconds, 1-3600",
    "CFG_KIND_SKEW": "seconds, 0-300",
    "CFG_KIND_SWITCH": "on or off",
    "CFG_KIND_ISOLATION": "trustedlaunch, sevsnp or tdx",
}
ENTRY = re.compile(
    r'\[CFG_\w+\]\s*=\s*\{\s*"(ATTEST_\w+)"\s*,\s*"([a-z0-9-]+)"\s*,\s*(NULL|"[^"]*")\s*,\s*(CFG_KIND_\w+)\s*\}')


def die(msg):
    sys.stderr.write("gen-man: %s\n" % msg)
    sys.exit(1)


def help_of(binary, *args):
    try:
        p = subprocess.run([binary, *args, "--help"], capture_output=True, text=True, check=False)
    except OSError as e:
        die("%s: %s" % (binary, e.strerror))
    if p.returncode != 0 or not p.stdout.strip():
        die("%s %s --help: exit %d" % (binary, " ".join(args), p.returncode))
    return p.stdout


def esc(line):
    """One line of text as roff: backslashes, hyphens as minus signs, no leading control char."""
    line = line.replace("\\", "\\e").replace("-", "\\-")
    if line.startswith((".", "'")):
        line = "\\&" + line
    return line


def lower_first(s):
    return s[:1].lower() + s[1:]


def verbatim(lines):
    out = [".nf"]
    out += [esc(l) if l.strip() else "" for l in lines]
    out.append(".fi")
    # An empty line in .nf is a blank output line; roff prefers .sp for it.
    return [".sp" if l == "" else l for l in out]


def split_usage(text):
    """The leading usage block (up to the first blank line) and the rest."""
    lines = text.rstrip("\n").split("\n")
    i = 0
    while i < len(lines) and lines[i].strip():
        i += 1
    usage = [re.sub(r"^usage: ", "", l) for l in lines[:i]]
    usage = [re.sub(r"^       ", "", l) for l in usage]
    rest = lines[i:]
    while rest and not rest[0].strip():
        rest = rest[1:]
    return usage, rest


def parse_main(text):
    usage, rest = split_usage(text)
    desc, commands, tail, mode = [], [], [], "desc"
    for l in rest:
        if l == "commands:":
            mode = "commands"
            continue
        if mode == "commands":
            m = re.match(r"^  (\S+)\s+(.*)$", l)
            if m:
                commands.append((m.group(1), m.group(2)))
                continue
            if not l.strip():
                mode = "tail"
                continue
            die("unexpected line in the command list: %r" % l)
        (desc if mode == "desc" else tail).append(l)
    if not commands:
        die("--help lists no commands")
    exit_at = next((i for i, l in enumerate(tail) if l.startswith("exit status:")), None)
    if exit_at is None:
        die("--help has no 'exit status:' paragraph")
    return usage, desc, commands, tail[:exit_at], tail[exit_at:]


def parse_config(path):
    src = open(path, encoding="utf-8").read()
    rows = ENTRY.findall(src)
    if not rows:
        die("no settings table in %s" % path)
    names = [r[0] for r in rows]
    for n in names:
        if n not in MEANINGS:
            die("setting %s has no meaning in man/gen-man.py" % n)
    for n in MEANINGS:
        if n not in names:
            die("man/gen-man.py describes %s, which is not a setting of %s" % (n, path))
    for r in rows:
        if r[3] not in KINDS:
            die("unknown kind %s of %s" % (r[3], r[0]))
    return [(env, flag, None if d == "NULL" else d[1:-1], kind) for env, flag, d, kind in rows]


def main():
    if len(sys.argv) != 4:
        die("usage: gen-man.py BINARY CONFIG_C VERSION_FILE")
    binary, config_c, version_file = sys.argv[1:]
    version = open(version_file, encoding="utf-8").read().strip()
    usage, desc, commands, notes, exit_text = parse_main(help_of(binary))
    settings = parse_config(config_c)
    default = {env: d for env, _, d, _ in settings}

    out = [
        '.\\" Generated by man/gen-man.py from attest-init --help and src/config/config.c;',
        '.\\" do not edit (make man).',
        '.TH ATTEST\\-INIT 1 "" "attest\\-init %s" "User Commands"' % esc(version),
        ".nh",
        ".ad l",
        ".SH NAME",
        "attest\\-init \\- %s" % esc(lower_first(" ".join(l.strip() for l in desc if l.strip()).rstrip("."))),
        ".SH SYNOPSIS",
    ]
    out += verbatim(usage)
    cmd_help = {}
    for name, _ in commands:
        cusage, crest = split_usage(help_of(binary, name))
        cmd_help[name] = crest
        out += verbatim(cusage)
    out += [".SH DESCRIPTION"]
    out += [esc(l.strip()) for l in desc if l.strip()]
    out += [".PP"] + [esc(l.strip()) for l in notes if l.strip()]
    out += [
        ".PP",
        "Every setting below is also a flag and a NAME=value line of a configuration file",
        "(\\-\\-config FILE or ATTEST_CONFIG); a flag wins over the environment, the environment",
        "over the file, the file over the default. Misconfiguration is an error (exit 2), never a",
        "silent default.",
        ".SH COMMANDS",
    ]
    for name, summary in commands:
        out += [".SS %s" % esc(name), esc(summary)]
        if cmd_help[name]:
            out += [".PP"] + verbatim(cmd_help[name])
    out += [".SH ENVIRONMENT"]
    for env, flag, dflt, kind in settings:
        what = MEANINGS[env]
        if KINDS[kind]:
            what += " (%s)" % KINDS[kind]
        out += [".TP", "\\fB%s\\fR, \\fB\\-\\-%s\\fR" % (esc(env), esc(flag)), esc(what) + "."]
        out.append(esc("Default: %s." % dflt) if dflt else "Unset by default.")
    out += [".TP", "\\fBATTEST_CONFIG\\fR, \\fB\\-\\-config\\fR",
            "configuration file of NAME=value lines with the names above."]
    exit_lines = [l.strip() for l in exit_text if l.strip()]
    exit_lines[0] = re.sub(r"^exit status: *", "", exit_lines[0])
    out += [".SH EXIT STATUS"] + [esc(l) for l in exit_lines if l]
    out += [
        ".PP",
        "On failure standard error has exactly one line,",
        "attest\\-init: <layer>: <code>[ at offset N][: detail]; docs/reasons.md lists every code.",
        ".SH FILES",
    ]
    files = [
        (default["ATTEST_POLICY"], "the local policy (ATTEST_POLICY)"),
        ("/etc/attest-init/azure-vtpm-roots.pem", "the Azure vTPM CA certificates of the image"),
        ("/etc/attest-init/ca-bundle.pem", "the image's CA bundle for the provider's TLS"),
        (default["ATTEST_TCTI"].split(":", 1)[1], "the kernel's TPM resource manager (ATTEST_TCTI)"),
        (default["ATTEST_EVENTLOG"], "the TCG event log (ATTEST_EVENTLOG)"),
        (default["ATTEST_TOKEN_OUT"], "the verified token, written on success only (ATTEST_TOKEN_OUT)"),
        (default["ATTEST_TERMINATION_LOG"], "the block reason for Kubernetes (ATTEST_TERMINATION_LOG)"),
    ]
    for path, what in files:
        out += [".TP", "\\fI%s\\fR" % esc(path), esc(what)]
    out += [
        ".SH SEE ALSO",
        "README.md, docs/policy.md, docs/reasons.md, docs/audit.md, docs/deploy.md and",
        "docs/threat\\-model.md in the source tree.",
    ]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
