--TEST--
upgrade.status_path not a URL path (no leading "/", a query string, blanks): a startup warning naming it, and the answer stays off
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../state/_state.inc';
foreach (['upgrade-status', '/status?x=1', '/a b'] as $path) {
    $out = state_child(['upgrade.status_path' => $path], 'var_dump(upgrade_settings()["upgrade.status_path"]);');
    echo implode("\n", array_filter(array_map('trim', explode("\n", $out)))), "\n";
}
?>
--EXPECT--
Warning: upgrade.status_path must be a URL path starting with "/", without "?", "#" or blanks (like "/upgrade-status"), "upgrade-status" given: the status answer is off in Unknown on line 0
string(0) ""
Warning: upgrade.status_path must be a URL path starting with "/", without "?", "#" or blanks (like "/upgrade-status"), "/status?x=1" given: the status answer is off in Unknown on line 0
string(0) ""
Warning: upgrade.status_path must be a URL path starting with "/", without "?", "#" or blanks (like "/upgrade-status"), "/a b" given: the status answer is off in Unknown on line 0
string(0) ""
