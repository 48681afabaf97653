--TEST--
Status answer without upgrade.state_file: state file "off", never revalidated, not ready (the site's hash is unknown)
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('off');
$r = status_get(['upgrade.status_path' => '/upgrade-status', 'upgrade.recheck_ms' => 250], "$root/public");
$j = status_json($r);
var_dump($r['status'], $j['reasons'], $j['state_file'], $j['lock']['source'], $j['code']['versions_hash'] === upgrade_versions_hash($root));
upg_test_rmtree($root);
?>
--EXPECT--
int(503)
array(1) {
  [0]=>
  string(85) "no state file is configured (upgrade.state_file): the site's versions hash is unknown"
}
array(6) {
  ["status"]=>
  string(3) "off"
  ["format"]=>
  NULL
  ["identity"]=>
  NULL
  ["revalidated"]=>
  NULL
  ["revalidated_ms_ago"]=>
  NULL
  ["recheck_ms"]=>
  int(250)
}
string(4) "none"
bool(true)
