--TEST--
Each recheck revalidates by open() then fstat() of the descriptor (NFS close-to-open), reads only a changed file, never decides from a stat by name
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_state.inc';
$dir = state_tmpdir('strace');
$state = "$dir/upgrade.state";
upgrade_unlock($state);
// Three requests in one php-cgi process (-T 3). The first takes the lock
// (a new file renamed over the name), so the second sees a new identity and
// reads; the third finds the same identity and does not read. A stat of a
// marker path starts and ends each script, so the trace can be cut into
// request startups (where the hook runs) and scripts.
file_put_contents("$dir/index.php", '<?php
@file_exists(' . var_export("$dir/START-OF-SCRIPT", true) . ');
echo upgrade_ui_locked() ? "<L>" : "<U>";
if (!upgrade_ui_locked()) { upgrade_lock([], 0, ' . var_export($state, true) . '); }
@file_exists(' . var_export("$dir/END-OF-REQUEST", true) . ');');

function trace(string $dir, string $state, int $recheck_ms): void
{
    $cgi = getenv('TEST_PHP_CGI_EXECUTABLE');
    $strace = trim((string) shell_exec('command -v strace'));
    if (!$cgi || $strace === '') {
        echo "FAIL: php-cgi or strace missing (scripts/build.sh installs php8.2-cgi and strace)\n";
        return;
    }
    upgrade_unlock($state);
    $log = "$dir/strace.log";
    $cmd = escapeshellarg($strace) . ' -f -qq -e trace=%file,%desc -o ' . escapeshellarg($log)
        . ' env -i REQUEST_METHOD=GET GATEWAY_INTERFACE=CGI/1.1 REDIRECT_STATUS=200'
        . ' SCRIPT_FILENAME=' . escapeshellarg("$dir/index.php") . ' REQUEST_URI=/index.php '
        . escapeshellarg($cgi) . ' -q -T 3 ' . getenv('TEST_PHP_EXTRA_ARGS')
        . ' -d ' . escapeshellarg("upgrade.state_file=$state") . " -d upgrade.recheck_ms=$recheck_ms "
        . escapeshellarg("$dir/index.php");
    preg_match_all('/<([UL])>/', (string) shell_exec($cmd . ' 2>&1'), $m);
    echo "recheck_ms=$recheck_ms, answers: ", implode('', $m[1]), "\n";
    // From the start (or the end of the previous script) to the start of
    // the next script: request startup, where the hook runs.
    $req = 1;
    $fd = null;
    $in_rinit = true;
    $q = preg_quote($state, '/');
    foreach (file($log, FILE_IGNORE_NEW_LINES) as $line) {
        $line = preg_replace('/^\d+ +/', '', $line);
        if (str_contains($line, 'END-OF-REQUEST')) {
            $req++;
            $in_rinit = true;
            continue;
        }
        if (str_contains($line, 'START-OF-SCRIPT')) {
            $in_rinit = false;
            continue;
        }
        if (!$in_rinit) {
            continue;
        }
        if (preg_match('/^open(at)?\((AT_FDCWD, )?"' . $q . '", ([A-Z_|]+).*= (\d+)$/', $line, $m)) {
            $fd = $m[4];
            $flags = explode('|', $m[3]);
            echo "  request $req: open", in_array('O_NOFOLLOW', $flags) ? ' (O_NOFOLLOW)' : ' (follows links!)', "\n";
        } elseif (preg_match('/^(\w+)\((AT_FDCWD, )?"' . $q . '"/', $line, $m)) {
            echo "  request $req: $m[1] BY NAME: $line\n";   // a decision from the name alone
        } elseif ($fd !== null && preg_match('/^(newfstatat|fstat|statx)\(' . $fd . ', ""?/', $line, $m)) {
            echo "  request $req: fstat of the descriptor\n";
        } elseif ($fd !== null && preg_match('/^(\w+)\(' . $fd . '[,)]/', $line, $m)) {
            echo "  request $req: $m[1]", str_ends_with($line, '= 0') && $m[1] === 'read' ? ' (end of file)' : '', "\n";
            if ($m[1] === 'close') {
                $fd = null;
            }
        }
    }
}
trace($dir, $state, 0);
trace($dir, $state, 60000);

// The command line's decisions read the same way: every system call that
// names the file is an open (a lock written reads it first, under flock).
$php = getenv('TEST_PHP_EXECUTABLE') . ' ' . getenv('TEST_PHP_EXTRA_ARGS');
foreach (['upgrade_state_read', 'upgrade_heartbeat(60, ...)', 'upgrade_unlock'] as $i => $what) {
    $code = [
        'upgrade_state_read(' . var_export($state, true) . ');',
        'upgrade_heartbeat(60, ' . var_export($state, true) . ');',
        'upgrade_unlock(' . var_export($state, true) . ');',
    ][$i];
    shell_exec('strace -f -qq -e trace=%file -o ' . escapeshellarg("$dir/cli.log") . " $php -n -r " . escapeshellarg($code));
    $calls = [];
    foreach (file("$dir/cli.log") as $line) {
        if (preg_match('/^\d+ +(\w+)\((AT_FDCWD, )?"' . preg_quote($state, '/') . '"/', $line, $m)) {
            $calls[] = $m[1];
        }
    }
    echo "$what: ", implode(', ', $calls), "\n";
}
state_rmdir($dir);
?>
--EXPECT--
recheck_ms=0, answers: ULL
  request 1: open (O_NOFOLLOW)
  request 1: fstat of the descriptor
  request 1: read
  request 1: read (end of file)
  request 1: close
  request 2: open (O_NOFOLLOW)
  request 2: fstat of the descriptor
  request 2: read
  request 2: read (end of file)
  request 2: close
  request 3: open (O_NOFOLLOW)
  request 3: fstat of the descriptor
  request 3: close
recheck_ms=60000, answers: UUU
  request 1: open (O_NOFOLLOW)
  request 1: fstat of the descriptor
  request 1: read
  request 1: read (end of file)
  request 1: close
upgrade_state_read: openat
upgrade_heartbeat(60, ...): openat
upgrade_unlock: openat
