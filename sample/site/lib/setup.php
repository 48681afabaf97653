<?php
// Stand-in for the top-level lib/setup.php of Moodle 5.1 in the sample site
// (not Moodle code). In 5.1 config.php sits at the top level, outside the web
// root, and includes this file, which hands over to the real setup under
// public/lib/: the same chain here.

require_once(dirname(__DIR__) . '/public/lib/setup.php');
