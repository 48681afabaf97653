--TEST--
Temporary files left by killed writers never block the next writer, and are cleaned up
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_state.inc';
$dir = state_tmpdir('stale');
$file = "$dir/upgrade.state";
$host = preg_replace('/[^A-Za-z0-9-]/', '_', substr(gethostname(), 0, 32));
// A dead writer of this host (pid 0x7ffffffe cannot exist), an old one of another host, a fresh one of another host.
touch("$dir/.upgrade.state.$host.2147483646.0123456789abcdef.tmp");
touch("$dir/.upgrade.state.otherhost.12.0123456789abcdef.tmp", time() - 7200);
touch("$dir/.upgrade.state.otherhost.13.0123456789abcdef.tmp");
touch("$dir/unrelated.tmp");
upgrade_lock(['reason' => 'after a crash'], 0, $file);
var_dump(upgrade_state_read($file)['reason']);
$left = array_values(array_diff(scandir($dir), ['.', '..']));
sort($left);
print_r($left);
state_rmdir($dir);
?>
--EXPECT--
string(13) "after a crash"
Array
(
    [0] => .upgrade.state.otherhost.13.0123456789abcdef.tmp
    [1] => unrelated.tmp
    [2] => upgrade.state
)
