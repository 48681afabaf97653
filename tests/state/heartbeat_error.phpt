--TEST--
upgrade_heartbeat() without a held lock is an UpgradeException; a negative ttl a ValueError
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_state.inc';
$dir = state_tmpdir('heartbeat-error');
$file = "$dir/upgrade.state";
state_try(fn () => upgrade_heartbeat(60, $file));
upgrade_unlock($file);
state_try(fn () => upgrade_heartbeat(60, $file));
state_try(fn () => upgrade_heartbeat(-1, $file));
copy(__DIR__ . '/fixtures/expired.state', $file);
state_try(fn () => upgrade_heartbeat(60, $file));
copy(__DIR__ . '/fixtures/corrupt.state', $file);
state_try(fn () => upgrade_heartbeat(60, $file));
state_rmdir($dir);
?>
--EXPECTF--
UpgradeException: State file %s/upgrade.state: no upgrade lock is held (the file does not exist)
UpgradeException: State file %s/upgrade.state: no upgrade lock is held
ValueError: upgrade_heartbeat(): Argument #1 ($ttl) must be greater than or equal to 0
UpgradeException: State file %s/upgrade.state: the lock left by www-data@cron1 (pid 4242) since 2024-11-23 19:26:40 UTC expired at 2024-11-23 20:26:40 UTC; treated as unlocked, so no upgrade lock is held
UpgradeException: State file %s/upgrade.state has a bad checksum (torn or corrupt file)
