#!/bin/sh
# Static checks over the project's own C sources (not third_party):
#   1. clang-format: the tree is formatted (.clang-format)
#   2. banned functions (curl/s2n style): unbounded copies, sprintf family, atoi family, strtok, gets
#   3. every reason names an entry of the reason registry (src/core/reasons.def)
#   4. cppcheck (warning, portability, performance) and clang-tidy (test/clang-tidy.cfg checks)
set -u
cd "$(dirname "$0")/.."
fail=0
mkdir -p build
files=$(git ls-files -co --exclude-standard -- 'src/*.c' 'src/*.h' 'test/unit/*.c' 'test/unit/*.h' 'fuzz/*.c' 2>/dev/null ||
	find src test/unit fuzz -name '*.[ch]')

bad=$(for f in $files; do [ -f "$f" ] && ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1 && echo "$f"; done)
if [ -n "$bad" ]; then
	echo "lint: not clang-formatted (run clang-format -i):" $bad
	fail=1
else
	echo "lint: clang-format clean ($(echo "$files" | wc -w) files)"
fi

banned='\<(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|atoll|strtok|alloca|strncpy|strncat|tmpnam|mktemp)[[:space:]]*\('
hits=$(for f in $files; do [ -f "$f" ] && grep -HnE "$banned" "$f"; done | grep -v 'lint: allow')
if [ -n "$hits" ]; then
	echo "lint: banned functions:"
	echo "$hits"
	fail=1
else
	echo "lint: no banned functions"
fi

# Every reason comes from the registry (src/core/reasons.def, docs/reasons.md): call sites
# name an entry (err_fail / err_relabel / cli_usage_error with an R_ id), so an unlisted code
# cannot compile. Forbidden: the old string API, writing err fields by hand, hand-written
# error lines, usage errors without a code. core/err.c is the one place that fills an err.
reg=$(for f in $files; do
	[ -f "$f" ] || continue
	grep -HnE '\<(err_setc?|jose_relabel)[[:space:]]*\(' "$f"
	grep -HnE 'cli_usage_error\([^,]*,[[:space:]]*"' "$f"
	case "$f" in src/core/err.c) continue ;; esac
	grep -HnE '(->|\.)[[:space:]]*(id|layer|reason|cls)[[:space:]]*=[^=]' "$f"
	case "$f" in src/*) grep -HnE '"attest-init: [a-z_]+: ' "$f" ;; esac
done | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(\*|/\*|//)' | grep -v 'lint: allow')
if [ -n "$reg" ]; then
	echo "lint: reasons outside the registry (use err_fail/err_relabel with an R_ id):"
	echo "$reg"
	fail=1
else
	echo "lint: every reason names a registry entry"
fi

# The Makefile passes the third-party headers of the current dependency cache.
inc="-Isrc -Ibuild/gen -I${ATTEST_DEPS_INCLUDE:?set by make lint}"
srcs=$(echo "$files" | tr ' ' '\n' | grep '^src/.*\.c$')
if cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance --std=c11 \
	--inline-suppr --suppress=missingIncludeSystem $inc $srcs 2>build/cppcheck.log; then
	echo "lint: cppcheck clean"
else
	echo "lint: cppcheck findings:"
	cat build/cppcheck.log
	fail=1
fi

if clang-tidy --quiet --config-file=test/clang-tidy.cfg $srcs -- -std=c11 -D_DEFAULT_SOURCE \
	-D_POSIX_C_SOURCE=200809L $inc >build/clang-tidy.log 2>&1; then
	echo "lint: clang-tidy clean"
else
	echo "lint: clang-tidy findings:"
	grep -E 'warning:|error:' build/clang-tidy.log | head -n 40
	fail=1
fi
exit $fail
