<?php
// block_html access.php
defined('MOODLE_INTERNAL') || die();

$capabilities = [];
