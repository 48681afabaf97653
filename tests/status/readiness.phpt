--TEST--
upgrade_readiness(): the verdict computed now from the same code as the status answer: same status, ready, reasons, lock and code for the same site and state file
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('readiness');
$dir = state_tmpdir('readiness');
$state = "$dir/state";
$ini = ['upgrade.state_file' => $state, 'upgrade.status_path' => '/upgrade-status'];
$same = function (string $what) use ($root, $state, $ini) {
    $now = upgrade_readiness($root, $state);
    $http = status_json(status_get($ini, "$root/public"));
    $keys = ['status', 'ready', 'reasons', 'lock', 'code'];
    $diff = array_filter($keys, fn ($k) => $now[$k] !== $http[$k]);
    echo str_pad($what, 12), $now['status'], ' ', $diff ? 'DIFFERS in ' . implode(', ', $diff) : 'same as HTTP', "\n";
    return $now;
};
$same('missing');
upgrade_unlock($state);
$same('unrecorded');
upgrade_record_versions_hash(sha1('other code'), $state);
$same('mismatch');
upgrade_record_versions_hash(upgrade_versions_hash($root), $state);
$r = $same('ready');
var_dump($r['state_file']['status'], $r['state_file']['revalidated_ms_ago'], abs($r['state_file']['revalidated'] - microtime(true)) < 60);
upgrade_lock(['upgrade' => 'maintenance'], 0, $state);
$same('maintenance');
// the state file comes from upgrade.state_file when not given; neither: "off"
$r = upgrade_readiness($root);
var_dump($r['state_file']['status'], $r['ready']);
state_rmdir($dir);
upg_test_rmtree($root);
?>
--EXPECT--
missing     503 same as HTTP
unrecorded  503 same as HTTP
mismatch    503 same as HTTP
ready       200 same as HTTP
string(2) "ok"
int(0)
bool(true)
maintenance 503 same as HTTP
string(3) "off"
bool(false)
