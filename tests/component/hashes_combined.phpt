--TEST--
upgrade_hashes(): both hashes and the versions from one walk equal the separate calls (both key modes); errors as theirs
--EXTENSIONS--
upgrade
--INI--
upgrade.cache=0
--FILE--
<?php
require __DIR__ . '/../_site.inc';
$r = upg_sample_copy("hashes");
foreach (['absolute', 'component'] as $keys) {
    $h = upgrade_hashes($r, ['keys' => $keys]);
    echo $keys, ": ", implode(',', array_keys($h)), " ",
        $h['component_hash'] === upgrade_component_hash($r, ['keys' => $keys])
        && $h['versions_hash'] === upgrade_versions_hash($r)
        && $h['versions'] === upgrade_versions($r) ? 'same' : 'DIFFERENT', "\n";
}
// The vector with ~45 ways of writing a version.
require_once __DIR__ . '/../_vectors.inc';
$v = upg_vector_load('versions-51');
$vr = upg_vector_materialise($v);
$h = upgrade_hashes($vr, upg_vector_options($v));
$same = serialize($h['versions']) === $v['expect']['versions_serialized'];
echo "versions-51: ", $same && $h['versions_hash'] === $v['expect']['versions_hash']
    && $h['component_hash'] === $v['expect']['component_hash'] ? 'Moodle\'s hashes' : 'DIFFERENT', "\n";
try {
    upgrade_hashes("$r/nowhere");
} catch (UpgradeException $e) {
    echo get_class($e), ": ", str_replace($r, 'ROOT', $e->getMessage()), "\n";
}
try {
    upgrade_hashes($r, ['keys' => 'relative']);
} catch (ValueError $e) {
    echo get_class($e), "\n";
}
upg_test_rmtree($r);
upg_test_rmtree($vr);
?>
--EXPECT--
absolute: component_hash,versions_hash,versions same
component: component_hash,versions_hash,versions same
versions-51: Moodle's hashes
UpgradeException: Moodle site root ROOT/nowhere: No such file or directory
ValueError
