--TEST--
A version.php that is a FIFO holding data is not read: include() refuses non-regular files, so Moodle gets null
--EXTENSIONS--
upgrade
posix
--INI--
upgrade.cache=0
--FILE--
<?php
require __DIR__ . '/../_site.inc';
$r = upg_site_make('fifo', ['mod/forum' => "<?php\n\$plugin->version = 1;\n", 'mod/piped' => null]);
$fifo = "$r/public/mod/piped/version.php";
posix_mkfifo($fifo, 0644);
$w = fopen($fifo, 'r+');                  // a writer is there, and data waits in the pipe
fwrite($w, "<?php\n\$plugin->version = 7;\n");
$v = upgrade_versions($r);
echo "mod_piped: ", var_export($v['mod_piped'], true), "\n";
$s = upgrade_version_sources($r)['mod_piped'];
echo $s['source'], ": ", $s['reason'], "\n";
stream_set_blocking($w, false);
echo "the extension left the data in the pipe: ", var_export(fread($w, 100), true), "\n";
// What PHP's own include() makes of it, as Moodle would run it:
fwrite($w, "<?php\n\$plugin->version = 7;\n");
$plugin = new stdClass();
$plugin->version = null;
$rc = @include $fifo;
echo "include: ", var_export($rc, true), ", version ", var_export($plugin->version, true), "\n";
fclose($w);
unlink($fifo);
upg_test_rmtree($r);
?>
--EXPECT--
mod_piped: NULL
unreadable: not a regular file: include() would fail, the version is null
the extension left the data in the pipe: '<?php
$plugin->version = 7;
'
include: false, version NULL
