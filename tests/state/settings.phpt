--TEST--
upgrade_settings(): every upgrade.* setting of this process, typed, as set (not as ini_set() tried)
--EXTENSIONS--
upgrade
--INI--
upgrade.state_file=/var/moodledata/moodle-upgrade/state
upgrade.outageless=1
upgrade.recheck_ms=250
upgrade.state_file_mode=0660
upgrade.maintenance_page=/srv/page.html
upgrade.cache_entries=5
upgrade.status_path=/upgrade-status
upgrade.status_allow="10.0.0.0/8, fd00::/8,::1"
upgrade.site_root=/srv/moodle
--FILE--
<?php
var_dump(@ini_set('upgrade.state_file', '/tmp/other'));   // PHP_INI_SYSTEM: refused
$s = upgrade_settings();
var_dump($s);
// The same names and values as the INI entries themselves.
$ini = ini_get_all('upgrade', false);
ksort($ini);
$keys = array_keys($s);
sort($keys);
var_dump($keys === array_keys($ini));
foreach ($s as $k => $v) {
    $want = is_bool($v) ? ($v ? '1' : '0') : (string) $v;
    if ($want !== $ini[$k]) {
        echo "$k: upgrade_settings() says ", var_export($v, true), ", the INI entry ", var_export($ini[$k], true), "\n";
    }
}
?>
--EXPECT--
bool(false)
array(16) {
  ["upgrade.state_file"]=>
  string(36) "/var/moodledata/moodle-upgrade/state"
  ["upgrade.ui_lock"]=>
  bool(false)
  ["upgrade.outageless"]=>
  bool(true)
  ["upgrade.recheck_ms"]=>
  int(250)
  ["upgrade.guard"]=>
  bool(false)
  ["upgrade.admin"]=>
  string(5) "admin"
  ["upgrade.maintenance_allow"]=>
  string(132) "/theme/image.php,/theme/styles.php,/theme/font.php,/theme/javascript.php,/theme/yui_combo.php,/lib/javascript.php,/lib/requirejs.php"
  ["upgrade.maintenance_page"]=>
  string(14) "/srv/page.html"
  ["upgrade.state_file_mode"]=>
  string(4) "0660"
  ["upgrade.status_path"]=>
  string(15) "/upgrade-status"
  ["upgrade.status_allow"]=>
  string(24) "10.0.0.0/8, fd00::/8,::1"
  ["upgrade.site_root"]=>
  string(11) "/srv/moodle"
  ["upgrade.threads"]=>
  int(0)
  ["upgrade.cache"]=>
  bool(true)
  ["upgrade.cache_entries"]=>
  int(5)
  ["upgrade.cache_revalidate_ms"]=>
  int(0)
}
bool(true)
