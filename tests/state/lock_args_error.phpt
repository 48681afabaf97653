--TEST--
upgrade_lock() argument errors: unknown meta keys, wrong types and values, negative ttl, no path
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_state.inc';
$f = sys_get_temp_dir() . '/upgrade-never-written.state';
state_try(fn () => upgrade_lock(['reson' => 'typo'], 0, $f));
state_try(fn () => upgrade_lock(['x'], 0, $f));
state_try(fn () => upgrade_lock(['reason' => 1], 0, $f));
state_try(fn () => upgrade_lock(['reason' => str_repeat('x', 1025)], 0, $f));
state_try(fn () => upgrade_lock(['upgrade' => 'full'], 0, $f));
state_try(fn () => upgrade_lock(['upgrade' => null], 0, $f));
state_try(fn () => upgrade_lock(['expected_end' => '1700000000'], 0, $f));
state_try(fn () => upgrade_lock(['expected_end' => -5], 0, $f));
state_try(fn () => upgrade_lock([], -1, $f));
state_try(fn () => upgrade_lock([], PHP_INT_MAX, $f));
state_try(fn () => upgrade_lock([], 0, ''));
state_try(fn () => upgrade_lock([], 0, "a\0b"));
state_try(fn () => upgrade_lock());
state_try(fn () => upgrade_unlock());
state_try(fn () => upgrade_heartbeat(10));
var_dump(file_exists($f));
?>
--EXPECT--
ValueError: upgrade_lock(): Argument #1 ($meta) contains unknown key "reson"
ValueError: upgrade_lock(): Argument #1 ($meta) must only have string keys, int key 0 given
TypeError: upgrade_lock(): Argument #1 ($meta) key "reason" must be of type string, int given
ValueError: upgrade_lock(): Argument #1 ($meta) key "reason" must be at most 1024 bytes long
ValueError: upgrade_lock(): Argument #1 ($meta) key "upgrade" must be "none", "outageless" or "maintenance"
TypeError: upgrade_lock(): Argument #1 ($meta) key "upgrade" must be of type string, null given
TypeError: upgrade_lock(): Argument #1 ($meta) key "expected_end" must be of type int, string given
ValueError: upgrade_lock(): Argument #1 ($meta) key "expected_end" must be greater than or equal to 0
ValueError: upgrade_lock(): Argument #2 ($ttl) must be greater than or equal to 0
ValueError: upgrade_lock(): Argument #2 ($ttl) is too large
ValueError: upgrade_lock(): Argument #3 ($state_file) cannot be empty
ValueError: upgrade_lock(): Argument #3 ($state_file) must not contain any null bytes
ValueError: upgrade_lock(): Argument #3 ($state_file) must be given when upgrade.state_file is not set
ValueError: upgrade_unlock(): Argument #1 ($state_file) must be given when upgrade.state_file is not set
ValueError: upgrade_heartbeat(): Argument #2 ($state_file) must be given when upgrade.state_file is not set
bool(false)
