--TEST--
Vector edges-4x: versions, serialized versions and versions hash equal Moodle's
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_vectors.inc';
upg_vector_check_versions('edges-4x');
?>
--EXPECT--
edges-4x versions: ok
edges-4x versions serialized: ok
edges-4x versions hash: ok
edges-4x not pending: ok
