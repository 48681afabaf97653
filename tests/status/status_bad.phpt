--TEST--
Status answer: a corrupt state file: status "bad", locked (failing closed), the problem without the path, 503
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('bad');
$r = status_get(['upgrade.state_file' => __DIR__ . '/../state/fixtures/corrupt.state', 'upgrade.status_path' => '/upgrade-status'], "$root/public");
$j = status_json($r);
var_dump($r['status'], $j['ready'], $j['reasons']);
var_dump($j['state_file']['status'], $j['state_file']['format'], $j['state_file']['identity']);
var_dump($j['lock']['locked'], $j['lock']['ui_locked'], $j['lock']['upgrade'], $j['lock']['source'], $j['lock']['owner'], $j['lock']['problem']);
var_dump($j['code']['site_versions_hash'], str_contains($r['body'], 'fixtures'), str_contains($r['body'], 'corrupt.state'));
upg_test_rmtree($root);
?>
--EXPECT--
int(503)
bool(false)
array(1) {
  [0]=>
  string(89) "the state file is unusable (it has a bad checksum (torn or corrupt file)): failing closed"
}
string(3) "bad"
NULL
NULL
bool(true)
bool(true)
string(4) "none"
string(4) "file"
NULL
string(41) "has a bad checksum (torn or corrupt file)"
NULL
bool(false)
bool(false)
