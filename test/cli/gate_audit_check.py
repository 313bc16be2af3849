#!/usr/bin/python3
"""Checks one audit trail of `attest-init run` (docs/audit.md, version 1) for test_gate.sh.

    gate_audit_check.py TRAIL allow
    gate_audit_check.py TRAIL block STEP REASON_REGEX EXIT

Always: one JSON object per line, members in the documented order, seq from 0, prev = SHA-256
of the previous line (64 zeros first), the nine steps in order, the verdict last with
chain_head = its prev and records = its seq. allow: every step pass, reason null, verdict allow,
exit 0. block: the steps before STEP pass, STEP fails with a reason matching REASON_REGEX
(STEP "?": the first failing step, whichever it is), every later step not_run with duration 0,
the verdict block with the same reason and exit EXIT. Prints what is wrong; exit 0 when right.
"""
import hashlib
import json
import re
import sys

STEPS = ["config", "policy_load", "evidence_collect", "evidence_precheck", "provider_exchange",
         "token_verify", "policy_eval", "token_write", "verdict"]
MEMBERS = ["v", "seq", "time", "step", "outcome", "reason", "duration_ms", "facts", "prev"]
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def main():
    path, kind = sys.argv[1], sys.argv[2]
    raw = open(path, "rb").read()
    if not raw.endswith(b"\n"):
        return "trail does not end with a newline (%d bytes)" % len(raw)
    recs, prev = [], "0" * 64
    for i, line in enumerate(raw[:-1].split(b"\n")):
        rec = json.loads(line)
        if list(rec) != MEMBERS:
            return "line %d: members %s" % (i + 1, list(rec))
        if rec["v"] != 1 or rec["seq"] != i or rec["prev"] != prev:
            return "line %d: v/seq/prev chain broken" % (i + 1)
        if not TIME.match(rec["time"]) or not isinstance(rec["duration_ms"], int):
            return "line %d: time %r duration %r" % (i + 1, rec["time"], rec["duration_ms"])
        prev = hashlib.sha256(line).hexdigest()
        recs.append(rec)
    steps = [r["step"] for r in recs]
    if steps != STEPS:
        return "steps %s" % steps
    verdict = recs[-1]
    facts = verdict["facts"]
    if facts.get("chain_head") != verdict["prev"] or facts.get("records") != verdict["seq"]:
        return "verdict chain_head/records wrong: %s" % facts
    if kind == "allow":
        bad = [(r["step"], r["outcome"], r["reason"]) for r in recs[:-1]
               if r["outcome"] != "pass" or r["reason"] is not None]
        if bad or verdict["outcome"] != "allow" or verdict["reason"] is not None or facts.get("exit") != 0:
            return "not an allow trail: %s; verdict %s %s" % (bad, verdict["outcome"], verdict["reason"])
        return None
    step, want, code = sys.argv[3], sys.argv[4], int(sys.argv[5])
    if step == "?":
        fails = [r["step"] for r in recs[:-1] if r["outcome"] == "fail"]
        if not fails:
            return "no failing step"
        step = fails[0]
    at = STEPS.index(step)
    for r in recs[:at]:
        if r["outcome"] != "pass":
            return "step %s before %s: %s %s" % (r["step"], step, r["outcome"], r["reason"])
    fail = recs[at]
    if fail["outcome"] != "fail" or not isinstance(fail["reason"], str) or not re.match(want, fail["reason"]):
        return "step %s: outcome %s reason %r, wanted fail %r" % (step, fail["outcome"], fail["reason"], want)
    for r in recs[at + 1:-1]:
        if r["outcome"] != "not_run" or r["duration_ms"] != 0 or r["reason"] is not None:
            return "step %s after the failure: %s %s" % (r["step"], r["outcome"], r["reason"])
    if verdict["outcome"] != "block" or verdict["reason"] != fail["reason"] or facts.get("exit") != code:
        return "verdict %s %r exit %r, wanted block %r exit %d" % (
            verdict["outcome"], verdict["reason"], facts.get("exit"), fail["reason"], code)
    return None


if __name__ == "__main__":
    try:
        err = main()
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, OSError) as e:
        err = "unreadable trail: %s" % e
    if err:
        print(err)
        sys.exit(1)
