<?php
// auth_db upgrade steps
defined('MOODLE_INTERNAL') || die();

function xmldb_auth_db_upgrade($oldversion) {
    return true;
}
