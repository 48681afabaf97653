<?php
// This file is part of a sample site for the upgrade extension.

/**
 * Version details for mod_assign.
 */

defined('MOODLE_INTERNAL') || die();

$plugin->version   = 2025100600;        // The current plugin version (Date: YYYYMMDDXX).
$plugin->requires  = 2025100600;        // Requires this Moodle version.
$plugin->component = 'mod_assign';
$plugin->maturity  = MATURITY_STABLE;
$plugin->release   = '1.0';
