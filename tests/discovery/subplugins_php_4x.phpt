--TEST--
4.x layout: a legacy db/subplugins.php (no subplugins.json) is reported in the warnings and contributes no types (threads on)
--EXTENSIONS--
upgrade
--INI--
upgrade.threads=4
upgrade.cache=0
--FILE--
<?php
require __DIR__ . '/_large.inc';
$root = upg_large_site('legacy4x', false);
$before = upgrade_discover($root);
file_put_contents("$root/mod/m3/db/subplugins.php", "<?php\n\$subplugins = ['x' => 'mod/m3/x'];\n");
$after = upgrade_discover($root);
echo "types unchanged: ", $after['plugintypes'] === $before['plugintypes'] ? 'yes' : 'no', "\n";
foreach ($after['warnings'] as $w) {
    echo str_replace($root, 'ROOT', $w['path']), ': ', $w['reason'], "\n";
}
upg_test_rmtree($root);
?>
--EXPECT--
types unchanged: yes
ROOT/mod/m3/db/subplugins.php: legacy subplugins.php is not read by this extension; its subplugin types are ignored
