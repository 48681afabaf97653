<?php
// local_greetings access.php
defined('MOODLE_INTERNAL') || die();

$capabilities = [];
