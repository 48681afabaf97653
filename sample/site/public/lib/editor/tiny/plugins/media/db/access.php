<?php
// tiny_media access.php
defined('MOODLE_INTERNAL') || die();

$capabilities = [];
