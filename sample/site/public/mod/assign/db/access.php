<?php
// mod_assign access.php
defined('MOODLE_INTERNAL') || die();

$capabilities = [];
