<?php
// mod_assign upgrade steps
defined('MOODLE_INTERNAL') || die();

function xmldb_mod_assign_upgrade($oldversion) {
    return true;
}
