--TEST--
Vector basic-51: versions, serialized versions and versions hash equal Moodle's
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_vectors.inc';
upg_vector_check_versions('basic-51');
?>
--EXPECT--
basic-51 versions: ok
basic-51 versions serialized: ok
basic-51 versions hash: ok
basic-51 not pending: ok
