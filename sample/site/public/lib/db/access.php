<?php
defined('MOODLE_INTERNAL') || die();

$capabilities = [
    'moodle/site:config' => ['riskbitmask' => 0, 'captype' => 'write', 'contextlevel' => 10],
];
