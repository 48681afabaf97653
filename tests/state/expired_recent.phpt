--TEST--
A lock whose ttl ran out a moment ago reads as expired (unlocked, with the warning), in upgrade_state_read() and in the next request's hook
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_state.inc';
$dir = state_tmpdir('expired-recent');
$f = "$dir/upgrade.state";
upgrade_lock(['reason' => 'short'], 3, $f);   // 3 s: still held at the first read, even under valgrind on a loaded machine
$s = upgrade_state_read($f);
var_dump($s['locked'], $s['expired']);
sleep(4);   // the ttl was 3 s: the lock has lapsed whatever the machine's load
$s = @upgrade_state_read($f);
var_dump($s['locked'], $s['expired']);
echo state_child(['upgrade.state_file' => $f, 'log_errors' => '0', 'display_errors' => '0', 'display_startup_errors' => '0'],
    'echo json_encode([upgrade_ui_locked(), upgrade_state()["expired"]]);'), "\n";
state_rmdir($dir);
?>
--EXPECT--
bool(true)
bool(false)
bool(false)
bool(true)
[false,true]
