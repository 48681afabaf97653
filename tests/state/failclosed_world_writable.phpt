--TEST--
Fail closed: a state file writable by others locks the UI, warns naming path and mode; upgrade_state_read() throws
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_state.inc';
$dir = state_tmpdir('world-writable');
$file = "$dir/upgrade.state";
upgrade_unlock($file);
chmod($file, 0666);
echo state_child(['upgrade.state_file' => $file],
    '$s = upgrade_state(); var_dump(upgrade_ui_locked(), $s["source"]); echo $s["problem"], "\n";');
state_try(fn () => upgrade_state_read($file));
// Group-writable is fine: the group is the web servers' own.
chmod($file, 0660);
echo state_child(['upgrade.state_file' => $file], 'var_dump(upgrade_ui_locked());');
state_rmdir($dir);
?>
--EXPECTF--
%AWarning: PHP Request Startup: upgrade.state_file %s/upgrade.state is writable by others (mode 0666): anyone could change the lock; failing closed: the UI upgrade lock is held in Unknown on line 0
bool(true)
string(4) "file"
is writable by others (mode 0666): anyone could change the lock
UpgradeException: State file %s/upgrade.state is writable by others (mode 0666): anyone could change the lock
bool(false)
