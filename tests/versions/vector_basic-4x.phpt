--TEST--
Vector basic-4x: versions, serialized versions and versions hash equal Moodle's
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_vectors.inc';
upg_vector_check_versions('basic-4x');
?>
--EXPECT--
basic-4x versions: ok
basic-4x versions serialized: ok
basic-4x versions hash: ok
basic-4x not pending: ok
