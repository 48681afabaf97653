--TEST--
Status answer: 503 when this frontend's code does not match the site's recorded versions hash, 200 once it does
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('mismatch');
$dir = state_tmpdir('status-mismatch');
$state = "$dir/state";
$ini = ['upgrade.state_file' => $state, 'upgrade.status_path' => '/upgrade-status', 'upgrade.recheck_ms' => 0];
$old = upgrade_versions_hash($root);
// The site was upgraded to a newer forum than this frontend has.
upg_set_version("$root/public/mod/forum/version.php", '2024100200');
$new = upgrade_versions_hash($root);
upg_set_version("$root/public/mod/forum/version.php", '2024100100');
upgrade_record_versions_hash($new, $state);

$j = status_json($r = status_get($ini, "$root/public"));
var_dump($r['status'], $j['code']['matches'], $j['code']['versions_hash'] === $old, $j['code']['site_versions_hash'] === $new);
echo $j['reasons'][0] === "this frontend's code (versions hash $old) does not match the site's ($new)" ? "reason names both\n" : $j['reasons'][0];

// The new code is deployed on this frontend: ready.
upg_set_version("$root/public/mod/forum/version.php", '2024100200');
$j = status_json($r = status_get($ini, "$root/public"));
var_dump($r['status'], $j['ready'], $j['code']['matches']);
state_rmdir($dir);
upg_test_rmtree($root);
?>
--EXPECT--
int(503)
bool(false)
bool(true)
bool(true)
reason names both
int(200)
bool(true)
bool(true)
