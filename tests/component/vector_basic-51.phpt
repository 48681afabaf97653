--TEST--
Vector basic-51: discovery, directory hashes and component hash equal Moodle's
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_vectors.inc';
upg_vector_check_components('basic-51');
?>
--EXPECT--
basic-51 layout: ok
basic-51 plugintypes: ok
basic-51 plugins: ok
basic-51 directory hashes: ok
basic-51 directory hashes serialized: ok
basic-51 component hash: ok
basic-51 maintenance not required: ok
