--TEST--
upgrade.status_allow: IPv4 and IPv6 networks, bare addresses, prefixes not on a byte boundary, IPv4-mapped IPv6 clients
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('ipv6');
$ini = ['upgrade.status_path' => '/upgrade-status', 'upgrade.status_allow' => ' fd00:10::/29 , 192.168.4.0/22,2001:db8::7 '];
foreach (['fd00:17:ffff::1', 'fd00:18::1', '192.168.7.255', '192.168.8.0', '2001:db8::7', '2001:db8::8',
        '::ffff:192.168.5.1', '::ffff:192.168.9.1', '127.0.0.1', '::1', 'not-an-address'] as $addr) {
    $r = status_get($ini, "$root/public", '/upgrade-status', 'GET', $addr);
    echo str_pad($addr, 20), $r['status'] === 403 ? 'refused' : ($r['status'] ? 'answered' : $r['raw']), "\n";
}
upg_test_rmtree($root);
?>
--EXPECT--
fd00:17:ffff::1     answered
fd00:18::1          refused
192.168.7.255       answered
192.168.8.0         refused
2001:db8::7         answered
2001:db8::8         refused
::ffff:192.168.5.1  answered
::ffff:192.168.9.1  refused
127.0.0.1           refused
::1                 refused
not-an-address      refused
