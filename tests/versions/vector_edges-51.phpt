--TEST--
Vector edges-51: versions, serialized versions and versions hash equal Moodle's
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_vectors.inc';
upg_vector_check_versions('edges-51');
?>
--EXPECT--
edges-51 versions: ok
edges-51 versions serialized: ok
edges-51 versions hash: ok
edges-51 not pending: ok
