<?php
// mod_forum messages.php
defined('MOODLE_INTERNAL') || die();

$messageproviders = [];
