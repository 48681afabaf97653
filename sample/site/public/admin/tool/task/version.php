<?php
// This file is part of a sample site for the upgrade extension.

/**
 * Version details for tool_task.
 */

defined('MOODLE_INTERNAL') || die();

$plugin->version   = 2025100612;        // The current plugin version (Date: YYYYMMDDXX).
$plugin->requires  = 2025100600;        // Requires this Moodle version.
$plugin->component = 'tool_task';
$plugin->maturity  = MATURITY_STABLE;
$plugin->release   = '1.12';
