<?php
// This file is part of a sample site for the upgrade extension.

/**
 * Version details for block_recent_activity.
 */

defined('MOODLE_INTERNAL') || die();

$plugin->version   = 2025100607;        // The current plugin version (Date: YYYYMMDDXX).
$plugin->requires  = 2025100600;        // Requires this Moodle version.
$plugin->component = 'block_recent_activity';
$plugin->maturity  = MATURITY_STABLE;
$plugin->release   = '1.7';
