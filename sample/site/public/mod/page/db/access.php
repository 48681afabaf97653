<?php
// mod_page access.php
defined('MOODLE_INTERNAL') || die();

$capabilities = [];
