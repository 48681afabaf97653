--TEST--
upgrade_state(): the file's state plus this request's view, types fixed
--EXTENSIONS--
upgrade
--INI--
upgrade.state_file={PWD}/fixtures/locked.state
--FILE--
<?php
foreach (upgrade_state() as $k => $v) {
    echo $k, ': ', var_export($v, true), "\n";
}
var_dump(upgrade_ui_locked(), upgrade_outageless());
// The file part is what upgrade_state_read() gives.
$read = upgrade_state_read(__DIR__ . '/fixtures/locked.state');
var_dump($read === array_slice(upgrade_state(), 0, count($read)));
?>
--EXPECTF--
version: 1
locked: true
upgrade: 'none'
reason: 'Upgrade to 4.5.1'
expected_end: 0
since: 1732390000
expires: 0
expired: false
host: 'cron1'
pid: 4242
user: 'www-data'
versions_hash: NULL
ui_locked: true
outageless: false
source: 'file'
state_file: '%s/fixtures/locked.state'
problem: NULL
warning: NULL
bool(true)
bool(false)
bool(true)
