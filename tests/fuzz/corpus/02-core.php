<?php
defined('MOODLE_INTERNAL') || die();

$version  = 2024100700.00;              // YYYYMMDD.XX
$release  = '4.5+ (Build: 20241011)'; // Human-friendly
$branch   = '405';
$maturity = MATURITY_STABLE;
