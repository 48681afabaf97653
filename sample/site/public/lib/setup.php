<?php
// Stand-in for Moodle's lib/setup.php in the sample site (not Moodle code).
//
// It does what Moodle's does for a script that defines ABORT_AFTER_CONFIG and
// only wants the configuration: fill in the paths from where the code is and
// the defaults config.php may leave out, then return. Anything more would need
// Moodle's libraries, which the sample site does not have.

global $CFG;

$CFG->dirroot = dirname(__DIR__);              // public/ in the 5.1 layout
$CFG->root = dirname($CFG->dirroot);
$CFG->libdir = $CFG->dirroot . '/lib';
if (!isset($CFG->admin)) {
    $CFG->admin = 'admin';
}
if (!isset($CFG->prefix)) {
    $CFG->prefix = '';
}
if (!defined('MOODLE_INTERNAL')) {
    define('MOODLE_INTERNAL', true);
}

if (defined('ABORT_AFTER_CONFIG') && !defined('ABORT_AFTER_CONFIG_CANCEL')) {
    return;
}

fwrite(defined('STDERR') ? STDERR : fopen('php://stderr', 'w'),
    "This is the sample site of the upgrade extension, not Moodle: it can only be read with ABORT_AFTER_CONFIG.\n");
exit(1);
