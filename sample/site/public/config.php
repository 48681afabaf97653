<?php
// The sample site's public/config.php (not Moodle code). As in Moodle 5.1, the
// configuration lives one level up, outside the web root; web pages under
// public/ that include this file get it from there.

require(dirname(__DIR__) . '/config.php');
