#!/bin/sh
# Runs the whole test suite: the phpt tests normally, then again under
# valgrind (run-tests.php -m, USE_ZEND_ALLOC=0). Any failure or leak fails.
# The last line is "N passed, N failed" (", N skipped" when some were).
set -u
cd "$(dirname "$0")/.."
ext="$PWD/modules/upgrade.so"
[ -f "$ext" ] || { echo "test: $ext is missing; run scripts/build.sh first" >&2; exit 1; }
runner=$(ls /usr/lib/php/*/build/run-tests.php 2>/dev/null | head -n 1)
[ -n "$runner" ] || { echo "test: run-tests.php is missing (apt-get install php8.2-dev; scripts/build.sh does it)" >&2; exit 1; }
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
passed=0 failed=0 skipped=0

# One run-tests.php pass; adds its counts to the totals.
phpt_pass() {
	name=$1; shift
	echo "== phpt ($name)"
	NO_INTERACTION=1 REPORT_EXIT_STATUS=1 TEST_PHP_EXECUTABLE=$(command -v php) \
		php "$runner" -q --show-diff -j2 -d extension="$ext" "$@" tests/ >"$log/$name.txt" 2>&1
	p=$(sed -n 's/^Tests passed *: *\([0-9]*\).*/\1/p' "$log/$name.txt")
	f=$(sed -n 's/^Tests failed *: *\([0-9]*\).*/\1/p' "$log/$name.txt")
	l=$(sed -n 's/^Tests leaked *: *\([0-9]*\).*/\1/p' "$log/$name.txt")
	b=$(grep -c '^BORK' "$log/$name.txt")
	s=$(sed -n 's/^Tests skipped *: *\([0-9]*\).*/\1/p' "$log/$name.txt")
	if [ -z "$p" ]; then
		cat "$log/$name.txt"
		failed=$((failed + 1))
		return
	fi
	if [ $((${f:-0} + ${l:-0} + b)) -gt 0 ]; then
		cat "$log/$name.txt"   # the failing tests with their diffs
	fi
	passed=$((passed + p)); failed=$((failed + ${f:-0} + ${l:-0} + b)); skipped=$((skipped + ${s:-0}))
	echo "   $name: passed ${p}, failed ${f:-0}, leaked ${l:-0}, borked $b, skipped ${s:-0}"
}

phpt_pass normal
USE_ZEND_ALLOC=0 ZEND_DONT_UNLOAD_MODULES=1 phpt_pass valgrind -m

# Extra suites (C unit tests, differential tests) are tests/*/check. A check
# that cannot be run (no execute bit, its interpreter missing) is a failure,
# never a silent skip.
for check in tests/*/check; do
	echo "== $check"
	if [ ! -x "$check" ]; then
		echo "FAIL: $check is not executable (chmod +x, and git update-index --chmod=+x)"
		failed=$((failed + 1))
		continue
	fi
	interp=$(sed -n '1s/^#! *\([^ ]*\).*/\1/p' "$check")
	if [ -z "$interp" ] || [ ! -x "$interp" ]; then
		echo "FAIL: $check cannot run: its interpreter '${interp:-none}' (first line) is missing"
		failed=$((failed + 1))
		continue
	fi
	"$check"
	rc=$?
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
	else
		[ "$rc" -eq 126 ] || [ "$rc" -eq 127 ] && echo "FAIL: $check could not be run (exit $rc)"
		echo "FAIL: $check exited $rc"
		failed=$((failed + 1))
	fi
done

if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
