--TEST--
Status answer: 503 when the state file records no versions hash (a format-1 file, or one never recorded)
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('unrecorded');
$ini = ['upgrade.status_path' => '/upgrade-status'];
foreach (['unlocked.state', 'format2_unrecorded.state'] as $f) {
    $j = status_json($r = status_get($ini + ['upgrade.state_file' => __DIR__ . "/../state/fixtures/$f"], "$root/public"));
    var_dump($r['status'], $j['state_file']['format'], $j['code']['site_versions_hash'], $j['code']['matches'], $j['reasons']);
}
upg_test_rmtree($root);
?>
--EXPECT--
int(503)
int(1)
NULL
bool(false)
array(1) {
  [0]=>
  string(101) "the site's versions hash is not recorded in the state file (run moodle-upgrade state init, or deploy)"
}
int(503)
int(2)
NULL
bool(false)
array(1) {
  [0]=>
  string(101) "the site's versions hash is not recorded in the state file (run moodle-upgrade state init, or deploy)"
}
