--TEST--
Values with newlines, backslashes, NUL and control bytes stay on their line and round-trip
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_state.inc';
$dir = state_tmpdir('escape');
$file = "$dir/upgrade.state";
$reason = "line 1\nline 2\r\n\\n is not a newline\0\x01\x7f é";
$s = upgrade_lock(['reason' => $reason], 0, $file);
var_dump($s['reason'] === $reason, upgrade_state_read($file)['reason'] === $reason);
$text = file_get_contents($file);
echo count(explode("\n", $text)) - 1, " lines\n";
preg_match('/^reason=(.*)$/m', $text, $m);
echo $m[1], "\n";
state_rmdir($dir);
?>
--EXPECT--
bool(true)
bool(true)
12 lines
line 1\nline 2\r\n\\n is not a newline\x00\x01\x7f é
