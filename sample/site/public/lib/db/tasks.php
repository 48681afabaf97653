<?php
defined('MOODLE_INTERNAL') || die();

$tasks = [
    ['classname' => 'core\\task\\session_cleanup_task', 'minute' => '*', 'hour' => '*'],
];
