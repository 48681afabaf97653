<?php
// This file is part of Moodle

defined('MOODLE_INTERNAL') || die();

$plugin->version   = 2025100600;
$plugin->requires  = 2024100700;
$plugin->component = 'mod_x';
$plugin->maturity  = MATURITY_STABLE;
$plugin->release   = '1.2 (Build: 2024)';
$plugin->dependencies = ['mod_forum' => 2024100700, 'x' => ANY_VERSION];
