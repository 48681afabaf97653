--TEST--
A maintenance upgrade answers web requests with 503, Retry-After and Moodle's own words; no site code runs
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_state.inc';
$dir = state_tmpdir('page');
mkdir("$dir/moodle-upgrade");
file_put_contents("$dir/index.php", "<?php echo 'SITE CODE RAN';");
$state = "$dir/moodle-upgrade/state";
upgrade_lock(['upgrade' => 'maintenance', 'reason' => 'Moodle <5.1>', 'expected_end' => 4102444800], 0, $state);

$out = state_cgi(['upgrade.state_file' => $state], "$dir/index.php");
[$head, $body] = explode("\n\n", $out, 2);
var_dump(str_starts_with($head, 'Status: 503'));
preg_match('/^Retry-After: (\d+)$/m', $head, $m);
var_dump((int) $m[1]);                       // expected end in 2100: capped at an hour
var_dump(str_contains($head, "\nCache-Control: no-store"));
// Moodle's lang/en/error.php, $string['upgraderunning']
var_dump(str_contains($body, 'Site is being upgraded, please retry later.'));
var_dump(str_contains($body, '<p>Moodle &lt;5.1&gt;</p>'));
var_dump(str_contains($out, 'SITE CODE RAN'));

// An outageless upgrade never blocks requests.
upgrade_lock(['upgrade' => 'outageless'], 0, $state);
$out = state_cgi(['upgrade.state_file' => $state], "$dir/index.php");
var_dump(str_contains($out, 'Status: 503'), str_ends_with($out, 'SITE CODE RAN'));
state_rmdir($dir);
?>
--EXPECT--
bool(true)
int(3600)
bool(true)
bool(true)
bool(true)
bool(false)
bool(false)
bool(true)
