--TEST--
upgrade_record_versions_hash(): records the hash with the lock untouched; a missing file is created unlocked; returns the state written
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_state.inc';
$dir = state_tmpdir('record');
$state = "$dir/state";
$h1 = str_repeat('0123456789abcdef', 2) . '01234567';
$h2 = sha1('two');

// no file yet: created unlocked, format 2
$w = upgrade_record_versions_hash($h1, $state);
var_dump($w['version'], $w['locked'], $w['versions_hash'] === $h1, $w === upgrade_state_read($state));
var_dump(decoct(fileperms($state) & 0777));

// over a held lock: everything but the hash stays as it was
$lock = upgrade_lock(['upgrade' => 'outageless', 'reason' => 'deploy'], 300, $state);
$w = upgrade_record_versions_hash($h2, $state);
unset($lock['versions_hash'], $w['versions_hash']);
var_dump($w === $lock, upgrade_state_read($state)['versions_hash'] === $h2);
state_rmdir($dir);
?>
--EXPECT--
int(2)
bool(false)
bool(true)
bool(true)
string(3) "640"
bool(true)
bool(true)
