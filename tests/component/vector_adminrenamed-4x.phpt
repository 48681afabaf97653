--TEST--
Vector adminrenamed-4x: discovery, directory hashes and component hash equal Moodle's
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_vectors.inc';
upg_vector_check_components('adminrenamed-4x');
?>
--EXPECT--
adminrenamed-4x layout: ok
adminrenamed-4x plugintypes: ok
adminrenamed-4x plugins: ok
adminrenamed-4x directory hashes: ok
adminrenamed-4x directory hashes serialized: ok
adminrenamed-4x component hash: ok
adminrenamed-4x maintenance not required: ok
