--TEST--
upgrade.status_allow malformed: one startup warning naming the bad entry, and every client is refused (fail closed), loopback included
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('malformed');
foreach (['127.0.0.0/8,10.0.0.0/33', '127.0.0.1,,::1', '127.0.0.1, localhost', '::1/129', '127.0.0.1/08'] as $allow) {
    $r = status_get(['upgrade.status_path' => '/upgrade-status', 'upgrade.status_allow' => $allow], "$root/public");
    $lines = array_values(array_filter(explode("\n", $r['raw']), fn ($l) => str_contains($l, 'upgrade.status_allow entry')));
    echo count($lines), ' ', trim($lines[0] ?? ''), "\n";
    // (php-cgi prints startup warnings on stdout, after the answer)
    echo $r['status'], ' ', explode("\n", $r['body'])[0], "\n";
}
upg_test_rmtree($root);
?>
--EXPECT--
1 Warning: upgrade.status_allow entry "10.0.0.0/33" is not an IPv4 or IPv6 address or network (like 10.0.0.0/8 or fd00::/8): the status answer refuses every client until it is fixed in Unknown on line 0
403 {"status":403,"error":"forbidden: upgrade.status_allow is malformed, so every client is refused"}
1 Warning: upgrade.status_allow entry "" is not an IPv4 or IPv6 address or network (like 10.0.0.0/8 or fd00::/8): the status answer refuses every client until it is fixed in Unknown on line 0
403 {"status":403,"error":"forbidden: upgrade.status_allow is malformed, so every client is refused"}
1 Warning: upgrade.status_allow entry "localhost" is not an IPv4 or IPv6 address or network (like 10.0.0.0/8 or fd00::/8): the status answer refuses every client until it is fixed in Unknown on line 0
403 {"status":403,"error":"forbidden: upgrade.status_allow is malformed, so every client is refused"}
1 Warning: upgrade.status_allow entry "::1/129" is not an IPv4 or IPv6 address or network (like 10.0.0.0/8 or fd00::/8): the status answer refuses every client until it is fixed in Unknown on line 0
403 {"status":403,"error":"forbidden: upgrade.status_allow is malformed, so every client is refused"}
1 Warning: upgrade.status_allow entry "127.0.0.1/08" is not an IPv4 or IPv6 address or network (like 10.0.0.0/8 or fd00::/8): the status answer refuses every client until it is fixed in Unknown on line 0
403 {"status":403,"error":"forbidden: upgrade.status_allow is malformed, so every client is refused"}
