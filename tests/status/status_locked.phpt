--TEST--
Status answer: an outageless lock as this worker sees it (owner, reason, since, expires); an outageless upgrade does not make the frontend unready
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('locked');
$dir = state_tmpdir('status-locked');
$state = "$dir/state";
upgrade_record_versions_hash(upgrade_versions_hash($root), $state);
$w = upgrade_lock(['upgrade' => 'outageless', 'reason' => 'deploy 5.1.1'], 600, $state);

$r = status_get(['upgrade.state_file' => $state, 'upgrade.status_path' => '/upgrade-status'], "$root/public");
$j = status_json($r);
var_dump($r['status'], $j['ready']);
$l = $j['lock'];
var_dump($l['locked'], $l['ui_locked'], $l['upgrade'], $l['outageless'], $l['source']);
var_dump($l['owner'] === ['host' => $w['host'], 'pid' => $w['pid'], 'user' => $w['user']]);
var_dump($l['reason'], $l['since'] === $w['since'], $l['expires'] === $w['since'] + 600, $l['expected_end'], $l['expired'], $l['problem']);
state_rmdir($dir);
upg_test_rmtree($root);
?>
--EXPECT--
int(200)
bool(true)
bool(true)
bool(true)
string(10) "outageless"
bool(true)
string(4) "file"
bool(true)
string(12) "deploy 5.1.1"
bool(true)
bool(true)
int(0)
bool(false)
NULL
