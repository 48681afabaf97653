--TEST--
upgrade_lock() writes the state atomically and returns it; upgrade_unlock() records who unlocked
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_state.inc';
$dir = state_tmpdir('lock');
$file = "$dir/upgrade.state";
$before = time();
$s = upgrade_lock(['reason' => 'Upgrade to 4.5.1', 'upgrade' => 'maintenance', 'expected_end' => $before + 600], 300, $file);
var_dump($s['locked'], $s['upgrade'], $s['reason'], $s['expected_end'] === $before + 600);
var_dump($s['since'] >= $before, $s['expires'] - $s['since'], $s['pid'] === getmypid(), $s['host'] === gethostname());
var_dump($s['user'] === posix_getpwuid(posix_geteuid())['name']);
var_dump(upgrade_state_read($file) === $s);
printf("%o\n", fileperms($file) & 0777);
echo preg_replace('/^(since|expires|expected_end|pid|host|user|sha1)=.*$/m', '$1=...', file_get_contents($file));
var_dump(glob("$dir/.*tmp"));

$u = upgrade_unlock($file);
var_dump($u['locked'], $u['upgrade'], $u['reason'], $u['expires'], $u['pid'] === getmypid());
var_dump(upgrade_state_read($file) === $u);
// The lock without meta: the UI lock only.
$l = upgrade_lock([], 0, $file);
var_dump($l['locked'], $l['upgrade'], $l['expires']);
state_rmdir($dir);
?>
--EXPECT--
bool(true)
string(11) "maintenance"
string(16) "Upgrade to 4.5.1"
bool(true)
bool(true)
int(300)
bool(true)
bool(true)
bool(true)
bool(true)
640
upgrade-state 2
locked=1
upgrade=maintenance
since=...
expires=...
expected_end=...
pid=...
host=...
user=...
reason=Upgrade to 4.5.1
versions_hash=
sha1=...
array(0) {
}
bool(false)
string(4) "none"
string(0) ""
int(0)
bool(true)
bool(true)
bool(true)
string(4) "none"
int(0)
