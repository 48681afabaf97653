--TEST--
Vector themedir-51: discovery, directory hashes and component hash equal Moodle's
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_vectors.inc';
upg_vector_check_components('themedir-51');
?>
--EXPECT--
themedir-51 layout: ok
themedir-51 plugintypes: ok
themedir-51 plugins: ok
themedir-51 directory hashes: ok
themedir-51 directory hashes serialized: ok
themedir-51 component hash: ok
themedir-51 maintenance not required: ok
