--TEST--
State file format 2: versions_hash read (40 lowercase hex, or empty); format 1 still read (no versions_hash); a hash in another form, a format-2 file without the line, or a format-1 file with it, fail closed
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_state.inc';
foreach (['locked.state', 'format2.state', 'format2_unrecorded.state', 'format2_badhash.state', 'format2_nohash.state', 'format1_hash.state'] as $f) {
    echo "$f: ";
    try {
        $s = upgrade_state_read(__DIR__ . "/fixtures/$f");
        echo 'format ', $s['version'], ', versions_hash ', var_export($s['versions_hash'], true), ', locked ', var_export($s['locked'], true), "\n";
    } catch (UpgradeException $e) {
        echo substr($e->getMessage(), strlen(__DIR__ . "/fixtures/$f") + 12), "\n";
    }
}
// The hook sees the same: upgrade_state() of a format-2 file
echo state_child(['upgrade.state_file' => __DIR__ . '/fixtures/format2.state'],
    '$s = upgrade_state(); echo $s["version"], " ", $s["versions_hash"], " ", var_export($s["ui_locked"], true), "\n";');
?>
--EXPECT--
locked.state: format 1, versions_hash NULL, locked true
format2.state: format 2, versions_hash '012345678901234567890123456789abcdef0123', locked true
format2_unrecorded.state: format 2, versions_hash NULL, locked true
format2_badhash.state: has an invalid value for "versions_hash"
format2_nohash.state: has no "versions_hash" line
format1_hash.state: has an unknown key on line 11
2 012345678901234567890123456789abcdef0123 true
