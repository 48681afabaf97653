--TEST--
upgrade.state_file_mode refuses modes that readers would refuse (world-writable) or that are not octal
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_state.inc';
foreach (['0666', '0640x', '0200', '755'] as $mode) {
    echo trim(state_child(['upgrade.state_file_mode' => $mode], 'echo ini_get("upgrade.state_file_mode"), "\n";')), "\n";
}
?>
--EXPECTF--
%AWarning: upgrade.state_file_mode must be an octal file mode readable by its owner and not writable by others (like "0640"), "0666" given in Unknown on line 0
0640
%AWarning: upgrade.state_file_mode must be an octal file mode readable by its owner and not writable by others (like "0640"), "0640x" given in Unknown on line 0
0640
%AWarning: upgrade.state_file_mode must be an octal file mode readable by its owner and not writable by others (like "0640"), "0200" given in Unknown on line 0
0640
755
