# The AzureGuest provider emulator's self-test (test/provider/test_provider.py, TAP) against
# ATTEST_BIN: real HTTPS, the swtpm fixture, evidence decrypt and jwt verify of that binary.
py=/usr/bin/python3
if ! [ -x "$py" ] || ! "$py" -c 'import cryptography' 2>/dev/null; then
	echo "ok - provider emulator self-test # SKIP python3-cryptography not installed"
	exit 0
fi
ATTEST_BIN=${ATTEST_BIN:?ATTEST_BIN} exec "$py" "$(dirname "$0")/../provider/test_provider.py"
