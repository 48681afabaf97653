--TEST--
Status answer: a configured state file that does not exist: status "missing", no owner, not ready (nothing recorded)
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('missing');
$dir = state_tmpdir('status-missing');
$r = status_get(['upgrade.state_file' => "$dir/state", 'upgrade.status_path' => '/upgrade-status'], "$root/public");
$j = status_json($r);
var_dump($r['status'], $j['reasons']);
var_dump($j['state_file']['status'], $j['state_file']['format'], $j['state_file']['identity'], is_float($j['state_file']['revalidated']));
var_dump($j['lock']['locked'], $j['lock']['source'], $j['lock']['owner'], $j['lock']['problem']);
var_dump($j['code']['versions_hash'] === upgrade_versions_hash($root), $j['code']['site_versions_hash'], $j['code']['matches']);
// The missing-file warning belongs to the site's requests, not to the JSON.
var_dump(str_contains($r['raw'], 'Warning'));
state_rmdir($dir);
upg_test_rmtree($root);
?>
--EXPECT--
int(503)
array(1) {
  [0]=>
  string(117) "the state file does not exist, so the site's versions hash is not recorded (run moodle-upgrade state init, or deploy)"
}
string(7) "missing"
NULL
NULL
bool(true)
bool(false)
string(4) "none"
NULL
NULL
bool(true)
NULL
bool(false)
bool(false)
