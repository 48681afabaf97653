--TEST--
Vector basic-4x: discovery, directory hashes and component hash equal Moodle's
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_vectors.inc';
upg_vector_check_components('basic-4x');
?>
--EXPECT--
basic-4x layout: ok
basic-4x plugintypes: ok
basic-4x plugins: ok
basic-4x directory hashes: ok
basic-4x directory hashes serialized: ok
basic-4x component hash: ok
basic-4x maintenance not required: ok
