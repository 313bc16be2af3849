#!/bin/sh
# The image's CA bundle (policies/ca-bundle.pem): every certificate is named by
# its true SHA-256 fingerprint and is Debian's ca-certificates file it names;
# exactly the four Azure TLS roots; and the checker refuses each way to get it wrong.
. test/release/lib.sh
check=release/ca_bundle_check.py
bundle=policies/ca-bundle.pem
debian=/usr/share/ca-certificates

expect "fingerprint comments match the certificates" 0 python3 $check $bundle
if [ -d "$debian/mozilla" ]; then
	expect "each certificate is byte for byte its Debian ca-certificates file" 0 \
		python3 $check --debian $debian $bundle
else
	skip "each certificate is its Debian file: $debian/mozilla absent (apt-get install ca-certificates)"
fi
python3 $check $bundle >"$TMP/list" 2>/dev/null
cat >"$TMP/want" <<'LIST'
CB:3C:CB:B7:60:31:E5:E0:13:8F:8D:D3:9A:23:F9:DE:47:FF:C3:5E:43:C1:14:4C:EA:27:D4:6A:5A:B1:CB:5F mozilla/DigiCert_Global_Root_G2.crt
31:AD:66:48:F8:10:41:38:C7:38:F3:9E:A4:32:01:33:39:3E:3A:18:CC:02:29:6E:F9:7C:2A:C9:EF:67:31:D0 mozilla/DigiCert_Global_Root_G3.crt
C7:41:F7:0F:4B:2A:8D:88:BF:2E:71:C1:41:22:EF:53:EF:10:EB:A0:CF:A5:E6:4C:FA:20:F4:18:85:30:73:E0 mozilla/Microsoft_RSA_Root_Certificate_Authority_2017.crt
35:8D:F3:9D:76:4A:F9:E1:B7:66:E9:C9:72:DF:35:2E:E1:5C:FA:C2:27:AF:6A:D1:D7:0E:8E:4A:6E:DC:BA:02 mozilla/Microsoft_ECC_Root_Certificate_Authority_2017.crt
LIST
if cmp -s "$TMP/list" "$TMP/want"; then
	ok "the bundle is exactly the four Azure TLS roots (DigiCert G2/G3, Microsoft RSA/ECC 2017)"
else
	notok "the bundle is exactly the four Azure TLS roots: got $(cat "$TMP/list")"
fi

# Negative cases: each on a changed copy.
sed '0,/^# SHA-256: CB:3C/s//# SHA-256: CB:3D/' $bundle >"$TMP/wrong-fp.pem"
expect "a wrong fingerprint comment is refused" 1 python3 $check "$TMP/wrong-fp.pem"
sed '0,/^# SHA-256: /{/^# SHA-256: /d}' $bundle >"$TMP/no-fp.pem"
expect "a certificate without fingerprint comment is refused" 1 python3 $check "$TMP/no-fp.pem"
sed -n '/^# DigiCert Global Root G2$/,/^-----END CERTIFICATE-----$/p' $bundle >"$TMP/one.pem"
cat $bundle "$TMP/one.pem" >"$TMP/dup.pem"
expect "a certificate listed twice is refused" 1 python3 $check "$TMP/dup.pem"
{ cat $bundle; echo; sed -n '/^-----BEGIN/,/^-----END/p' "$TMP/one.pem"; } >"$TMP/unnamed.pem"
expect "an unnamed extra certificate is refused" 1 python3 $check "$TMP/unnamed.pem"
{ cat $bundle; echo "stray text"; } >"$TMP/stray.pem"
expect "text outside certificates that is not a comment is refused" 1 python3 $check "$TMP/stray.pem"
awk '/^MIIDjjCC/ { sub(/^MIIDjjCC/, "MIIDjjCD") } { print }' $bundle >"$TMP/flip.pem"
expect "a changed certificate byte no longer matches its fingerprint" 1 python3 $check "$TMP/flip.pem"
if [ -d "$debian/mozilla" ]; then
	sed 's|^# source: mozilla/DigiCert_Global_Root_G2.crt|# source: mozilla/DigiCert_Global_Root_G3.crt|' $bundle >"$TMP/src.pem"
	expect "a certificate that is not the Debian file it names is refused" 1 \
		python3 $check --debian $debian "$TMP/src.pem"
fi
