#!/bin/bash
# Mutation testing, on demand (not run by scripts/test.sh): applies, one at a
# time, small deliberate bugs a reviewer would try (the list below), to a COPY
# of the tree in a temporary folder — an interrupted run never leaves a bug in
# the work tree — rebuilds, runs the suites that should catch the bug (the
# narrowest first, stopping at the first that fails; never valgrind), puts the
# file back, and prints a table: mutation, caught by, or SURVIVED.
#
#   sh scripts/mutants.sh            every mutation
#   sh scripts/mutants.sh 3 17       only those numbers
#   sh scripts/mutants.sh --list     the list, nothing run
#
# Exit status 0 when every mutation was caught (or is listed as equivalent).
# Needs what scripts/build.sh installs, and Moodle's tree for the
# command-line suites (tests/cli/_moodle_code.inc; MOODLE_TREES).
#
# Mutation list: a block per mutation,
#   @@ AREA: what the bug does | FILE | SUITE[,SUITE...] [| equivalent: why]
#   -old line (exact; several lines allowed, matched once in FILE)
#   +new line
# SUITE is phpt:PATH[:PATH...] (run-tests.php on those tests or folders),
# or the name of a tests/NAME/check (cli: PostgreSQL only, web: without its
# valgrind frontend).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
list=$(sed -n '/^__MUTANTS__$/,$p' "$0" | sed 1d)
only=("$@")

work=$(mktemp -d /tmp/upgrade-mutants.XXXXXX)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
trap 'echo "mutants: interrupted (the work tree was never touched)"; exit 130' INT TERM HUP

# Split the list into $work/m/N/{title,file,suites,old,new}.
php -r '
	$n = 0; $cur = null;
	foreach (explode("\n", $argv[1]) as $line) {
		if (str_starts_with($line, "@@ ")) {
			$n++;
			[$title, $file, $suites, $equiv] = array_pad(array_map("trim", explode("|", substr($line, 3), 4)), 4, "");
			$cur = "$argv[2]/$n";
			mkdir($cur, 0777, true);
			file_put_contents("$cur/title", $title);
			file_put_contents("$cur/file", $file);
			file_put_contents("$cur/suites", $suites);
			file_put_contents("$cur/equivalent", preg_replace("/^equivalent: */", "", $equiv));
			file_put_contents("$cur/old", "");
			file_put_contents("$cur/new", "");
		} elseif ($cur !== null && $line !== "" && ($line[0] === "-" || $line[0] === "+")) {
			file_put_contents($cur . ($line[0] === "-" ? "/old" : "/new"), substr($line, 1) . "\n", FILE_APPEND);
		}
	}' "$list" "$work/m"
count=$(ls "$work/m" | wc -l)

if [ "${1:-}" = --list ]; then
	for i in $(seq 1 "$count"); do
		printf '%2d  %s  [%s; %s]\n' "$i" "$(cat "$work/m/$i/title")" "$(cat "$work/m/$i/file")" "$(cat "$work/m/$i/suites")"
	done
	exit 0
fi

t0=$(date +%s)
echo "mutants: copying the tree (git's files, committed or not) to $work/tree"
mkdir "$work/tree"
(cd "$top" && git ls-files -z --cached --others --exclude-standard | tar --null --ignore-failed-read -T - -cf - 2>/dev/null) \
	| tar -xf - -C "$work/tree" || { echo "mutants: cannot copy the tree"; exit 1; }
tree=$work/tree
echo "mutants: building the copy"
(cd "$tree" && phpize >/dev/null && ./configure --enable-upgrade CFLAGS="-O0 -g -Werror" >/dev/null && make -s -j2 >/dev/null) \
	>"$work/build.log" 2>&1 || { cat "$work/build.log"; echo "mutants: the unmutated copy does not build"; exit 1; }
# Moodle's core_component for the command-line suites, unpacked once.
export MOODLE_TREES=${MOODLE_TREES:-$(cd "$top/.." && pwd)/shared/moodle}
. "$tree/tests/cli/_moodle_code.inc"
moodle_code_extract "$work/moodle" || exit 1
export MOODLE_CODE_CACHE=$work/moodle CLI_CHECK_DBS=pgsql WEB_CHECK_VALGRIND=0
runner=$(ls /usr/lib/php/*/build/run-tests.php | head -n 1)

# run_suite SUITE: 0 when the suite passes.
run_suite() {
	local s=$1 log=$work/suite.log
	case $s in
		phpt:*)
			local paths=() p
			IFS=: read -r -a paths <<<"${s#phpt:}"
			(cd "$tree" && NO_INTERACTION=1 REPORT_EXIT_STATUS=1 TEST_PHP_EXECUTABLE=$(command -v php) \
				php "$runner" -q -j2 -d extension="$tree/modules/upgrade.so" "${paths[@]}") >"$log" 2>&1
			;;
		*)
			[ -x "$tree/tests/$s/check" ] || { echo "no suite $s" >"$log"; return 2; }
			"$tree/tests/$s/check" >"$log" 2>&1
			;;
	esac
}

# A clean baseline: every suite the list names passes on the unmutated copy.
all_suites=$(for f in "$work"/m/*/suites; do tr ',' '\n' <"$f"; echo; done | sort -u)
echo "mutants: baseline run of $(echo $all_suites | wc -w) suites"
for s in $all_suites; do
	run_suite "$s" || { tail -n 30 "$work/suite.log"; echo "mutants: suite $s fails without any mutation"; exit 1; }
done

results=$work/results
: >"$results"
survived=0
for i in $(seq 1 "$count"); do
	if [ ${#only[@]} -gt 0 ] && ! printf '%s\n' "${only[@]}" | grep -qx "$i"; then
		continue
	fi
	m=$work/m/$i
	title=$(cat "$m/title") file=$(cat "$m/file") suites=$(cat "$m/suites")
	cp "$tree/$file" "$work/orig"
	if ! php -r '
		[$_, $f, $oldf, $newf] = $argv;
		$s = file_get_contents($f); $old = file_get_contents($oldf); $new = file_get_contents($newf);
		if (substr_count($s, $old) !== 1) { fwrite(STDERR, "matches " . substr_count($s, $old) . " times\n"); exit(1); }
		file_put_contents($f, str_replace($old, $new, $s));' "$tree/$file" "$m/old" "$m/new" 2>"$work/apply.err"; then
		verdict="NOT APPLIED ($(cat "$work/apply.err"))"
		survived=$((survived + 1))
	elif ! (cd "$tree" && make -s -j2 >"$work/make.log" 2>&1); then
		verdict="DOES NOT BUILD (fix the mutation): $(grep -m1 error "$work/make.log")"
		survived=$((survived + 1))
	else
		verdict=SURVIVED
		for s in ${suites//,/ }; do
			if ! run_suite "$s"; then
				verdict="caught by $s"
				break
			fi
		done
		if [ "$verdict" = SURVIVED ]; then
			if [ -s "$m/equivalent" ]; then
				verdict="survived, equivalent: $(cat "$m/equivalent")"
			else
				survived=$((survived + 1))
			fi
		fi
	fi
	cp "$work/orig" "$tree/$file"   # restored; the next build recompiles it
	printf '%2d | %s | %s\n' "$i" "$title" "$verdict" | tee -a "$results"
done
(cd "$tree" && make -s -j2 >/dev/null 2>&1)

secs=$(( $(date +%s) - t0 ))
echo
echo "| # | mutation | result |"
echo "|---:|---|---|"
sed 's/^ *\([0-9]*\) | \(.*\) | \(.*\)$/| \1 | \2 | \3 |/' "$results"
echo
echo "mutants: $(wc -l <"$results") applied, $survived not caught, in ${secs} s"
[ "$survived" -eq 0 ]
exit

__MUTANTS__
@@ hashing: an unreadable db/ file serialises as "" instead of PHP false | src/dirhash.c | phpt:tests/component
-			memcpy(p, "b:0;", 4);
-			p += 4;
+			memcpy(p, "s:0:\"\";", 7);
+			p += 7;

@@ hashing: core's lib/db is left out of the component hash | src/component_hash.c | phpt:tests/component,cli
-	upg_dirscan_push(ctx, dir, core, NULL);
+	(void) ctx;

@@ hashing: a db/ file's SHA-1 serialised in upper case | src/dirhash.c | phpt:tests/component
-			upg_hex(e->sha, UPG_SHA1_LEN, p + 6);
+			upg_hex(e->sha, UPG_SHA1_LEN, p + 6);
+			for (int u = 0; u < UPG_SHA1_HEX; u++) { if (p[6 + u] >= 'a') { p[6 + u] = (char) (p[6 + u] - 32); } }

@@ discovery: the (?!__) rule of plugin names dropped | src/discover.c | phpt:tests/component
-		if (i + 2 < n && s[i + 1] == '_' && s[i + 2] == '_') {
+		if (0 && i + 2 < n && s[i + 1] == '_' && s[i + 2] == '_') {

@@ discovery: auth/db no longer kept as a plugin | src/discover.c | phpt:tests/component
-	bool is_auth = zend_string_equals_literal(type, "auth");
+	bool is_auth = zend_string_equals_literal(type, "xauth");

@@ discovery: plugins not sorted by name (directory order) | src/discover.c | phpt:tests/component
-	zend_hash_sort(result, (bucket_compare_func_t) upg_key_compare, 0);
+	(void) upg_key_compare;

@@ discovery: subplugin types of tool plugins ignored | src/discover.c | phpt:tests/component
-	for (size_t i = 0; i < 3; i++) {
+	for (size_t i = 0; i < 2; i++) {

@@ version reader: a legacy octal literal (017) read as decimal | src/versions.c | phpt:tests/versions,scanner
-		base = 8, digits = buf + 1;
+		base = 10, digits = buf + 1;

@@ version reader: the leading minus of an integer version dropped | src/versions.c | phpt:tests/versions,scanner
-		ZVAL_LONG(out, negative ? -l : l);
+		ZVAL_LONG(out, l);

@@ version reader: an executed file's $module is not $plugin | src/version_exec.c | phpt:tests/versions
-	" $module = $plugin; include func_get_arg(0); return $plugin->version; },"
+	" $module = new stdClass; include func_get_arg(0); return $plugin->version; },"

@@ pending (extension): an empty stored versions hash means nothing pending | src/versions.c | phpt:tests/versions
-	if (!zend_is_true(core) || upg_str_is_empty(stored)) {
-		RETURN_TRUE;
+	if (!zend_is_true(core) || upg_str_is_empty(stored)) {
+		RETURN_FALSE;

@@ pending (CLI): an empty stored allversionshash means nothing pending | bin/moodle-upgrade-lib/core.php | rules,cli
-        $this->pending = empty($cfg['allversionshash']) || $code->versions_hash() !== $cfg['allversionshash'];
+        $this->pending = !empty($cfg['allversionshash']) && $code->versions_hash() !== $cfg['allversionshash'];

@@ maintenance (extension): an empty or missing stored allcomponenthash means no maintenance | src/component_hash.c | phpt:tests/component
-	if (upg_str_is_empty(stored)) {
-		RETURN_TRUE;
+	if (upg_str_is_empty(stored)) {
+		RETURN_FALSE;

@@ maintenance (CLI): an empty or missing stored allcomponenthash means no maintenance | bin/moodle-upgrade-lib/core.php | rules,cli
-        return $this->maintenance ??= $this->code->component_hash() !== ($this->stored['config']['allcomponenthash'] ?? '');
+        return $this->maintenance ??= ($this->stored['config']['allcomponenthash'] ?? '') !== '' && $this->code->component_hash() !== $this->stored['config']['allcomponenthash'];

@@ downgrade (CLI): a lower core version is not a downgrade | bin/moodle-upgrade-lib/core.php | cli
-            if ($old !== null && $now !== null && $now < $old) {
+            if ($old !== null && $now !== null && $now < $old && $component !== 'core') {

@@ exit codes: --is-pending answers 2, not 4, for a downgrade that changed the hash | bin/moodle-upgrade-lib/core.php | cli
-        return $this->downgrade ? EXIT_DOWNGRADE : ($this->pending ? EXIT_PENDING : EXIT_OK);
+        return $this->pending ? EXIT_PENDING : ($this->downgrade ? EXIT_DOWNGRADE : EXIT_OK);

@@ exit codes: an interrupted deploy exits 1, not 128 + the signal | bin/moodle-upgrade-lib/deploy.php | cli
-            $exit = $this->signal ? 128 + $this->signal : EXIT_ERROR;
+            $exit = EXIT_ERROR;

@@ exit codes: --set-ui-upgrade-lock also locks when maintenance is required (2) | bin/moodle-upgrade-lib/check.php | rules,cli
-            if ($exit === EXIT_NO_MAINTENANCE) {
+            if ($exit === EXIT_NO_MAINTENANCE || $exit === EXIT_PENDING) {

@@ state file: the checksum is not checked | src/state.c | phpt:tests/state
-	if (memcmp(hex, last + 5, UPG_SHA1_HEX) != 0) {
+	if (0 && memcmp(hex, last + 5, UPG_SHA1_HEX) != 0) {

@@ state file: a world-writable file is trusted | src/state.c | phpt:tests/state
-	if (st->st_mode & S_IWOTH) {
+	if (st->st_mode & S_IWOTH & 0) {

@@ state file: an expired lock still holds for a day | src/state.c | phpt:tests/state
-	return st->locked && st->expires > 0 && now >= st->expires;
+	return st->locked && st->expires > 0 && now >= st->expires + 86400;

@@ state file: its mode left to the umask instead of upgrade.state_file_mode | src/state.c | phpt:tests/state
-	if (fchmod(fd, (mode_t) mode) != 0 || !upg_write_all(fd, ZSTR_VAL(content), ZSTR_LEN(content)) || fsync(fd) != 0) {
+	if (!upg_write_all(fd, ZSTR_VAL(content), ZSTR_LEN(content)) || fsync(fd) != 0) {

@@ request hook: a bad state file does not fail closed | src/state_hook.c | phpt:tests/state
-		locked = true;   /* fail closed */
+		locked = false;   /* fail closed */

@@ request hook: recheck_ms read as seconds (a new lock reaches workers 1000x late) | src/state_hook.c | web
-	if (same_path && now - g->checked_ns < (uint64_t) g->recheck_ms * 1000000u) {
+	if (same_path && now - g->checked_ns < (uint64_t) g->recheck_ms * 1000000000u) {

@@ request hook: the maintenance 503 no longer lets the static theme paths through | src/state_hook.c | web
-		if (tlen > 0 && tlen <= plen && memcmp(path, item, tlen) == 0) {
+		if (0 && tlen > 0 && tlen <= plen && memcmp(path, item, tlen) == 0) {

@@ guard: a confirmupgrade sent by POST is not seen | src/state_hook.c | web
-	int tracks[2] = {TRACK_VARS_GET, TRACK_VARS_POST};
+	int tracks[2] = {TRACK_VARS_GET, TRACK_VARS_GET};

@@ guard: confirmplugincheck no longer starts the guard | src/state_hook.c | web
-static const char *const upg_confirm_keys[] = {"confirmupgrade", "confirmrelease", "confirmplugincheck"};
+static const char *const upg_confirm_keys[] = {"confirmupgrade", "confirmrelease", "confirmupgrade"};

@@ guard: /admin/ without index.php is not guarded by the request path | src/state_hook.c | web | equivalent: a server that runs /admin/ runs admin/index.php and names it as the script (path_translated), which the check before this one matches; the web suite's /admin/?confirmrelease case is answered 503 through it
-	return upg_ends_with(path, plen, suffix, (size_t) n - (sizeof("index.php") - 1));
+	return false;

@@ state file: a lock drops the recorded versions hash | src/state_functions.c | phpt:tests/state
-	upg_keep_versions_hash(cur, next);
-	next->locked = true;
+	(void) cur;
+	next->locked = true;

@@ state file: a versions hash in upper case is believed | src/state.c | phpt:tests/state
-		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) {
+		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F'))) {

@@ state file: format 1 (no versions_hash line) no longer read | src/state.c | phpt:tests/state
-	int nkeys = version >= 2 ? K_COUNT : K_VERSIONS_HASH;
+	int nkeys = K_COUNT;

@@ status answer: a client outside upgrade.status_allow is answered (whole bytes of the network not compared) | src/status.c | phpt:tests/status
-		if (memcmp(a, c->addr, bytes) != 0) {
+		if (0 && memcmp(a, c->addr, bytes) != 0) {

@@ status answer: a network prefix not on a byte boundary matches whole bytes only | src/status.c | phpt:tests/status
-		if (bits) {
+		if (0 && bits) {

@@ status answer: ready although this frontend's code does not match the site's | src/status.c | phpt:tests/status
-	} else if (hash && site_hash && !matches) {
+	} else if (0) {

@@ status answer: POST and other methods answered | src/status.c | phpt:tests/status
-	} else if (!method || (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)) {
+	} else if (!method) {

@@ status answer: a real file of the site at the status path is hidden by the answer | src/status.c | phpt:tests/status
-		if (stat(real, &st) == 0) {
+		if (0 && stat(real, &st) == 0) {

@@ status answer: any path starting with upgrade.status_path is answered | src/upgrade_status.h | phpt:tests/status
-		&& strncmp(uri, s->path, s->path_len) == 0 && (uri[s->path_len] == '\0' || uri[s->path_len] == '?');
+		&& strncmp(uri, s->path, s->path_len) == 0;

@@ status answer: a malformed upgrade.status_allow keeps the entries before the bad one | src/status.c | phpt:tests/status
-		sg->ncidrs = 0;
+		sg->allow_bad = false;

@@ cache: an entry trusted without checking the file's identity | src/cache.c | phpt:tests/cache
-	if (e->kind != kind || memcmp(&e->id, id, sizeof(*id)) != 0) {
+	if (e->kind != kind || (id && 0)) {

@@ cache: a file cached in the same tick as it was written is trusted (racy git) | src/cache.c | phpt:tests/cache
-	if (e->id.mtime_ns > e->cached_at_ns - UPG_RACY_MARGIN_NS
-			|| e->id.ctime_ns > e->cached_at_ns - UPG_RACY_MARGIN_NS) {
+	if (0) {

@@ locking: the database flag set before the state file | bin/moodle-upgrade-lib/lock.php | rules
-        $notes = [];
-        $why = null;
-        $f = $this->file($why);
-        if ($f !== null) {
-            $dir = dirname($f);
+        $notes = [];
+        if ($dbflag) {
+            $this->db->set_config('outagelessupgrade', '1');
+        }
+        $why = null;
+        $f = $this->file($why);
+        if ($f !== null) {
+            $dir = dirname($f);

@@ locking: the state file released before the database flag | bin/moodle-upgrade-lib/lock.php | rules
-        $notes = [];
-        if ($dbflag) {
-            $this->db->set_config('outagelessupgrade', '0');
+        $notes = [];
+        if (($f0 = $this->file()) !== null && file_exists($f0)) {
+            upgrade_unlock($f0);
+        }
+        if ($dbflag) {
+            $this->db->set_config('outagelessupgrade', '0');

@@ deploy: starts while another owner's live lock is held | bin/moodle-upgrade-lib/deploy.php | rules
-        if ($lock['status'] === 'held') {
+        if ($lock['status'] === 'held' && false) {

@@ deploy: starts while a live upgraderunning is set | bin/moodle-upgrade-lib/deploy.php | rules
-        if (!empty($cfg['upgraderunning']) && (int) $cfg['upgraderunning'] > time()) {
+        if (!empty($cfg['upgraderunning']) && (int) $cfg['upgraderunning'] < time()) {

@@ deploy: the heartbeat renews nothing | bin/moodle-upgrade-lib/lock.php | rules
-                upgrade_heartbeat($ttl, $f);
+                $ttl = (int) $ttl;

@@ deploy: a failed outageless upgrade leaves outagelessupgrade set | bin/moodle-upgrade-lib/deploy.php | cli
-        if ($this->path === 'outageless' && ($this->dblock || $this->ranupgrade)) {
+        if ($this->path === 'outageless' && $this->dblock && !$this->ranupgrade) {

@@ deploy: maintenance mode turned off after a half-way failure | bin/moodle-upgrade-lib/deploy.php | cli
-            if ($changed === false) {
+            if ($changed !== null) {

@@ hashing (one walk, upgrade_hashes, as the CLI uses it): core's lib/db left out | src/hashes.c | phpt:tests/component/hashes_combined.phpt,cli
-	upg_dirscan_push(dirs, db, core, NULL);
+	(void) dirs;

@@ version reader (scanner): a "$name" string read as a literal instead of run | src/version_scan.c | scanner
-			if (s < e && (IS_LABEL_START(*s) || *s == '{')) {
+			if (0 && s < e && (IS_LABEL_START(*s) || *s == '{')) {

@@ version reader (scanner): the "\t" escape read as a plain t | src/version_scan.c | scanner
-			case 't': c = '\t'; break;
+			case 't': c = 't'; break;

@@ cache file: one writable by other users is loaded | src/cache_file.c | phpt:tests/cache
-	} else if (st.st_mode & (S_IWGRP | S_IWOTH)) {
+	} else if (st.st_mode & (S_IWGRP | S_IWOTH) & 0) {

@@ snapshot diff: a changed db/ file is not reported | src/snapshot.c | phpt:tests/snapshot
-		} else if (!zend_is_identical(o, v)) {
+		} else if (0 && !zend_is_identical(o, v)) {

@@ snapshot diff: a lowered version is not flagged as a downgrade | src/snapshot.c | phpt:tests/snapshot
-			if (cmp < 0) {
-				downgrade = true;
+			if (cmp < 0) {
+				downgrade = false;
