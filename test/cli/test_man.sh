# man/attest-init.1: regenerated from the binary under test it is identical to the committed page
# (not stale); it has every section, every command --help lists and every setting of the config
# table; groff and man render it without warnings; a changed --help or an undocumented setting
# is caught; `make install-files PREFIX=...` installs the binary and the page.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PAGE=$ROOT/man/attest-init.1
GEN=$ROOT/man/gen-man.py
CONFIG_C=$ROOT/src/config/config.c
VERSION=$ROOT/VERSION

if /usr/bin/python3 "$GEN" "$BIN" "$CONFIG_C" "$VERSION" >"$TMP/page.1" 2>"$TMP/err"; then
	ok "gen-man.py generates the page"
else
	notok "gen-man.py generates the page: $(cat "$TMP/err")"
fi
if cmp -s "$TMP/page.1" "$PAGE"; then
	ok "man/attest-init.1 is up to date (make man)"
else
	notok "man/attest-init.1 is stale: run make man ($(diff "$PAGE" "$TMP/page.1" | head -n 4 | tr '\n' ' '))"
fi

for s in NAME SYNOPSIS DESCRIPTION COMMANDS ENVIRONMENT "EXIT STATUS" FILES; do
	check "section $s" "grep -qx '.SH $s' '$PAGE'"
done
for c in $("$BIN" --help | awk '/^commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {exit}'); do
	check "command $c has its subsection" "grep -qx '.SS $c' '$PAGE'"
done
n=0
for e in $(grep -o '"ATTEST_[A-Z_]*"' "$CONFIG_C" | tr -d '"'); do
	grep -q "^\\\\fB$e\\\\fR, " "$PAGE" || notok "setting $e is in ENVIRONMENT"
	n=$((n + 1))
done
check "ENVIRONMENT lists all $n settings of the config table" "[ $n -ge 20 ] && [ \$(grep -c '^\\\\fBATTEST_[A-Z_]*\\\\fR, ' '$PAGE') -eq $((n + 1)) ]"

# Rendering: groff's warnings (-ww) and man's; neither may say anything.
if command -v groff >/dev/null 2>&1; then
	groff -man -Tutf8 -ww -z "$PAGE" 2>"$TMP/gw"
	check "groff renders without warnings" "[ ! -s '$TMP/gw' ]"
	[ -s "$TMP/gw" ] && sed 's/^/#   /' "$TMP/gw" | head -n 5
	MANWIDTH=80 man --warnings -l "$PAGE" >"$TMP/man.txt" 2>"$TMP/mw"
	check "man -l renders without warnings" "[ ! -s '$TMP/mw' ] && grep -q 'ATTEST_TOKEN_OUT' '$TMP/man.txt'"
else
	skip "groff absent: rendering not checked"
fi

# Negative cases: the staleness check and the generator's checks can fail.
cat >"$TMP/fakebin" <<EOF
#!/bin/sh
"$BIN" "\$@" | sed 's/parse and replay a TCG event log/parse and replay an event log/'
EOF
chmod +x "$TMP/fakebin"
/usr/bin/python3 "$GEN" "$TMP/fakebin" "$CONFIG_C" "$VERSION" >"$TMP/changed.1" 2>/dev/null
check "a changed --help makes the committed page stale" "! cmp -s '$TMP/changed.1' '$PAGE'"
sed '/\[CFG_PROXY\] =/i\
    [CFG_NEW] = {"ATTEST_NEW_SETTING", "new-setting", NULL, CFG_KIND_TEXT},' "$CONFIG_C" >"$TMP/config.c"
expect_err "a setting without a meaning is refused" 1 "setting ATTEST_NEW_SETTING has no meaning" \
	/usr/bin/python3 "$GEN" "$BIN" "$TMP/config.c" "$VERSION"
grep -v '"ATTEST_PROXY"' "$CONFIG_C" >"$TMP/config2.c"
expect_err "a meaning without a setting is refused" 1 "describes ATTEST_PROXY, which is not a setting" \
	/usr/bin/python3 "$GEN" "$BIN" "$TMP/config2.c" "$VERSION"
printf '#!/bin/sh\nexit 2\n' >"$TMP/failbin"
chmod +x "$TMP/failbin"
expect "a binary whose --help fails is refused" 1 /usr/bin/python3 "$GEN" "$TMP/failbin" "$CONFIG_C" "$VERSION"

# make install-files: the binary and the page under PREFIX (and DESTDIR).
if make --no-print-directory -s -C "$ROOT" install-files INSTALL_BIN="$BIN" PREFIX=/opt/ai DESTDIR="$TMP/dest" >"$TMP/out" 2>&1; then
	check "install: bin/attest-init is the binary, mode 0755" "cmp -s '$BIN' '$TMP/dest/opt/ai/bin/attest-init' && [ \$(stat -c %a '$TMP/dest/opt/ai/bin/attest-init') = 755 ]"
	check "install: share/man/man1/attest-init.1 is the page, mode 0644" "cmp -s '$PAGE' '$TMP/dest/opt/ai/share/man/man1/attest-init.1' && [ \$(stat -c %a '$TMP/dest/opt/ai/share/man/man1/attest-init.1') = 644 ]"
else
	notok "make install-files: $(head -c 300 "$TMP/out")"
fi
