--TEST--
Discovery, component hash and versions hash of a site large enough for worker threads equal the PHP replica's
--EXTENSIONS--
upgrade
--INI--
upgrade.threads=4
upgrade.cache=0
pcre.jit=0
--FILE--
<?php
require __DIR__ . '/_large.inc';
foreach (['51' => true, '4x' => false] as $label => $layout51) {
    $root = upg_large_site("threads$label", $layout51);
    $ext = upgrade_discover($root);
    $rep = upgrade_replica::discover($root);
    echo "$label types: ", count($ext['plugintypes']), ", plugins: ", count($ext['plugins']), "\n";
    echo "$label discovery: ", $ext['plugintypes'] === $rep['plugintypes'] && $ext['plugins'] === $rep['plugins'] ? 'same' : 'DIFFERENT', "\n";
    echo "$label component hash: ", upgrade_component_hash($root) === upgrade_replica::component_hash($root) ? 'same' : 'DIFFERENT', "\n";
    echo "$label versions: ", upgrade_versions($root) === upgrade_replica::versions($root) ? 'same' : 'DIFFERENT', "\n";
    echo "$label versions hash: ", upgrade_versions_hash($root) === upgrade_replica::versions_hash($root) ? 'same' : 'DIFFERENT', "\n";
    $snap = upgrade_snapshot($root);
    echo "$label snapshot hashes: ", $snap['component_hash'] === upgrade_component_hash($root)
        && $snap['versions_hash'] === upgrade_versions_hash($root) ? 'same' : 'DIFFERENT', "\n";
    upg_test_rmtree($root);
}
?>
--EXPECT--
51 types: 57, plugins: 246
51 discovery: same
51 component hash: same
51 versions: same
51 versions hash: same
51 snapshot hashes: same
4x types: 57, plugins: 246
4x discovery: same
4x component hash: same
4x versions: same
4x versions hash: same
4x snapshot hashes: same
