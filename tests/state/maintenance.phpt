--TEST--
A maintenance upgrade is visible to CLI scripts, which are never refused
--EXTENSIONS--
upgrade
--INI--
upgrade.state_file={PWD}/fixtures/maintenance.state
upgrade.guard=1
--FILE--
<?php
$s = upgrade_state();
var_dump(upgrade_ui_locked(), upgrade_outageless(), $s['upgrade'], $s['expected_end'], http_response_code());
echo "the script ran\n";
?>
--EXPECT--
bool(true)
bool(false)
string(11) "maintenance"
int(4102444800)
bool(false)
the script ran
