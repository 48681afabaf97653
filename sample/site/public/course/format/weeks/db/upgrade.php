<?php
// format_weeks upgrade steps
defined('MOODLE_INTERNAL') || die();

function xmldb_format_weeks_upgrade($oldversion) {
    return true;
}
