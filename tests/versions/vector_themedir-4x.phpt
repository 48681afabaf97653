--TEST--
Vector themedir-4x: versions, serialized versions and versions hash equal Moodle's
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_vectors.inc';
upg_vector_check_versions('themedir-4x');
?>
--EXPECT--
themedir-4x versions: ok
themedir-4x versions serialized: ok
themedir-4x versions hash: ok
themedir-4x not pending: ok
