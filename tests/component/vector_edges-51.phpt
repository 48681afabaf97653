--TEST--
Vector edges-51: discovery, directory hashes and component hash equal Moodle's
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_vectors.inc';
upg_vector_check_components('edges-51');
?>
--EXPECT--
edges-51 layout: ok
edges-51 plugintypes: ok
edges-51 plugins: ok
edges-51 directory hashes: ok
edges-51 directory hashes serialized: ok
edges-51 component hash: ok
edges-51 maintenance not required: ok
