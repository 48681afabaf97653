<?php
// This file is part of a sample site for the upgrade extension.

/**
 * Version details for theme_boost.
 */

defined('MOODLE_INTERNAL') || die();

$plugin->version   = 2025100613;        // The current plugin version (Date: YYYYMMDDXX).
$plugin->requires  = 2025100600;        // Requires this Moodle version.
$plugin->component = 'theme_boost';
$plugin->maturity  = MATURITY_STABLE;
$plugin->release   = '1.13';
