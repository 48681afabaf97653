<?php
// mod_forum events.php
defined('MOODLE_INTERNAL') || die();

$observers = [];
