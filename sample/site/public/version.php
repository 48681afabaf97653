<?php
// Sample Moodle-shaped site bundled with the upgrade extension (not Moodle code).
defined('MOODLE_INTERNAL') || die();

$version  = 2025100600.02;              // YYYYMMDD      = weekly release date of this DEV branch.
$release  = '5.1+ (Build: 20251017)';   // Human-friendly version name
$branch   = '501';                      // This version's branch.
$maturity = MATURITY_STABLE;            // This version's maturity level.
