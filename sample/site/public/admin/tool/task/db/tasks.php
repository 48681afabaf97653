<?php
// tool_task tasks.php
defined('MOODLE_INTERNAL') || die();

$tasks = [];
