<?php
// mod_quiz access.php
defined('MOODLE_INTERNAL') || die();

$capabilities = [];
