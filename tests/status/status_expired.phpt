--TEST--
Status answer: a lapsed lock is reported as not held (locked false, expired true), with its owner and times; the expiry warning is left to the site's requests
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('expired');
$r = status_get(['upgrade.state_file' => __DIR__ . '/../state/fixtures/expired.state', 'upgrade.status_path' => '/upgrade-status'], "$root/public");
$j = status_json($r);
$l = $j['lock'];
var_dump($l['locked'], $l['ui_locked'], $l['upgrade'], $l['expired'], $l['expires'], $l['since'], $l['owner']['host'], $l['source']);
var_dump(str_contains($r['raw'], 'Warning'));
upg_test_rmtree($root);
?>
--EXPECT--
bool(false)
bool(false)
string(4) "none"
bool(true)
int(1732393600)
int(1732390000)
string(5) "cron1"
string(4) "file"
bool(false)
