--TEST--
Status answer: upgrade.ui_lock=1 over an unlocked file: ui_locked from the INI (source "ini"), the file's lock false, still ready
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('inilock');
$dir = state_tmpdir('status-inilock');
$state = "$dir/state";
upgrade_record_versions_hash(upgrade_versions_hash($root), $state);
$r = status_get(['upgrade.state_file' => $state, 'upgrade.status_path' => '/upgrade-status', 'upgrade.ui_lock' => 1,
    'upgrade.outageless' => 1], "$root/public");
$j = status_json($r);
var_dump($r['status'], $j['lock']['locked'], $j['lock']['ui_locked'], $j['lock']['outageless'], $j['lock']['source'], $j['lock']['upgrade']);
state_rmdir($dir);
upg_test_rmtree($root);
?>
--EXPECT--
int(200)
bool(false)
bool(true)
bool(true)
string(3) "ini"
string(4) "none"
