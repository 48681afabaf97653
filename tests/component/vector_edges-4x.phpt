--TEST--
Vector edges-4x: discovery, directory hashes and component hash equal Moodle's
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_vectors.inc';
upg_vector_check_components('edges-4x');
?>
--EXPECT--
edges-4x layout: ok
edges-4x plugintypes: ok
edges-4x plugins: ok
edges-4x directory hashes: ok
edges-4x directory hashes serialized: ok
edges-4x component hash: ok
edges-4x maintenance not required: ok
