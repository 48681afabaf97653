--TEST--
Status answer: during a maintenance upgrade the status path gets the JSON answer (503, the reason), not the maintenance page; other paths get the page
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('maint');
$dir = state_tmpdir('status-maint');
$state = "$dir/state";
upgrade_record_versions_hash(upgrade_versions_hash($root), $state);
upgrade_lock(['upgrade' => 'maintenance', 'expected_end' => 4102444800], 0, $state);
$ini = ['upgrade.state_file' => $state, 'upgrade.status_path' => '/upgrade-status'];

$r = status_get($ini, "$root/public");
$j = status_json($r);
var_dump($r['status'], $r['headers']['content-type'], $j['status'], $j['ready'], $j['reasons']);
var_dump($j['lock']['upgrade'], $j['lock']['expected_end'], $j['code']['matches']);

$r = status_get($ini, "$root/public", '/index.php');
var_dump($r['status'], str_contains($r['body'], 'Site is being upgraded'), str_contains($r['raw'], 'SITE CODE RAN'));
state_rmdir($dir);
upg_test_rmtree($root);
?>
--EXPECT--
int(503)
string(16) "application/json"
int(503)
bool(false)
array(1) {
  [0]=>
  string(32) "a maintenance upgrade is running"
}
string(11) "maintenance"
int(4102444800)
bool(true)
int(503)
bool(true)
bool(false)
