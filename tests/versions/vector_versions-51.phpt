--TEST--
Vector versions-51: versions, serialized versions and versions hash equal Moodle's
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_vectors.inc';
upg_vector_check_versions('versions-51');
?>
--EXPECT--
versions-51 versions: ok
versions-51 versions serialized: ok
versions-51 versions hash: ok
versions-51 not pending: ok
