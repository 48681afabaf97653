<?php
// mod_assign tasks.php
defined('MOODLE_INTERNAL') || die();

$tasks = [];
