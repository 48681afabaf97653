--TEST--
Vector adminrenamed-4x: versions, serialized versions and versions hash equal Moodle's
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_vectors.inc';
upg_vector_check_versions('adminrenamed-4x');
?>
--EXPECT--
adminrenamed-4x versions: ok
adminrenamed-4x versions serialized: ok
adminrenamed-4x versions hash: ok
adminrenamed-4x not pending: ok
