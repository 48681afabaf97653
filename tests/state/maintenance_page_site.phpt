--TEST--
The maintenance 503 serves the site's DATAROOT/climaintenance.html when there is one, or upgrade.maintenance_page
--EXTENSIONS--
upgrade
--INI--
; PCRE's JIT code reads memory valgrind takes for uninitialised (run-tests -m)
pcre.jit=0
--FILE--
<?php
require __DIR__ . '/_state.inc';
$dir = state_tmpdir('sitepage');
file_put_contents("$dir/index.php", "<?php echo 'SITE CODE RAN';");
$lock = ['upgrade' => 'maintenance', 'reason' => 'r', 'expected_end' => 4102444800];
// What Moodle's admin/cli/maintenance.php --enable writes (any bytes: served as they are).
$page = "<!DOCTYPE html>\n<html><body>Custom maintenance \xC3\xA9 page</body></html>\n";
function body(string $out): string { return explode("\n\n", $out, 2)[1] ?? "(no body) $out"; }
function status(string $out): string { return strtok($out, "\n"); }

echo "-- the command-line tool's layout: DATAROOT/moodle-upgrade/state\n";
mkdir("$dir/data/moodle-upgrade", 0755, true);
upgrade_lock($lock, 0, "$dir/data/moodle-upgrade/state");
$ini = ['upgrade.state_file' => "$dir/data/moodle-upgrade/state"];
file_put_contents("$dir/data/climaintenance.html", $page);
$out = state_cgi($ini, "$dir/index.php");
var_dump(status($out), body($out) === $page, str_contains($out, "\nRetry-After: 3600\n"));

echo "-- the state file directly in the dataroot\n";
upgrade_lock($lock, 0, "$dir/data/upgrade.state");
$out = state_cgi(['upgrade.state_file' => "$dir/data/upgrade.state"], "$dir/index.php");
var_dump(status($out), body($out) === $page);

echo "-- no climaintenance.html: the built-in page\n";
unlink("$dir/data/climaintenance.html");
$out = state_cgi($ini, "$dir/index.php");
var_dump(status($out), str_contains(body($out), 'Site is being upgraded, please retry later.'));

echo "-- upgrade.maintenance_page names the page\n";
file_put_contents("$dir/page.html", "<p>elsewhere</p>\n");
$out = state_cgi($ini + ['upgrade.maintenance_page' => "$dir/page.html"], "$dir/index.php");
var_dump(status($out), body($out));

echo "-- a page that cannot be served: the built-in page, and a warning naming it\n";
mkdir("$dir/data/climaintenance.html");
$out = state_cgi($ini + ['display_errors' => '0', 'log_errors' => '1', 'error_log' => "$dir/php.log"], "$dir/index.php");
var_dump(status($out), str_contains(body($out), 'Site is being upgraded, please retry later.'));
echo str_replace($dir, 'DIR', preg_replace('/^\[[^]]*\] /m', '', file_get_contents("$dir/php.log")));
var_dump(str_contains($out, 'SITE CODE RAN'));
state_rmdir($dir);
?>
--EXPECT--
-- the command-line tool's layout: DATAROOT/moodle-upgrade/state
string(31) "Status: 503 Service Unavailable"
bool(true)
bool(true)
-- the state file directly in the dataroot
string(31) "Status: 503 Service Unavailable"
bool(true)
-- no climaintenance.html: the built-in page
string(31) "Status: 503 Service Unavailable"
bool(true)
-- upgrade.maintenance_page names the page
string(31) "Status: 503 Service Unavailable"
string(17) "<p>elsewhere</p>
"
-- a page that cannot be served: the built-in page, and a warning naming it
string(31) "Status: 503 Service Unavailable"
bool(true)
PHP Warning:  PHP Request Startup: upgrade: maintenance page DIR/data/climaintenance.html is not a regular file; serving the built-in page in Unknown on line 0
bool(false)
