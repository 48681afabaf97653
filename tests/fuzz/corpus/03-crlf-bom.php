<?php
defined("MOODLE_INTERNAL") or die;
$module->version = 0x1F;
$module->cron = 24 * 3600;
?>
<b>html</b>
