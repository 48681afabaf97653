<?php
if (!defined('MOODLE_INTERNAL')) {
    die('Direct access to this script is forbidden.');
}
$plugin->version = 0o17;
$plugin->supported = array(401, 405,);
$plugin->x = ('a' . 1 + 2) . (MATURITY_BETA | 1) . -(3 * 2);
