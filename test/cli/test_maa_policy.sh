#!/bin/sh
# policies/maa/: the provider-side policies parse as Azure Attestation policy language 1.0 (the
# subset they use: docs of policies/maa/README.md) and name only claims an AzureGuest token
# carries (the provider emulator's claim set, test/provider/azureguest_token.py); the checker
# itself refuses broken policies.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CHECK=$ROOT/test/cli/maa_policy_check.py
# shellcheck disable=SC2046
set -- $(grep -o '"\(secureboot\|x-ms-[a-z0-9-]*\)"' "$ROOT/test/provider/azureguest_token.py" | tr -d '"' | sort -u)
CLAIMS="$*"
[ $# -gt 20 ] && ok "the emulator's claim set has $# names" || notok "claim names not found ($#)"
for f in "$ROOT"/policies/maa/*.txt; do
	expect "$(basename "$f") is a valid AzureGuest policy" 0 python3 "$CHECK" "$f" "$@"
done
grep -q 'x-ms-sevsnpvm-is-debuggable", value==true] => deny' "$ROOT/policies/maa/aks-cvm.txt" &&
	ok "aks-cvm.txt denies a debuggable SNP guest" || notok "aks-cvm.txt lacks the SNP debug rule"
bad() { # DESC TEXT: the checker refuses TEXT
	printf '%s' "$2" >"$TMP/bad.txt"
	# shellcheck disable=SC2086
	expect "checker refuses $1" 1 python3 "$CHECK" "$TMP/bad.txt" $CLAIMS
}
bad "a missing version" 'authorizationrules{=> permit();};issuancerules{};'
printf 'version=1.0;authorizationrules{[type=="secureboot", value==false] => deny();=> permit();};issuancerules{};' >"$TMP/good.txt"
# shellcheck disable=SC2086
expect "checker accepts a minimal valid policy" 0 python3 "$CHECK" "$TMP/good.txt" $CLAIMS
bad "an unknown claim" 'version=1.0;authorizationrules{[type=="x-ms-no-such", value==true] => deny();=> permit();};issuancerules{};'
bad "no final permit" 'version=1.0;authorizationrules{[type=="secureboot", value==false] => deny();};issuancerules{};'
bad "a rule without its semicolon" 'version=1.0;authorizationrules{[type=="secureboot", value==false] => deny() => permit();};issuancerules{};'
bad "a missing issuancerules section" 'version=1.0;authorizationrules{=> permit();};'
