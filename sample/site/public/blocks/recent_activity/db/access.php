<?php
// block_recent_activity access.php
defined('MOODLE_INTERNAL') || die();

$capabilities = [];
