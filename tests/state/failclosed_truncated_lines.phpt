--TEST--
Fail closed: a file cut at a line boundary (no checksum line), empty, foreign or oversized is refused
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_state.inc';
$dir = state_tmpdir('truncated');
$file = "$dir/upgrade.state";
$good = file_get_contents(__DIR__ . '/fixtures/locked.state');
$lines = explode("\n", $good);
file_put_contents($file, implode("\n", array_slice($lines, 0, 5)) . "\n");
state_try(fn () => upgrade_state_read($file));
file_put_contents($file, '');
state_try(fn () => upgrade_state_read($file));
file_put_contents($file, "garbage\n");
state_try(fn () => upgrade_state_read($file));
file_put_contents($file, str_repeat("x", 9000));
state_try(fn () => upgrade_state_read($file));
echo state_child(['upgrade.state_file' => $file], 'var_dump(upgrade_ui_locked());');
state_rmdir($dir);
?>
--EXPECTF--
UpgradeException: State file %s/upgrade.state is truncated (no checksum line; torn write?)
UpgradeException: State file %s/upgrade.state is empty (torn write?)
UpgradeException: State file %s/upgrade.state is not an upgrade state file (bad first line)
UpgradeException: State file %s/upgrade.state is too large (over 8192 bytes)
%AWarning: PHP Request Startup: upgrade.state_file %s/upgrade.state is too large (over 8192 bytes); failing closed: the UI upgrade lock is held in Unknown on line 0
bool(true)
