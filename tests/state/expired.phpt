--TEST--
An expired lock reads as unlocked, with a warning naming who left it
--EXTENSIONS--
upgrade
--INI--
upgrade.state_file={PWD}/fixtures/expired.state
--FILE--
<?php
$s = upgrade_state();
var_dump(upgrade_ui_locked(), $s['locked'], $s['expired'], $s['upgrade'], $s['user'], $s['source']);
echo $s['warning'], "\n";
$r = upgrade_state_read(__DIR__ . '/fixtures/expired.state');
var_dump($r['locked'], $r['expired']);
?>
--EXPECTF--
Warning: PHP Request Startup: upgrade.state_file %s/fixtures/expired.state: the lock left by www-data@cron1 (pid 4242) since 2024-11-23 19:26:40 UTC expired at 2024-11-23 20:26:40 UTC; treated as unlocked in Unknown on line 0
bool(false)
bool(false)
bool(true)
string(4) "none"
string(8) "www-data"
string(4) "file"
upgrade.state_file %s/fixtures/expired.state: the lock left by www-data@cron1 (pid 4242) since 2024-11-23 19:26:40 UTC expired at 2024-11-23 20:26:40 UTC; treated as unlocked

Warning: upgrade_state_read(): State file %s/fixtures/expired.state: the lock left by www-data@cron1 (pid 4242) since 2024-11-23 19:26:40 UTC expired at 2024-11-23 20:26:40 UTC; treated as unlocked in %s on line %d
bool(false)
bool(true)
