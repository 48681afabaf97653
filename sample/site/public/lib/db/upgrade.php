<?php
defined('MOODLE_INTERNAL') || die();

function xmldb_main_upgrade($oldversion) {
    return true;
}
