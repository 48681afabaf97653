--TEST--
upgrade_heartbeat() extends a held lock and keeps who holds it
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_state.inc';
$dir = state_tmpdir('heartbeat');
$file = "$dir/upgrade.state";
$l = upgrade_lock(['reason' => 'long step', 'upgrade' => 'outageless'], 10, $file);
$h = upgrade_heartbeat(3600, $file);
var_dump($h['locked'], $h['upgrade'], $h['reason'], $h['since'] === $l['since']);
var_dump($h['expires'] >= time() + 3599 && $h['expires'] <= time() + 3600);
$h = upgrade_heartbeat(0, $file);
var_dump($h['expires']);
var_dump(upgrade_state_read($file) === $h);
state_rmdir($dir);
?>
--EXPECT--
bool(true)
string(10) "outageless"
string(9) "long step"
bool(true)
bool(true)
int(0)
bool(true)
