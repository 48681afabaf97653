--TEST--
Vector themedir-4x: discovery, directory hashes and component hash equal Moodle's
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_vectors.inc';
upg_vector_check_components('themedir-4x');
?>
--EXPECT--
themedir-4x layout: ok
themedir-4x plugintypes: ok
themedir-4x plugins: ok
themedir-4x directory hashes: ok
themedir-4x directory hashes serialized: ok
themedir-4x component hash: ok
themedir-4x maintenance not required: ok
