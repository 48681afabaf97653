--TEST--
Worker threads: repeated calls give the same answers, a process that forks right after a call hashes and exits cleanly in the child, and the parent too
--EXTENSIONS--
upgrade
pcntl
posix
--INI--
upgrade.threads=4
upgrade.cache=0
--FILE--
<?php
require __DIR__ . '/_large.inc';
$root = upg_large_site('repeat');
$first = upgrade_hashes($root);
$same = true;
for ($i = 0; $i < 15; $i++) {
    $same = $same && upgrade_hashes($root) === $first
        && upgrade_component_hash($root) === $first['component_hash']
        && upgrade_versions_hash($root) === $first['versions_hash'];
}
echo "repeated calls: ", $same ? 'same' : 'DIFFERENT', "\n";

// Workers of the last call may still be leaving when the process forks:
// the child must not wait for threads it does not have.
upgrade_component_hash($root);
$t0 = hrtime(true);
$pid = pcntl_fork();
if ($pid === 0) {
    $ok = upgrade_hashes($root) === $first;
    exit($ok ? 0 : 3);
}
// A child waiting for threads it does not have never ends: a hang, told
// apart from a slow machine by a bound far above any normal run.
$done = 0;
while (($done = pcntl_waitpid($pid, $status, WNOHANG)) === 0 && (hrtime(true) - $t0) / 1e9 < 60) {
    usleep(10000);
}
if ($done === 0) {
    posix_kill($pid, SIGKILL);
    pcntl_waitpid($pid, $status);
}
printf("child: exit %d, %s\n", pcntl_wexitstatus($status), $done === $pid ? 'ended' : 'HUNG');
upg_test_rmtree($root);
?>
--EXPECT--
repeated calls: same
child: exit 0, ended
