--TEST--
Vector themedir-51: versions, serialized versions and versions hash equal Moodle's
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_vectors.inc';
upg_vector_check_versions('themedir-51');
?>
--EXPECT--
themedir-51 versions: ok
themedir-51 versions serialized: ok
themedir-51 versions hash: ok
themedir-51 not pending: ok
