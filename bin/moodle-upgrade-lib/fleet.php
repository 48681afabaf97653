<?php
// moodle-upgrade: the fleet — every web frontend's status answer (the
// extension's upgrade.status_path, README "The status answer: what each
// frontend sees, and readiness").
//
// deploy --frontends waits, after taking the lock, until every frontend
// reports that very lock (its owner host, pid and since as this deploy wrote
// them), then the largest recheck_ms any of them reports, so that every
// worker of every frontend has revalidated its state file before Moodle's
// upgrade starts. A frontend that does not confirm in time stops the deploy
// before anything but the lock was changed. After the upgrade it asks each
// frontend once more whether its code matches the database.
//
// Plain HTTP GET through PHP's http stream wrapper: no extension needed.

namespace MoodleUpgrade;

final class Fleet
{
    /** Per request: connect and each read. */
    public const REQUEST_TIMEOUT = 2.0;
    /** Between two rounds of polling. */
    private const POLL_INTERVAL_US = 200000;

    /** @var list<string> */
    public array $urls;
    /** url => what the barrier saw last: ['confirmed' => bool, 'said' => string, 'recheck_ms' => ?int] */
    public array $barrier = [];
    /** url => the answer after the upgrade: ['matches' => ?bool, 'ready' => ?bool, 'line' => string, ...] */
    public array $report = [];

    /** @param list<string> $urls */
    private function __construct(array $urls, public readonly int $timeout)
    {
        $this->urls = $urls;
    }

    /**
     * From --frontends (URL,URL,... or @FILE: one URL a line, # comments)
     * and --frontend-timeout. Every URL is checked here, before anything is
     * read or written; a bad one is a failure naming it.
     */
    public static function from_args(Args $args): ?self
    {
        if (!$args->has('frontends')) {
            return null;
        }
        $spec = (string) $args->get('frontends', '');
        if (str_starts_with($spec, '@')) {
            $file = substr($spec, 1);
            if ($file === '') {
                fail('--frontends @FILE needs a file name after the @');
            }
            $text = @file_get_contents($file);
            if ($text === false || is_dir($file)) {
                $why = is_dir($file) ? 'it is a folder'
                    : preg_replace('/^file_get_contents\([^)]*\): (Failed to open stream: )?/', '', error_get_last()['message'] ?? 'unreadable');
                fail("--frontends: cannot read $file: $why");
            }
            $items = [];
            foreach (preg_split('/\r?\n/', $text) as $line) {
                $line = trim(preg_replace('/#.*$/', '', $line));
                if ($line !== '') {
                    $items[] = $line;
                }
            }
            if ($items === []) {
                fail("--frontends: $file lists no URL (one a line, # for comments)");
            }
            $where = $file;
        } else {
            $items = array_map('trim', explode(',', $spec));
            if (in_array('', $items, true)) {
                fail("--frontends: an empty URL in '$spec' (URL,URL,... or @FILE)");
            }
            $where = null;
        }
        $urls = [];
        foreach ($items as $url) {
            self::check_url($url, $where);
            if (in_array($url, $urls, true)) {
                fail("--frontends: $url is listed twice" . ($where !== null ? " in $where" : ''));
            }
            $urls[] = $url;
        }
        return new self($urls, $args->seconds('frontend-timeout', 60));
    }

    private static function check_url(string $url, ?string $where): void
    {
        $in = $where !== null ? " in $where" : '';
        $p = preg_match('/\s/', $url) ? false : parse_url($url);
        $scheme = is_array($p) ? strtolower($p['scheme'] ?? '') : '';
        if (!is_array($p) || !in_array($scheme, ['http', 'https'], true) || ($p['host'] ?? '') === ''
                || isset($p['user']) || isset($p['fragment'])) {
            fail("--frontends: '$url'$in is not a URL of a frontend's status answer (http://HOST[:PORT]/PATH)");
        }
        if ($scheme === 'https' && !extension_loaded('openssl')) {
            fail("--frontends: $url needs PHP's openssl extension, which is not loaded");
        }
    }

    /**
     * One GET of a frontend's status answer. Returns [answer (the decoded
     * JSON) or null, what it said in a few words when it is not a status
     * answer].
     */
    public static function ask(string $url): array
    {
        $ctx = stream_context_create([
            'http' => [
                'method' => 'GET',
                'timeout' => self::REQUEST_TIMEOUT,
                'ignore_errors' => true,        // the body of a 503 is the answer too
                'follow_location' => 0,
                'protocol_version' => 1.0,
                'header' => "Accept: application/json\r\nCache-Control: no-cache\r\nConnection: close\r\n",
                'user_agent' => 'moodle-upgrade',
            ],
            'ssl' => ['SNI_enabled' => true],
        ]);
        error_clear_last();
        $http_response_header = null;
        $t0 = microtime(true);
        $body = @file_get_contents($url, false, $ctx, 0, 1 << 20);
        // PHP 8.4 has a function for what 8.2 puts in this magic local.
        $headers = (function_exists('http_get_last_response_headers') ? http_get_last_response_headers() : $http_response_header) ?? [];
        if ($body === false || $headers === []) {
            if (microtime(true) - $t0 >= self::REQUEST_TIMEOUT - 0.05) {
                return [null, sprintf('no answer within %g s', self::REQUEST_TIMEOUT)];
            }
            $err = error_get_last()['message'] ?? '';
            $err = preg_replace('/^file_get_contents\([^)]*\): (Failed to open stream: )?/', '', $err);
            $err = preg_replace('/^(HTTP request failed!|php_network_getaddresses: )\s*/', '', $err);
            return [null, 'unreachable' . ($err !== '' ? ' (' . Site::one_line($err) . ')' : '')];
        }
        $code = preg_match('#^HTTP/\S+\s+(\d{3})#', (string) $headers[0], $m) ? (int) $m[1] : 0;
        $type = '';
        foreach ($headers as $h) {
            if (preg_match('/^Content-Type:\s*([^;\s]+)/i', $h, $m)) {
                $type = strtolower($m[1]);
            }
        }
        $json = json_decode($body, true);
        $snippet = Site::one_line(substr(Site::one_line(strip_tags($body)), 0, 60));
        if ($code === 403) {
            return [null, 'refused (HTTP 403): this host is not in its upgrade.status_allow'];
        }
        if (!is_array($json)) {
            return [null, "answered HTTP $code with something that is not JSON (" . ($type !== '' ? $type : 'no Content-Type')
                . ($snippet !== '' ? ": \"$snippet\"" : ', empty') . '): not a status answer (is upgrade.status_path this path?)'];
        }
        if (!in_array($code, [200, 503], true) || !is_array($json['lock'] ?? null) || !array_key_exists('ready', $json)) {
            return [null, "answered HTTP $code with JSON that is not a status answer"
                . (isset($json['error']) && is_string($json['error']) ? ' (' . Site::one_line($json['error']) . ')' : '')];
        }
        return [$json, ''];
    }

    /** The lock a status answer reports, in a few words. */
    private static function lock_seen(array $a): string
    {
        $l = $a['lock'];
        if (is_string($l['problem'] ?? null)) {
            return "its state file is unusable, so it fails closed: {$l['problem']}";
        }
        if (empty($l['locked'])) {
            return ($l['expired'] ?? false) ? 'sees an expired lock' : 'sees no lock';
        }
        $o = is_array($l['owner'] ?? null) ? $l['owner'] : [];
        return 'sees another lock (' . ($o['user'] ?? '?') . '@' . ($o['host'] ?? '?') . ' pid ' . ($o['pid'] ?? '?')
            . ' since ' . (isset($l['since']) ? gmdate('H:i:s', (int) $l['since']) . ' UTC' : '?') . ')';
    }

    /** Whether an answer reports the lock this deploy wrote ($mine: host, pid, since from upgrade_lock()). */
    private static function confirms(array $a, array $mine): bool
    {
        $l = $a['lock'];
        $o = is_array($l['owner'] ?? null) ? $l['owner'] : [];
        return ($l['locked'] ?? false) === true
            && (string) ($o['host'] ?? '') === (string) ($mine['host'] ?? '')
            && (int) ($o['pid'] ?? 0) === (int) ($mine['pid'] ?? -1)
            && (int) ($l['since'] ?? 0) === (int) ($mine['since'] ?? -1);
    }

    /**
     * The barrier: polls every frontend until each reports the lock $mine,
     * at most $this->timeout seconds; then waits the largest recheck_ms
     * reported. $tick runs between rounds (heartbeat, signals). Returns the
     * unconfirmed frontends, url => what it reported last ([] when all
     * confirmed); $waited_ms: the recheck wait.
     */
    public function barrier(array $mine, callable $tick, ?int &$waited_ms = null): array
    {
        $deadline = microtime(true) + $this->timeout;
        $pending = array_fill_keys($this->urls, 'not asked yet');
        $recheck = 0;
        while (true) {
            foreach (array_keys($pending) as $url) {
                [$a, $said] = self::ask($url);
                if ($a !== null) {
                    $ms = (int) ($a['state_file']['recheck_ms'] ?? 0);
                    if (self::confirms($a, $mine)) {
                        unset($pending[$url]);
                        $recheck = max($recheck, $ms);
                        $this->barrier[$url] = ['confirmed' => true, 'said' => 'sees this deploy\'s lock', 'recheck_ms' => $ms];
                        continue;
                    }
                    $said = self::lock_seen($a);
                }
                $pending[$url] = $said;
                $this->barrier[$url] = ['confirmed' => false, 'said' => $said, 'recheck_ms' => null];
            }
            if ($pending === [] || microtime(true) >= $deadline) {
                break;
            }
            $tick();
            usleep((int) min(self::POLL_INTERVAL_US, max(0, ($deadline - microtime(true)) * 1e6)));
        }
        $waited_ms = 0;
        if ($pending === []) {
            // Each worker revalidates at most recheck_ms after the answer that confirmed it.
            $until = microtime(true) + $recheck / 1000;
            while (($left = $until - microtime(true)) > 0) {
                $tick();
                usleep((int) min(self::POLL_INTERVAL_US, $left * 1e6));
            }
            $waited_ms = $recheck;
        }
        return $pending;
    }

    /**
     * After the upgrade: each frontend's code against the database's
     * versions hash $dbhash. A frontend whose answer still shows an older
     * state (another site hash, or the lock this deploy released) is asked
     * again until the recheck_ms it reports has passed (plus a margin).
     * $unlocked: the lock was released. Returns url => verdict.
     */
    public function check_code(string $dbhash, bool $unlocked, callable $tick): array
    {
        $last = [];
        $until = [];
        $open = array_fill_keys($this->urls, true);
        while ($open !== []) {
            foreach (array_keys($open) as $url) {
                [$a, $said] = self::ask($url);
                $last[$url] = [$a, $said];
                if ($a === null) {
                    unset($open[$url]);
                    continue;
                }
                $until[$url] ??= microtime(true) + ((int) ($a['state_file']['recheck_ms'] ?? 0)) / 1000 + 0.5;
                $fresh = ($a['code']['site_versions_hash'] ?? null) === $dbhash && (!$unlocked || empty($a['lock']['locked']));
                if ($fresh || microtime(true) >= $until[$url]) {
                    unset($open[$url]);
                }
            }
            if ($open !== []) {
                $tick();
                usleep(self::POLL_INTERVAL_US / 2);
            }
        }
        $this->report = [];
        foreach ($this->urls as $url) {
            $this->report[$url] = self::verdict($url, $last[$url][0], $last[$url][1], $dbhash);
        }
        return $this->report;
    }

    private static function verdict(string $url, ?array $a, string $said, string $dbhash): array
    {
        if ($a === null) {
            return ['url' => $url, 'answered' => false, 'matches' => null, 'ready' => null, 'versions_hash' => null,
                'line' => "frontend $url: $said"];
        }
        $code = is_array($a['code'] ?? null) ? $a['code'] : [];
        $mine = $code['versions_hash'] ?? null;
        $site = $code['site_versions_hash'] ?? null;
        $ready = ($a['ready'] ?? false) === true;
        $matches = is_string($mine) && $mine === $dbhash;
        $reasons = array_filter((array) ($a['reasons'] ?? []), 'is_string');
        if ($matches) {
            $line = 'code matches the database ' . ($ready ? '(ready)' : '(not ready: ' . implode('; ', $reasons) . ')');
        } elseif ($mine === null) {
            $line = 'code unknown (' . (is_string($code['error'] ?? null) ? $code['error'] : 'no versions hash') . '): not ready';
        } else {
            $line = "code does NOT match (versions hash $mine, site " . ($site ?? 'not recorded') . ')'
                . ($site !== null && $site !== $dbhash ? " [database $dbhash]" : '') . ': ' . ($ready ? 'ready' : 'not ready');
        }
        return ['url' => $url, 'answered' => true, 'matches' => $matches, 'ready' => $ready, 'versions_hash' => $mine,
            'line' => "frontend $url: $line"];
    }
}
