<?php
// assignsubmission_file access.php
defined('MOODLE_INTERNAL') || die();

$capabilities = [];
