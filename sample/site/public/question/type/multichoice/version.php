<?php
// This file is part of a sample site for the upgrade extension.

/**
 * Version details for qtype_multichoice.
 */

defined('MOODLE_INTERNAL') || die();

$plugin->version   = 2025100608;        // The current plugin version (Date: YYYYMMDDXX).
$plugin->requires  = 2025100600;        // Requires this Moodle version.
$plugin->component = 'qtype_multichoice';
$plugin->maturity  = MATURITY_STABLE;
$plugin->release   = '1.8';
