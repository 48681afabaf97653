--TEST--
Status answer: unlocked site whose recorded versions hash matches this frontend's code: 200, JSON, no-store, every field typed
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('ready');
$dir = state_tmpdir('status-ready');
$state = "$dir/state";
$hash = upgrade_versions_hash($root);
upgrade_unlock($state);
upgrade_record_versions_hash($hash, $state);

$r = status_get(['upgrade.state_file' => $state, 'upgrade.status_path' => '/upgrade-status'], "$root/public");
var_dump($r['status'], $r['headers']['content-type'], $r['headers']['cache-control']);
var_dump(str_contains($r['raw'], 'SITE CODE RAN'));
$j = status_json($r);
status_shape($j);
var_dump($j['status'], $j['ready'], $j['reasons']);
var_dump($j['host'] === gethostname(), $j['pid'] !== getmypid());
var_dump(abs($j['time'] - microtime(true)) < 60);
// this frontend's code: the same hash as upgrade_versions_hash() (one version file executed)
var_dump($j['code']['versions_hash'] === $hash, $j['code']['site_versions_hash'] === $hash, $j['code']['matches']);
var_dump($j['state_file']['status'], $j['state_file']['format'], $j['state_file']['recheck_ms']);
$st = stat($state);
$id = $j['state_file']['identity'];
var_dump($id['dev'] === $st['dev'], $id['ino'] === $st['ino'], $id['size'] === $st['size']);
[$sec, $ns] = explode('.', $id['ctime']);
var_dump((int) $id['mtime'] === $st['mtime'], $sec === (string) $st['ctime'] && strlen($ns) === 9 && ctype_digit($ns));
var_dump($j['state_file']['revalidated_ms_ago'] >= 0 && $j['state_file']['revalidated_ms_ago'] < 60000);
// never the state file's path (the dataroot)
var_dump(str_contains($r['body'], $dir), str_contains($r['body'], basename($dir)));
state_rmdir($dir);
upg_test_rmtree($root);
?>
--EXPECT--
int(200)
string(16) "application/json"
string(8) "no-store"
bool(false)
status: int
ready: bool
reasons: array
host: string
pid: int
time: float
lock.locked: bool
lock.ui_locked: bool
lock.upgrade: string
lock.outageless: bool
lock.source: string
lock.owner.host: string
lock.owner.pid: int
lock.owner.user: string
lock.reason: string
lock.since: int
lock.expires: int
lock.expected_end: int
lock.expired: bool
lock.problem: null
state_file.status: string
state_file.format: int
state_file.identity.dev: int
state_file.identity.ino: int
state_file.identity.size: int
state_file.identity.mtime: string
state_file.identity.ctime: string
state_file.revalidated: float
state_file.revalidated_ms_ago: int
state_file.recheck_ms: int
code.versions_hash: string
code.site_versions_hash: string
code.matches: bool
code.error: null
int(200)
bool(true)
array(0) {
}
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
string(2) "ok"
int(2)
int(1000)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
bool(false)
