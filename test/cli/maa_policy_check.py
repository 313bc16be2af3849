#!/usr/bin/env python3
"""A structural check of an Azure Attestation policy (version 1.0 text form, as policies/maa/
uses it): version line, authorizationrules and issuancerules sections, every rule
`[type=="T", value OP V] => permit()|deny();` or `=> permit();`, and every claim type one of the
names given on the command line. Exit 0 ok, 1 with one line naming the problem."""
import re
import sys

RULE = re.compile(r'\[type=="([a-z0-9-]+)",\s*value\s*(==|!=)\s*(true|false|-?[0-9]+|"[^"]*")\]'
                  r'\s*=>\s*(permit|deny)\(\);')
BARE = re.compile(r'=>\s*(permit|deny)\(\);')


def check(text, known):
    m = re.fullmatch(r'\s*version=1\.0;\s*authorizationrules\s*\{(.*?)\};\s*'
                     r'issuancerules\s*\{(.*?)\};\s*', text, re.S)
    if not m:
        return "not version=1.0; authorizationrules {...}; issuancerules {...};"
    rules, issuance = m.group(1), m.group(2)
    if issuance.strip():
        return "issuancerules must be empty here"
    pos, last = 0, None
    body = rules.strip()
    while pos < len(body):
        while pos < len(body) and body[pos].isspace():
            pos += 1
        if pos >= len(body):
            break
        r = RULE.match(body, pos) or BARE.match(body, pos)
        if not r:
            return "bad rule at: " + body[pos:pos + 40]
        if r.re is RULE and r.group(1) not in known:
            return "unknown claim type " + r.group(1)
        last = r
        pos = r.end()
    if last is None or last.re is not BARE or last.group(1) != "permit":
        return "the last rule must be an unconditional => permit();"
    return None


def main():
    path, known = sys.argv[1], set(sys.argv[2:])
    with open(path, encoding="ascii") as f:
        problem = check(f.read(), known)
    if problem:
        print("%s: %s" % (path, problem))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
