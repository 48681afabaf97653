--TEST--
upgrade_is_maintenance_required(): an empty or missing stored allcomponenthash means maintenance required (Moodle's hash from the vector: not required)
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_vectors.inc';
// Its own root: the vector tests of basic-51 may run in parallel.
$v = upg_vector_load('basic-51');
$root = upg_vector_materialise($v, $v['root'] . '-maintenance-empty');
// Moodle keys its hash by absolute path: its value for the vector's own root
// holds for this root only after the directory keys are moved too, so the
// stored hash that matches is Moodle's map with the root replaced.
$map = [];
foreach ($v['expect']['directory_hashes'] as [$dir, $hash]) {
    $map[$root . substr($dir, strlen($v['root']))] = $hash;
}
$moodle = sha1(serialize($map));
foreach (['Moodle\'s hash' => $moodle, 'another site\'s hash' => sha1('x'), 'empty string' => '', 'null (no row)' => null, '"0"' => '0'] as $what => $stored) {
    printf("%-20s %s\n", $what, var_export(upgrade_is_maintenance_required($root, $stored), true));
}
upg_test_rmtree($root);
?>
--EXPECT--
Moodle's hash        false
another site's hash  true
empty string         true
null (no row)        true
"0"                  true
