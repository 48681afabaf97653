--TEST--
Every write keeps the recorded versions hash: upgrade_lock(), upgrade_heartbeat(), upgrade_unlock(); a format-1 file is rewritten as format 2
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_state.inc';
$dir = state_tmpdir('carry');
$state = "$dir/state";
$h = sha1('site');
upgrade_record_versions_hash($h, $state);
echo upgrade_lock(['upgrade' => 'maintenance'], 60, $state)['versions_hash'] === $h ? "lock keeps it\n" : "lock lost it\n";
echo upgrade_heartbeat(120, $state)['versions_hash'] === $h ? "heartbeat keeps it\n" : "heartbeat lost it\n";
echo upgrade_unlock($state)['versions_hash'] === $h ? "unlock keeps it\n" : "unlock lost it\n";
echo str_contains(file_get_contents($state), "\nversions_hash=$h\n") ? "in the file\n" : "not in the file\n";

// a format-1 file (an older extension wrote it): read, then written as format 2
copy(__DIR__ . '/fixtures/locked.state', $state);
chmod($state, 0640);
$r = upgrade_state_read($state);
var_dump($r['version'], $r['versions_hash']);
$w = upgrade_unlock($state);
var_dump($w['version'], $w['versions_hash'], strtok(file_get_contents($state), "\n"));
state_rmdir($dir);
?>
--EXPECT--
lock keeps it
heartbeat keeps it
unlock keeps it
in the file
int(1)
NULL
int(2)
NULL
string(15) "upgrade-state 2"
