--TEST--
Vector versions-51: discovery, directory hashes and component hash equal Moodle's
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_vectors.inc';
upg_vector_check_components('versions-51');
?>
--EXPECT--
versions-51 layout: ok
versions-51 plugintypes: ok
versions-51 plugins: ok
versions-51 directory hashes: ok
versions-51 directory hashes serialized: ok
versions-51 component hash: ok
versions-51 maintenance not required: ok
