<?php
// mod_forum access.php
defined('MOODLE_INTERNAL') || die();

$capabilities = [];
