--TEST--
upgrade_cache_load() refuses a file that is corrupt, truncated, a link, writable by others or not a file; bad arguments are errors
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_site.inc';
$r = upg_site_make('cachefile', ['mod/forum' => "<?php\n\$plugin->version = 1;\n"]);
$f = sys_get_temp_dir() . '/upgrade-cachefile-err-' . getmypid();
@unlink($f);
upgrade_component_hash($r);
upgrade_cache_save($f);
$good = file_get_contents($f);

function try_load(string $label, string $file): void {
    try {
        $n = upgrade_cache_load($file);
        echo $label, ': loaded ', $n, "\n";
    } catch (UpgradeException $e) {
        echo $label, ': ', str_replace($file, 'FILE', $e->getMessage()), "\n";
    }
}
$bad = $good;
$bad[20] = chr(ord($bad[20]) ^ 1);
file_put_contents($f, $bad);
try_load('one bit flipped', $f);
file_put_contents($f, substr($good, 0, 100));
try_load('truncated', $f);
file_put_contents($f, "hello\n");
try_load('not a cache file', $f);
file_put_contents($f, $good);
chmod($f, 0666);
try_load('world-writable', $f);
chmod($f, 0600);
@unlink("$f.link");
symlink($f, "$f.link");
try_load('link', "$f.link");
try_load('folder', sys_get_temp_dir());
try_load('good again', $f);
try {
    upgrade_cache_load('');
} catch (ValueError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
try {
    upgrade_cache_save('');
} catch (ValueError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
try {
    upgrade_cache_save(sys_get_temp_dir() . '/no-such-dir-' . getmypid() . '/x');
} catch (UpgradeException $e) {
    echo 'save into a missing folder: ', str_contains($e->getMessage(), 'No such file or directory') ? 'reason given' : $e->getMessage(), "\n";
}
unlink("$f.link");
unlink($f);
upg_test_rmtree($r);
?>
--EXPECTF--
one bit flipped: Cache file FILE: checksum mismatch (corrupt or truncated)
truncated: Cache file FILE: checksum mismatch (corrupt or truncated)
not a cache file: Cache file FILE: not a cache file
world-writable: Cache file FILE: writable by other users
link: Cache file FILE: is a symbolic link
folder: Cache file FILE: not a regular file
good again: loaded %d
ValueError: upgrade_cache_load(): Argument #1 ($file) cannot be empty
ValueError: upgrade_cache_save(): Argument #1 ($file) cannot be empty
save into a missing folder: reason given
