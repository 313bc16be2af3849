#!/usr/bin/python3
"""Seeds for fuzz/audit_verify.c (audit_verify): intact audit trails of a few shapes, written
independently of the gate's writer (src/audit/audit_record.c) from docs/audit.md: an allowed
run with the facts an auditor needs, and runs blocked at the first step (usage), at evidence
collection (transient) and at the last step (policy denied). Deterministic; nothing here comes
from ../shared. test/cli/test_audit.sh uses the same seeds as intact trails.

Usage: fuzz/gen/audit_trail.py [OUTDIR]   (default fuzz/corpus/audit_verify)"""
import hashlib
import json
import os
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus/audit_verify"

STEPS = ["config", "policy_load", "evidence_collect", "evidence_precheck",
         "provider_exchange", "token_verify", "policy_eval", "token_write"]
# The exit status of each reason used here: its class in src/core/reasons.def.
EXIT = {"config: bad_value": 2, "tpm: tpm_unreachable": 3, "policy: denied": 1}


def line(obj):
    """Compact JSON as src/json/json_writer writes it (ASCII-only content here)."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=True)


def facts_of(step):
    """Digests and identifiers an auditor needs; synthetic values."""
    return {
        "config": {"isolation": "sevsnp", "provider": "https://sharedeus2.eus2.attest.azure.net"},
        "policy_load": {"policy_sha256": hashlib.sha256(b"policy").hexdigest()},
        "evidence_collect": {
            "ak_cert_subject": "CN=Global Virtual TPM CA - 03", "ak_cert_serial": "33000000ab",
            "nonce": "6e" * 32, "pcrs": {str(i): hashlib.sha256(bytes([i])).hexdigest()
                                         for i in (0, 1, 7)},
            "eventlog_sha256": hashlib.sha256(b"log").hexdigest(), "eventlog_events": 42},
        "evidence_precheck": {"replay_matches_quote": True},
        "provider_exchange": {"request_sha256": hashlib.sha256(b"req").hexdigest(),
                              "http_status": 200},
        "token_verify": {"jti": "0123abcd", "iss": "https://sharedeus2.eus2.attest.azure.net",
                         "exp": 1767229200},
        "policy_eval": {"rules": [{"rule": "claims.0", "pass": True}], "failed": 0},
        "token_write": {"written": True},
    }[step]


def trail(fail_at=None, reason=None, start_ms=1767225600000):
    out, prev, t = [], "0" * 64, start_ms
    for seq, step in enumerate(STEPS):
        if fail_at is not None and seq > fail_at:
            outcome, why, dur, facts = "not_run", None, 0, {}
        elif seq == fail_at:
            outcome, why, dur, facts = "fail", reason, 7, {}
        else:
            outcome, why, dur, facts = "pass", None, 3 + seq, facts_of(step)
        t += dur
        rec = {"v": 1, "seq": seq, "time": stamp(t), "step": step, "outcome": outcome,
               "reason": why, "duration_ms": dur, "facts": facts, "prev": prev}
        out.append(line(rec))
        prev = hashlib.sha256(out[-1].encode()).hexdigest()
    n = len(STEPS)
    rec = {"v": 1, "seq": n, "time": stamp(t + 1), "step": "verdict",
           "outcome": "allow" if reason is None else "block", "reason": reason,
           "duration_ms": t + 1 - start_ms,
           "facts": {"exit": 0 if reason is None else EXIT[reason], "records": n,
                     "chain_head": prev},
           "prev": prev}
    out.append(line(rec))
    return "".join(s + "\n" for s in out)


def stamp(ms):
    import datetime
    d = datetime.datetime.fromtimestamp(ms // 1000, datetime.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (ms % 1000)


def main():
    os.makedirs(OUT, exist_ok=True)
    seeds = {
        "gen-allow.jsonl": trail(),
        "gen-block-config.jsonl": trail(0, "config: bad_value"),
        "gen-block-tpm.jsonl": trail(2, "tpm: tpm_unreachable"),
        "gen-block-policy.jsonl": trail(6, "policy: denied", start_ms=1830297599990),
    }
    for name, text in seeds.items():
        with open(os.path.join(OUT, name), "w", newline="\n") as f:
            f.write(text)


if __name__ == "__main__":
    main()
