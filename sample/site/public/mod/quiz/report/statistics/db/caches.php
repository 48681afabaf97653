<?php
// quiz_statistics caches.php
defined('MOODLE_INTERNAL') || die();

$definitions = [];
