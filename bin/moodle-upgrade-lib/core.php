<?php
// moodle-upgrade: what every command needs — options, the site and its
// config.php, the database, and the decision itself. Loaded on every run, so
// it stays small: reports, the lock and deploy live in their own files and are
// loaded only by the commands that use them.

namespace MoodleUpgrade;

const EXIT_OK = 0;            // nothing to do
const EXIT_ERROR = 1;         // bad input, unreachable database, failed step
const EXIT_PENDING = 2;       // --is-pending: pending; --is-maintenance-required: required; deploy: refused
const EXIT_NO_MAINTENANCE = 3; // --is-maintenance-required: pending, no maintenance needed
const EXIT_DOWNGRADE = 4;     // the code is older than the database (core or a plugin)
const EXIT_BUSY = 5;          // deploy: refused, another upgrade runs (its owner named)

/** A problem the user must fix: printed as one line, exit 1. */
final class Failure extends \RuntimeException
{
}

function fail(string $message): never
{
    throw new Failure($message);
}

/** Milliseconds since $t0 (an hrtime(true) value). */
function ms(int $t0): float
{
    return (hrtime(true) - $t0) / 1e6;
}

/** Parsed command line: the command and its options. */
final class Args
{
    /** name => true when the option takes a value. */
    private const KNOWN = [
        'root' => true, 'admin' => true, 'themedir' => true,
        'dbtype' => true, 'dbhost' => true, 'dbport' => true, 'dbsocket' => true, 'dbname' => true,
        'dbuser' => true, 'dbpass' => true, 'prefix' => true, 'dataroot' => true,
        'state-file' => true, 'snapshot' => true, 'php' => true, 'ttl' => true, 'kill-after' => true,
        'db-timeout' => true, 'cache-dir' => true, 'lang' => true, 'frontends' => true, 'frontend-timeout' => true,
        'probe' => false,
        'no-cache' => false,
        'is-pending' => false, 'is-maintenance-required' => false,
        'set-ui-upgrade-lock' => false, 'unset-ui-upgrade-lock' => false,
        'maintenance' => false, 'no-maintenance' => false, 'allow-unstable' => false, 'non-interactive' => false,
        'verbose-settings' => false,
        'json' => false, 'help' => false, 'timings' => false,
    ];
    private const COMMANDS = ['status', 'explain', 'deploy', 'snapshot', 'hashes', 'state', 'help'];
    private const SUBCOMMANDS = ['state' => ['init']];

    /** Moodle's admin/cli/upgrade.php options: with no command, they mean what they mean there. */
    public const MOODLE = ['allow-unstable', 'help', 'is-maintenance-required', 'is-pending', 'lang', 'maintenance',
        'no-maintenance', 'non-interactive', 'set-ui-upgrade-lock', 'unset-ui-upgrade-lock', 'verbose-settings'];
    private const SITE = ['root', 'admin', 'themedir', 'help', 'json'];
    private const DB = ['dbtype', 'dbhost', 'dbport', 'dbsocket', 'dbname', 'dbuser', 'dbpass', 'prefix', 'dataroot',
        'db-timeout'];
    /** The code hashed in a child (with its cache), and the lock read or written. */
    private const HASHED = ['cache-dir', 'no-cache', 'state-file'];
    private const RUN = [...self::HASHED, 'php', 'ttl', 'kill-after', 'snapshot'];
    /**
     * The options each command takes beyond SITE and DB. "check" is Moodle's
     * questions, "upgrade" Moodle's upgrade (no command, no question). A
     * command not listed here checks its own options.
     */
    private const APPLIES = [
        'check' => [...self::MOODLE, ...self::HASHED, 'ttl', 'timings'],
        'upgrade' => [...self::MOODLE, ...self::RUN],
        'deploy' => ['no-maintenance', 'allow-unstable', 'non-interactive', 'lang', 'verbose-settings',
            'set-ui-upgrade-lock', 'frontends', 'frontend-timeout', ...self::RUN],
        'status' => [...self::HASHED, 'snapshot', 'timings', 'probe'],
        'explain' => [...self::HASHED, 'snapshot', 'timings'],
        'snapshot' => ['snapshot'],
        'hashes' => [],
    ];

    public string $command = '';
    /** The subcommand of `state` (init). */
    public ?string $sub = null;
    /** @var array<string, string|true> */
    public array $opts = [];

    public function __construct(array $argv)
    {
        $rest = array_slice($argv, 1);
        for ($i = 0; $i < count($rest); $i++) {
            $arg = $rest[$i];
            if ($arg === '-h') {
                $arg = '--help';
            }
            if (!str_starts_with($arg, '--')) {
                if (str_starts_with($arg, '-')) {
                    fail("unknown option $arg (see --help)");
                }
                if (isset(self::SUBCOMMANDS[$this->command]) && $this->sub === null) {
                    if (!in_array($arg, self::SUBCOMMANDS[$this->command], true)) {
                        fail("unknown subcommand '{$this->command} $arg' (see --help)");
                    }
                    $this->sub = $arg;
                    continue;
                }
                if ($this->command !== '') {
                    fail("unexpected argument '$arg' (see --help)");
                }
                if (!in_array($arg, self::COMMANDS, true)) {
                    fail("unknown command '$arg' (see --help)");
                }
                $this->command = $arg;
                continue;
            }
            [$name, $value] = array_pad(explode('=', substr($arg, 2), 2), 2, null);
            if ($name === 'maintenance' && $value !== null) {
                // Moodle takes any value here, and "false" as true: say what is meant instead.
                fail("--maintenance takes no value: --no-maintenance upgrades without maintenance mode"
                    . " (Moodle itself reads --maintenance=$value as " . ($value === '' || $value === '0' ? 'false' : 'true') . ')');
            }
            // Moodle's --no-FLAG turns one of its flags off (the default): nothing to set.
            $off = $name !== 'no-maintenance' && $name !== 'no-cache' && str_starts_with($name, 'no-')
                && in_array(substr($name, 3), self::MOODLE, true) && self::KNOWN[substr($name, 3)] === false;
            if (!$off && !array_key_exists($name, self::KNOWN)) {
                fail("unknown option --$name (see --help)");
            }
            if ($off) {
                if ($value !== null) {
                    fail("option --$name takes no value");
                }
                unset($this->opts[substr($name, 3)]);
                continue;
            }
            if (self::KNOWN[$name]) {
                if ($value === null) {
                    if (!isset($rest[$i + 1])) {
                        fail("option --$name needs a value");
                    }
                    $value = $rest[++$i];
                }
                $this->opts[$name] = $value;
            } else {
                if ($value !== null) {
                    fail("option --$name takes no value");
                }
                $this->opts[$name] = true;
            }
        }
        if (isset($this->opts['maintenance'], $this->opts['no-maintenance'])) {
            fail('--maintenance and --no-maintenance contradict each other: give one');
        }
        if (isset(self::SUBCOMMANDS[$this->command]) && $this->sub === null) {
            fail("'{$this->command}' needs a subcommand: " . implode(', ', self::SUBCOMMANDS[$this->command]) . ' (see --help)');
        }
        if ($this->command === '') {
            $question = isset($this->opts['is-pending']) || isset($this->opts['is-maintenance-required']);
            $this->command = isset($this->opts['help']) ? 'help' : ($question ? 'check' : 'upgrade');
        }
        $this->check_applies();
    }

    /** Every option given must mean something for the command: never silently ignored. */
    private function check_applies(): void
    {
        $command = $this->command;
        if ($command === 'help') {
            return;
        }
        if (!isset(self::APPLIES[$command])) {
            return;
        }
        $ok = [...self::SITE, ...($command === 'hashes' ? [] : self::DB), ...self::APPLIES[$command]];
        if ($this->probe()) {
            // The exec probe reads the state file and hashes the code: no database, no cache kept.
            $ok = [...self::SITE, 'dataroot', 'state-file', 'probe'];
        }
        foreach (array_keys($this->opts) as $name) {
            if (!in_array($name, $ok, true)) {
                $what = match ($command) {
                    'check' => 'Moodle\'s questions (--is-pending, --is-maintenance-required)',
                    'upgrade' => 'an upgrade (no command)',
                    'status' => $this->probe() ? 'status --probe' : 'status',
                    default => $command,
                };
                fail("option --$name does not apply to $what (see --help)");
            }
        }
        if ($command === 'check' && isset($this->opts['ttl']) && !isset($this->opts['set-ui-upgrade-lock'])) {
            fail('option --ttl applies to --set-ui-upgrade-lock only (see --help)');
        }
        if (isset($this->opts['frontend-timeout']) && !isset($this->opts['frontends'])) {
            fail('option --frontend-timeout applies to --frontends only (see --help)');
        }
    }

    /** `status --probe`: readiness from the state file and the code alone. */
    public function probe(): bool
    {
        return $this->command === 'status' && isset($this->opts['probe']);
    }

    /** Whether the command will need the component hash (else only the versions). */
    public function wants_component_hash(): bool
    {
        return match ($this->command) {
            // --no-maintenance asks the maintenance question first, as Moodle does.
            'check' => $this->has('is-maintenance-required') || $this->has('json') || $this->has('no-maintenance'),
            'snapshot' => false,
            default => true,
        };
    }

    public function has(string $name): bool
    {
        return isset($this->opts[$name]);
    }

    public function get(string $name, ?string $default = null): ?string
    {
        $v = $this->opts[$name] ?? $default;
        return $v === true ? $default : $v;
    }

    /** A whole number of seconds option. */
    public function seconds(string $name, int $default): int
    {
        $v = $this->get($name);
        if ($v === null) {
            return $default;
        }
        if (!preg_match('/^[0-9]+$/', $v) || (int) $v < 1) {
            fail("--$name must be a whole number of seconds (got '$v')");
        }
        return (int) $v;
    }
}

/**
 * The site: where its code is (as Moodle sees it, since Moodle keys the
 * component hash by absolute path), its config, database settings, dataroot.
 */
final class Site
{
    public string $root;
    public string $dirroot;
    public string $layout;
    public ?string $configfile = null;
    public ?string $dataroot = null;
    public string $admin = 'admin';
    public ?string $themedir = null;
    /** type (pgsql|mysql), dbtype (as configured), host, port, socket, name, user, pass, prefix, schema */
    public array $db = [];
    /** What config.php printed or other oddities, for the report. */
    public array $warnings = [];
    /** Milliseconds spent finding the site and reading its configuration. */
    public float $config_ms = 0.0;

    private bool $loading = false;
    private string $cwd = '';
    private int $errorlevel = 0;
    private string|false $displayerrors = false;

    public function __construct(private Args $args)
    {
        $this->root = self::find_root($args->get('root'));
        $this->layout = is_file("{$this->root}/public/version.php") ? '51' : '4x';
        $this->dirroot = $this->layout === '51' ? "{$this->root}/public" : $this->root;
        // Known before config.php is read (the code is hashed from then on);
        // config.php may change them, explicit options win.
        if ($args->has('admin')) {
            $this->admin = $args->get('admin');
        }
        if ($args->has('themedir')) {
            $this->themedir = $args->get('themedir');
        }
        if (!$args->has('dbtype')) {
            $config = "{$this->root}/config.php";
            if (!is_file($config) && $args->probe()) {
                return;   // the state file then comes from --state-file, --dataroot or upgrade.state_file
            }
            if (!is_file($config)) {
                fail("no config.php in {$this->root}: give the database with --dbtype, --dbname... (see --help)");
            }
            $this->configfile = $config;
        }
    }

    /** The site root: given, or the current folder and its parents. */
    public static function find_root(?string $given): string
    {
        if ($given !== null) {
            $real = realpath($given);
            if ($real === false || !is_dir($real)) {
                fail("site root $given does not exist");
            }
            if (!self::is_site($real)) {
                fail("$real is not a Moodle site (no lib/components.json with version.php or public/version.php)");
            }
            return $real;
        }
        $dir = getcwd();
        while (true) {
            if (self::is_site($dir)) {
                return $dir;
            }
            $parent = dirname($dir);
            if ($parent === $dir) {
                fail("no Moodle site in " . getcwd() . " or its parents (use --root)");
            }
            $dir = $parent;
        }
    }

    private static function is_site(string $dir): bool
    {
        return is_file("$dir/lib/components.json") && (is_file("$dir/version.php") || is_file("$dir/public/version.php"));
    }

    /**
     * Before config.php runs (at global scope, by the caller): Moodle's own
     * constants for a script that only wants the configuration, so that
     * lib/setup.php returns right after reading it.
     */
    public function config_begin(): void
    {
        defined('CLI_SCRIPT') || define('CLI_SCRIPT', true);
        defined('ABORT_AFTER_CONFIG') || define('ABORT_AFTER_CONFIG', true);
        $this->cwd = getcwd();
        $this->errorlevel = error_reporting();
        $this->displayerrors = ini_get('display_errors');
        $this->loading = true;
        register_shutdown_function([$this, 'config_died']);
        ob_start();
    }

    /** config.php threw: one clear line. */
    public function config_threw(\Throwable $e): never
    {
        $this->loading = false;
        while (ob_get_level() > 0) {
            ob_end_clean();
        }
        fail("{$this->configfile} failed: " . self::one_line($e->getMessage())
            . ' (' . basename($e->getFile()) . ':' . $e->getLine() . ')');
    }

    /** Shutdown while config.php was still running: it called exit/die or hit a fatal error. */
    public function config_died(): void
    {
        if (!$this->loading) {
            return;
        }
        $printed = '';
        while (ob_get_level() > 0) {
            $printed = ob_get_clean() . $printed;
        }
        $err = error_get_last();
        if ($err !== null && in_array($err['type'], [E_ERROR, E_PARSE, E_CORE_ERROR, E_COMPILE_ERROR, E_USER_ERROR], true)) {
            $why = 'failed: ' . self::one_line($err['message']) . ' (' . basename($err['file']) . ':' . $err['line'] . ')';
        } else {
            $said = self::one_line(strip_tags($printed));
            $why = 'stopped the program while being read' . ($said !== '' ? ": \"$said\"" : ' (exit or die)');
        }
        fwrite(STDERR, "moodle-upgrade: {$this->configfile} $why\n");
        exit(EXIT_ERROR);
    }

    /** After config.php: restore what Moodle's setup.php changed, and take the settings. */
    public function config_end(): void
    {
        $printed = ob_get_clean();
        $this->loading = false;
        if ($this->cwd !== '' && getcwd() !== $this->cwd) {
            @chdir($this->cwd);
        }
        error_reporting($this->errorlevel);
        if ($this->displayerrors !== false) {
            ini_set('display_errors', $this->displayerrors);
        }
        if (trim((string) $printed) !== '') {
            $this->warnings[] = "config.php printed: " . self::one_line($printed);
        }
        $cfg = $GLOBALS['CFG'] ?? null;
        if (!is_object($cfg)) {
            fail("{$this->configfile} did not set \$CFG");
        }
        $this->take_config($cfg);
    }

    /** Settings from $CFG; explicit options win. */
    private function take_config(object $cfg): void
    {
        // Moodle's lib/setup.php sets dirroot from its own location: the path
        // Moodle hashes. Follow it when it names this site's code.
        if (isset($cfg->dirroot) && is_string($cfg->dirroot) && $cfg->dirroot !== '') {
            $dirroot = rtrim($cfg->dirroot, '/');
            $root = ($this->layout === '51' && basename($dirroot) === 'public') ? dirname($dirroot) : $dirroot;
            if (realpath($root) === realpath($this->root)) {
                $this->root = $root;
                $this->dirroot = $dirroot;
            } else {
                $this->warnings[] = "config.php's dirroot $dirroot is not this site ({$this->root}); using {$this->root}";
            }
        }
        $o = is_array($cfg->dboptions ?? null) ? $cfg->dboptions : [];
        // status --probe never touches the database: its settings are not even checked.
        if (!$this->args->probe()) {
            $this->set_db([
                'dbtype' => $cfg->dbtype ?? null,
                'host' => $cfg->dbhost ?? null,
                'port' => $o['dbport'] ?? null,
                'socket' => $o['dbsocket'] ?? null,
                'schema' => $o['dbschema'] ?? null,
                'name' => $cfg->dbname ?? null,
                'user' => $cfg->dbuser ?? null,
                'pass' => $cfg->dbpass ?? null,
                'prefix' => $cfg->prefix ?? null,
                'timeout' => $o['connecttimeout'] ?? null,
            ]);
        }
        if (isset($cfg->dataroot) && is_string($cfg->dataroot) && $cfg->dataroot !== '') {
            $this->dataroot = $cfg->dataroot;
        }
        if (isset($cfg->admin) && is_string($cfg->admin) && $cfg->admin !== '') {
            $this->admin = $cfg->admin;
        }
        if (isset($cfg->themedir) && is_string($cfg->themedir) && $cfg->themedir !== '') {
            $this->themedir = $cfg->themedir;
        }
    }

    /** Settings without config.php (--dbtype given), then the explicit options on top. */
    public function settle(): void
    {
        $a = $this->args;
        $map = ['dbtype' => 'dbtype', 'dbhost' => 'host', 'dbport' => 'port', 'dbsocket' => 'socket',
            'dbname' => 'name', 'dbuser' => 'user', 'dbpass' => 'pass', 'prefix' => 'prefix', 'db-timeout' => 'timeout'];
        $over = [];
        foreach ($map as $opt => $key) {
            if ($a->has($opt)) {
                $over[$key] = $a->get($opt, '');
            }
        }
        if (($over || $this->configfile === null) && !$a->probe()) {
            $this->set_db($over + $this->db);
        }
        if ($a->has('dataroot')) {
            $this->dataroot = $a->get('dataroot');
        }
        if ($a->has('admin')) {
            $this->admin = $a->get('admin');
        }
        if ($a->has('themedir')) {
            $this->themedir = $a->get('themedir');
        }
        if ($this->dataroot !== null) {
            $this->dataroot = rtrim($this->dataroot, '/');
        }
    }

    private function set_db(array $d): void
    {
        $dbtype = (string) ($d['dbtype'] ?? '');
        $type = match ($dbtype) {
            'pgsql' => 'pgsql',
            'mysqli', 'mariadb', 'auroramysql' => 'mysql',
            '' => fail('no database type: $CFG->dbtype is not set (or give --dbtype)'),
            default => fail("database type '$dbtype' is not supported (pgsql, mysqli, mariadb, auroramysql)"),
        };
        $prefix = (string) ($d['prefix'] ?? 'mdl_');
        if (!preg_match('/^[A-Za-z0-9_]*$/', $prefix)) {
            fail("table prefix '$prefix' is not valid (letters, digits and _ only)");
        }
        $schema = ($type === 'pgsql' && !empty($d['schema'])) ? (string) $d['schema'] : null;
        if ($schema !== null && !preg_match('/^[A-Za-z_][A-Za-z0-9_]*$/', $schema)) {
            fail("database schema '$schema' is not valid");
        }
        $port = $d['port'] ?? null;
        $this->db = [
            'dbtype' => $dbtype,
            'type' => $type,
            'host' => (string) ($d['host'] ?? 'localhost'),
            'port' => ($port === null || $port === '' || $port === 0) ? null : (string) $port,
            'socket' => (isset($d['socket']) && $d['socket'] !== '' && $d['socket'] !== false) ? $d['socket'] : null,
            'schema' => $schema,
            'name' => (string) ($d['name'] ?? 'moodle'),
            'user' => (string) ($d['user'] ?? ''),
            'pass' => (string) ($d['pass'] ?? ''),
            'prefix' => $prefix,
            'timeout' => max(1, (int) ($d['timeout'] ?? 10)),
        ];
    }

    /** Options for the extension's functions. */
    public function ext_options(): array
    {
        $o = [];
        if ($this->admin !== 'admin') {
            $o['admin'] = $this->admin;
        }
        if ($this->themedir !== null) {
            $o['themedir'] = $this->themedir;
        }
        return $o;
    }

    /**
     * Where this site's hashing cache lives between runs (null: none). Each
     * entry is re-checked against its file's identity before use, so the
     * cache only ever saves time; it is kept per user, away from shared
     * storage: file identities are this machine's, and another user's
     * hashes are not to be taken on trust.
     */
    public function cache_file(): ?string
    {
        if ($this->args->has('no-cache') || !function_exists('upgrade_cache_load')) {
            return null;
        }
        $uid = function_exists('posix_geteuid') ? posix_geteuid() : getmyuid();
        $dir = $this->args->get('cache-dir') ?? sys_get_temp_dir() . "/moodle-upgrade-$uid";
        if (!is_dir($dir) && !@mkdir($dir, 0700, true)) {
            return null;
        }
        $st = @stat($dir);
        if ($st === false || ($st['mode'] & 0022) !== 0 || (function_exists('posix_geteuid') && $st['uid'] !== $uid)) {
            return null;   // not ours alone: run without it
        }
        return "$dir/" . sha1($this->root . "\0" . serialize($this->ext_options())) . '.cache';
    }

    /** The folder on the dataroot where the tool keeps its files. */
    public function tooldir(): ?string
    {
        return $this->dataroot === null ? null : "{$this->dataroot}/moodle-upgrade";
    }

    /** The shared state file: --state-file, the INI setting, or the dataroot. */
    public function state_file(): ?string
    {
        $given = $this->args->get('state-file');
        if ($given !== null && $given !== '') {
            return $given;
        }
        // The extension's own value, never ini_get() (see upgrade_settings()).
        $ini = upgrade_settings()['upgrade.state_file'];
        if ($ini !== '') {
            return $ini;
        }
        $dir = $this->tooldir();
        return $dir === null ? null : "$dir/state";
    }

    public function snapshot_file(): ?string
    {
        $given = $this->args->get('snapshot');
        if ($given !== null && $given !== '') {
            return $given;
        }
        $dir = $this->tooldir();
        return $dir === null ? null : "$dir/snapshot.json";
    }

    /** Where Moodle's admin CLI scripts were found: [folder, how it was chosen], once known. */
    private ?array $clidir = null;

    /**
     * The folder holding Moodle's admin CLI scripts (upgrade.php...), and a
     * few words on which one it is. Moodle 5.1 keeps them at the top level,
     * ROOT/admin/cli, with the code under public/; its development builds
     * (and 4.x, where ROOT is the code) have them in DIRROOT/admin/cli. The
     * top level is looked at first, then the code's; none: a failure naming both.
     */
    public function cli_dir(): array
    {
        if ($this->clidir !== null) {
            return $this->clidir;
        }
        $tried = [];
        $candidates = ["{$this->root}/{$this->admin}/cli"];
        if ($this->admin !== 'admin') {
            $candidates[] = "{$this->root}/admin/cli";   // 5.1: $CFG->admin names the web folder under public/
        }
        if ($this->dirroot !== $this->root) {
            $candidates[] = "{$this->dirroot}/{$this->admin}/cli";
        }
        foreach ($candidates as $dir) {
            if (is_file("$dir/upgrade.php")) {
                $where = $this->dirroot === $this->root ? 'the site\'s admin folder'
                    : (str_starts_with($dir, "{$this->dirroot}/") ? 'under public/, as in 5.1 development builds'
                        : 'at the top level, as in Moodle 5.1');
                return $this->clidir = [$dir, $where];
            }
            $tried[] = $dir;
        }
        fail("Moodle's admin/cli/upgrade.php is not in " . implode(' nor in ', $tried)
            . ': is this a complete Moodle code tree?');
    }

    /** Moodle's admin CLI script NAME.php in this site. */
    public function cli_script(string $name): string
    {
        return $this->cli_dir()[0] . "/$name.php";
    }

    /** A path inside the site, relative to its root (as Moodle's docs write "php admin/cli/upgrade.php"). */
    public function relative(string $path): string
    {
        return str_starts_with($path, "{$this->root}/") ? substr($path, strlen($this->root) + 1) : $path;
    }

    /** "pgsql database moodle on 127.0.0.1:5432", for messages. */
    public function db_label(): string
    {
        $d = $this->db;
        $where = $d['socket'] !== null && $d['socket'] !== true ? (string) $d['socket'] : $d['host'] . ($d['port'] !== null ? ":{$d['port']}" : '');
        return "{$d['dbtype']} database {$d['name']} on $where";
    }

    public static function one_line(string $s): string
    {
        $s = trim(preg_replace('/\s+/', ' ', $s));
        return strlen($s) > 300 ? substr($s, 0, 297) . '...' : $s;
    }
}

/** The site's database, through PDO. */
final class Db
{
    public \PDO $pdo;

    private function __construct(public Site $site)
    {
    }

    public static function connect(Site $site): self
    {
        $d = $site->db;
        $self = new self($site);
        $driver = $d['type'] === 'pgsql' ? 'pdo_pgsql' : 'pdo_mysql';
        if (!extension_loaded($driver)) {
            fail("PHP's $driver extension is not loaded: it is needed for the {$d['dbtype']} database"
                . ($d['type'] === 'pgsql' ? ' (Debian: php8.2-pgsql)' : ' (Debian: php8.2-mysql)'));
        }
        $options = [
            \PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION,
            \PDO::ATTR_TIMEOUT => $d['timeout'],
            \PDO::ATTR_DEFAULT_FETCH_MODE => \PDO::FETCH_NUM,
        ];
        if ($d['type'] === 'pgsql') {
            // One round trip per statement: no server-side prepare.
            $options[\PDO::ATTR_EMULATE_PREPARES] = true;
            $dsn = 'pgsql:' . self::pg_dsn($d);
        } else {
            $options[\PDO::MYSQL_ATTR_FOUND_ROWS] = true;
            $dsn = 'mysql:' . self::my_dsn($d);
        }
        try {
            $self->pdo = new \PDO($dsn, $d['user'], $d['pass'], $options);
        } catch (\PDOException $e) {
            fail("cannot connect to the " . $site->db_label() . " as '{$d['user']}': " . self::reason($e));
        }
        return $self;
    }

    private static function pg_dsn(array $d): string
    {
        $q = static fn(string $v): string => "'" . addcslashes($v, "'\\") . "'";
        $parts = [];
        $host = $d['host'];
        if ($d['socket'] !== null && ($host === '' || $host === 'localhost' || $host === '127.0.0.1')) {
            // Moodle: dbsocket with a local host means the Unix socket; a path names its folder.
            $host = is_string($d['socket']) && str_contains($d['socket'], '/') ? $d['socket'] : '';
        }
        if ($host !== '') {
            $parts[] = 'host=' . $q($host);
        }
        if ($d['port'] !== null) {
            $parts[] = 'port=' . $q($d['port']);
        }
        $parts[] = 'dbname=' . $q($d['name']);
        $parts[] = 'connect_timeout=' . $d['timeout'];
        $parts[] = "application_name='moodle-upgrade'";
        // libpq first offers GSSAPI encryption, which costs a Kerberos set-up
        // and a round trip even where no ticket exists; Moodle never asks for
        // it. Kerberos authentication and TLS (sslmode) are not affected.
        if (getenv('PGGSSENCMODE') === false) {
            $parts[] = 'gssencmode=disable';
        }
        return implode(' ', $parts);
    }

    private static function my_dsn(array $d): string
    {
        $parts = [];
        if (is_string($d['socket']) && $d['socket'] !== '') {
            $parts[] = 'unix_socket=' . $d['socket'];
        } else {
            $parts[] = 'host=' . $d['host'];
            if ($d['port'] !== null) {
                $parts[] = 'port=' . $d['port'];
            }
        }
        $parts[] = 'dbname=' . $d['name'];
        $parts[] = 'charset=utf8mb4';
        return implode(';', $parts);
    }

    /** The driver's message without SQLSTATE noise, on one line. */
    public static function reason(\PDOException $e): string
    {
        $m = $e->getMessage();
        $m = preg_replace('/^SQLSTATE\[[0-9A-Z]+\]\s*(\[\d+\]\s*)?(:\s*)?/', '', $m);
        $m = preg_replace('/^[A-Za-z ]+: \d+ /', '', $m);       // "Undefined table: 7 "
        $m = preg_replace('/\bLINE \d+:.*$/s', '', $m);
        return Site::one_line($m);
    }

    public function table(string $name): string
    {
        $t = $this->site->db['prefix'] . $name;
        $s = $this->site->db['schema'];
        return $s !== null ? "$s.$t" : $t;
    }

    /** The names of config values the tool reads. */
    public const CONFIG_NAMES = ['version', 'release', 'allversionshash', 'allcomponenthash', 'outagelessupgrade', 'upgraderunning'];

    /** The config values the decision needs, straight from {config}: name => value. */
    public function read_config(): array
    {
        $names = "'" . implode("','", self::CONFIG_NAMES) . "'";
        return $this->pairs('SELECT name, value FROM ' . $this->table('config') . " WHERE name IN ($names)");
    }

    /** Every plugin's installed version, from {config_plugins}: component => version. */
    public function read_plugins(): array
    {
        return $this->pairs('SELECT plugin, value FROM ' . $this->table('config_plugins') . " WHERE name = 'version'");
    }

    /**
     * read_config() and, in the same round trip, read_plugins() when the
     * stored versions hash is not $versionshash (the code's), i.e. when
     * Moodle would say an upgrade is pending: plugins is null otherwise.
     */
    public function read_config_and_plugins(string $versionshash): array
    {
        $names = "'" . implode("','", self::CONFIG_NAMES) . "'";
        $config = $this->table('config');
        $sql = "SELECT 0, name, value FROM $config WHERE name IN ($names) UNION ALL "
            . 'SELECT 1, plugin, value FROM ' . $this->table('config_plugins') . " WHERE name = 'version'"
            . " AND NOT EXISTS (SELECT 1 FROM $config WHERE name = 'allversionshash' AND value = " . $this->pdo->quote($versionshash) . ')';
        try {
            $rows = $this->pdo->query($sql)->fetchAll();
        } catch (\PDOException $e) {
            $this->explain_read_failure($e);
        }
        $out = [[], null];
        foreach ($rows as [$which, $name, $value]) {
            $out[(int) $which][$name] = $value === null ? null : (string) $value;
        }
        return ['config' => $out[0], 'plugins' => $out[1]];
    }

    /** Both, as the report and deploy use them. */
    public function read(): array
    {
        return ['config' => $this->read_config(), 'plugins' => $this->read_plugins()];
    }

    private function pairs(string $sql): array
    {
        try {
            $rows = $this->pdo->query($sql)->fetchAll();
        } catch (\PDOException $e) {
            $this->explain_read_failure($e);
        }
        $out = [];
        foreach ($rows as [$name, $value]) {
            $out[$name] = $value === null ? null : (string) $value;
        }
        return $out;
    }

    private function explain_read_failure(\PDOException $e): never
    {
        $state = (string) $e->getCode();
        if ($state === '42P01' || $state === '42S02') {
            foreach (['config', 'config_plugins'] as $t) {
                try {
                    $this->pdo->query('SELECT 1 FROM ' . $this->table($t) . ' WHERE 1 = 0');
                } catch (\PDOException) {
                    fail("table " . $this->table($t) . " does not exist in the " . $this->site->db_label()
                        . ": not a Moodle database, not installed yet, or a wrong prefix ('{$this->site->db['prefix']}')");
                }
            }
        }
        fail("cannot read Moodle's configuration from the " . $this->site->db_label() . ': ' . self::reason($e));
    }

    /** Moodle's set_config() for a core setting: update, or insert when absent. */
    public function set_config(string $name, string $value): void
    {
        $t = $this->table('config');
        try {
            $st = $this->pdo->prepare("UPDATE $t SET value = ? WHERE name = ?");
            $st->execute([$value, $name]);
            if ($st->rowCount() === 0) {
                $this->pdo->prepare("INSERT INTO $t (name, value) VALUES (?, ?)")->execute([$name, $value]);
            }
        } catch (\PDOException $e) {
            fail("cannot set $name in $t on the " . $this->site->db_label() . ': ' . self::reason($e));
        }
    }

    /** Moodle's unset_config() for a core setting. */
    public function unset_config(string $name): void
    {
        $t = $this->table('config');
        try {
            $this->pdo->prepare("DELETE FROM $t WHERE name = ?")->execute([$name]);
        } catch (\PDOException $e) {
            fail("cannot remove $name from $t on the " . $this->site->db_label() . ': ' . self::reason($e));
        }
    }

    /** One config value straight from the database (null when absent). */
    public function get_config(string $name): ?string
    {
        try {
            $st = $this->pdo->prepare('SELECT value FROM ' . $this->table('config') . ' WHERE name = ?');
            $st->execute([$name]);
            $v = $st->fetchColumn();
        } catch (\PDOException $e) {
            fail("cannot read $name from the " . $this->site->db_label() . ': ' . self::reason($e));
        }
        return $v === false || $v === null ? null : (string) $v;
    }
}

/**
 * The code's side of the decision: versions (and their hash) and the
 * component hash. Computed in a forked child while the parent connects to the
 * database and queries it, else in-process when first asked.
 */
final class Code
{
    private ?array $versions = null;
    private ?string $versionshash = null;
    private ?string $componenthash = null;
    /** @var resource|null the socket to the child */
    private $pipe = null;
    private int $child = 0;
    private bool $childcomponent = false;
    /** The root and options the child hashes with. */
    private array $key = [];
    /** Where the child keeps its cache between runs, or null. */
    private ?string $cachefile = null;
    public array $timings = [];

    public function __construct(private Site $site)
    {
    }

    /**
     * Starts a child that sends the versions (and their hash), then, when
     * $component, the component hash: only needed when an upgrade is
     * pending, it costs the parent nothing while it waits for the database.
     */
    public function start(bool $component): void
    {
        $this->key = [$this->site->root, $this->site->ext_options()];
        $this->cachefile = $this->site->cache_file();
        if (!function_exists('pcntl_fork') || !function_exists('stream_socket_pair')) {
            return;
        }
        $pair = @stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
        if ($pair === false) {
            return;
        }
        $pid = @pcntl_fork();
        if ($pid < 0) {
            fclose($pair[0]);
            fclose($pair[1]);
            return;
        }
        if ($pid === 0) {
            $this->child_main($pair[1], $component);
        }
        fclose($pair[1]);
        $this->pipe = $pair[0];
        $this->child = $pid;
        $this->childcomponent = $component;
    }

    /** The child: computes, sends, leaves without touching anything of the parent's. */
    private function child_main($sock, bool $component): never
    {
        // The child never prints, and must not hold the caller's pipes open after the parent exits.
        ini_set('display_errors', '0');
        ini_set('log_errors', '0');
        fclose(STDIN);
        fclose(STDOUT);
        fclose(STDERR);
        // Below the parent, which is on the critical path (config.php, the
        // connection's key derivation) together with the database server.
        if (function_exists('pcntl_setpriority')) {
            @pcntl_setpriority(10);
        }
        $send = static function (array $msg) use ($sock): void {
            $data = serialize($msg);
            @fwrite($sock, pack('N', strlen($data)) . $data);
        };
        // The cache saved by the previous run (if any) spares re-reading
        // unchanged files; without one, a one-shot process caches nothing.
        $cachefile = $this->cachefile;
        $loaded = 0;
        if ($cachefile === null) {
            ini_set('upgrade.cache', '0');
        } else {
            try {
                $loaded = upgrade_cache_load($cachefile);
            } catch (\Throwable $e) {
                @unlink($cachefile);   // corrupt or not ours alone: start over
            }
        }
        try {
            if ($component) {
                // Both hashes from one walk of the tree: cheaper than two.
                $t0 = hrtime(true);
                $h = upgrade_hashes($this->site->root, $this->site->ext_options());
                $t = ['hashes_ms' => ms($t0), 'cache_loaded' => $loaded];
                $send(['versions' => $h['versions'], 'versionshash' => $h['versions_hash'], 'timings' => $t]);
                $send(['componenthash' => $h['component_hash'], 'timings' => []]);
            } else {
                $this->compute_versions();
                $send(['versions' => $this->versions, 'versionshash' => $this->versionshash, 'timings' => $this->timings]);
            }
        } catch (\Throwable $e) {
            $send(['error' => $e->getMessage()]);
        }
        @fclose($sock);
        // After the answers: the parent does not wait for this.
        if ($cachefile !== null && upgrade_cache_info()['misses'] > 0) {
            try {
                upgrade_cache_save($cachefile);
            } catch (\Throwable $e) {
                // only slower next time
            }
        }
        // Leave without the parent's shutdown work (it owns the output and the database).
        if (function_exists('posix_kill')) {
            posix_kill(getmypid(), SIGKILL);
        }
        exit(0);
    }

    /**
     * The child was started before config.php was read, with the options
     * known then. If config.php changed them ($CFG->admin, $CFG->themedir,
     * a dirroot spelt differently), its work is dropped and done here.
     */
    public function confirm(): void
    {
        if ($this->pipe !== null && $this->key !== [$this->site->root, $this->site->ext_options()]) {
            fclose($this->pipe);
            $this->pipe = null;
            if (function_exists('posix_kill')) {
                posix_kill($this->child, SIGKILL);
            }
            pcntl_waitpid($this->child, $status);
        }
    }

    /** The child's next message, or null when it has nothing more (or died). */
    private function receive(): ?array
    {
        if ($this->pipe === null) {
            return null;
        }
        $head = stream_get_contents($this->pipe, 4);
        $msg = null;
        if ($head !== false && strlen($head) === 4) {
            $len = unpack('N', $head)[1];
            $data = stream_get_contents($this->pipe, $len);
            if ($data !== false && strlen($data) === $len) {
                $msg = @unserialize($data, ['allowed_classes' => false]);
            }
        }
        if (!is_array($msg) || isset($msg['componenthash']) || isset($msg['error']) || !$this->childcomponent) {
            $this->close();
        }
        if (!is_array($msg)) {
            return null;
        }
        if (isset($msg['error'])) {
            fail(Site::one_line($msg['error']));
        }
        $this->timings += $msg['timings'] ?? [];
        return $msg;
    }

    private function close(): void
    {
        if ($this->pipe !== null) {
            fclose($this->pipe);
            $this->pipe = null;
            // The child may still be saving its cache: not worth waiting for.
            pcntl_waitpid($this->child, $status, WNOHANG);
        }
    }

    /**
     * The component hash will not be asked for: stop the child's work on it,
     * unless it is to save its cache for the next run (it finishes alone).
     */
    public function __destruct()
    {
        if ($this->pipe !== null) {
            if ($this->cachefile === null && function_exists('posix_kill')) {
                posix_kill($this->child, SIGKILL);
                pcntl_waitpid($this->child, $status);
            }
            fclose($this->pipe);
            $this->pipe = null;
        }
    }

    private function compute_versions(): void
    {
        $t0 = hrtime(true);
        $this->versions = upgrade_versions($this->site->root, $this->site->ext_options());
        // Moodle's allversionshash is sha1(serialize()) of exactly this map.
        $this->versionshash = sha1(serialize($this->versions));
        $this->timings['versions_ms'] = ms($t0);
    }

    /** component => version, "core" first, in Moodle's order. */
    public function versions(): array
    {
        if ($this->versions === null && ($msg = $this->receive()) !== null) {
            $this->versions = $msg['versions'];
            $this->versionshash = $msg['versionshash'];
        }
        if ($this->versions === null) {
            $this->compute_versions();
        }
        return $this->versions;
    }

    /**
     * The versions hash, or null while the child is still computing it (no
     * waiting). Without a child it is computed here, as it would be next.
     */
    public function versions_hash_if_ready(): ?string
    {
        if ($this->versions === null && $this->pipe !== null) {
            $r = [$this->pipe];
            $w = $e = null;
            if (@stream_select($r, $w, $e, 0) !== 1) {
                return null;
            }
        }
        return $this->versions_hash();
    }

    public function versions_hash(): string
    {
        $this->versions();
        return $this->versionshash;
    }

    public function component_hash(): string
    {
        $this->versions();
        if ($this->componenthash === null && ($msg = $this->receive()) !== null) {
            $this->componenthash = $msg['componenthash'] ?? null;
        }
        if ($this->componenthash === null) {
            $t0 = hrtime(true);
            $this->componenthash = upgrade_component_hash($this->site->root, $this->site->ext_options());
            $this->timings['component_ms'] = ms($t0);
        }
        return $this->componenthash;
    }
}

/**
 * The decision, as Moodle's admin/cli/upgrade.php makes it, plus downgrades:
 * stored state against the code.
 */
final class Decision
{
    public bool $pending;
    public bool $downgrade;
    /** @var list<array{component: string, stored: ?string, current: mixed}> */
    public array $downgrades = [];
    private ?bool $maintenance = null;

    /**
     * $stored: config values, and plugin versions (null when not read yet:
     * they are only needed when an upgrade is pending, see plugins()).
     */
    public function __construct(public array $stored, public Code $code)
    {
        $cfg = $stored['config'];
        if (empty($cfg['version'])) {
            fail('Moodle is not installed in this database: its config table has no version');
        }
        // moodle_needs_upgrading(false): empty stored hash, or a different one.
        $this->pending = empty($cfg['allversionshash']) || $code->versions_hash() !== $cfg['allversionshash'];
        $this->downgrade = false;
        $this->compare(['core' => $code->versions()['core']], ['core' => $cfg['version']]);
        if ($stored['plugins'] !== null) {
            $this->plugins($stored['plugins']);
        }
    }

    /**
     * Compares every plugin's version with the installed one. Not needed when
     * nothing is pending: the code's versions are then exactly the ones Moodle
     * recorded (in allversionshash) at its last upgrade.
     */
    public function plugins(array $installed): void
    {
        $this->stored['plugins'] = $installed;
        $this->compare(array_diff_key($this->code->versions(), ['core' => true]), $installed);
    }

    private function compare(array $current, array $installed): void
    {
        foreach ($current as $component => $now) {
            $old = $installed[$component] ?? null;
            // PHP's comparison, as Moodle's "$version < $CFG->version".
            if ($old !== null && $now !== null && $now < $old) {
                $this->downgrades[] = ['component' => $component, 'stored' => $old, 'current' => $now];
            }
        }
        $this->downgrade = $this->downgrades !== [];
    }

    /** Moodle's rule: the component hash differs from the stored one (an empty stored hash differs). */
    public function maintenance_required(): bool
    {
        return $this->maintenance ??= $this->code->component_hash() !== ($this->stored['config']['allcomponenthash'] ?? '');
    }

    /** The exit code of --is-pending. */
    public function is_pending_exit(): int
    {
        return $this->downgrade ? EXIT_DOWNGRADE : ($this->pending ? EXIT_PENDING : EXIT_OK);
    }

    /** The exit code of --is-maintenance-required. */
    public function is_maintenance_required_exit(): int
    {
        if ($this->downgrade) {
            return EXIT_DOWNGRADE;
        }
        if (!$this->pending) {
            return EXIT_OK;
        }
        return $this->maintenance_required() ? EXIT_PENDING : EXIT_NO_MAINTENANCE;
    }

    /** One word for the state of things. */
    public function verdict(): string
    {
        if ($this->downgrade) {
            return 'downgrade';
        }
        if (!$this->pending) {
            return 'nothing-to-do';
        }
        return $this->maintenance_required() ? 'maintenance-required' : 'pending-no-maintenance';
    }
}

/** Everything a command needs, set up in the order that costs least. */
final class Context
{
    public ?Db $db = null;
    public ?array $stored = null;
    public array $timings = [];

    public function __construct(public Args $args, public Site $site, public Code $code)
    {
    }

    /**
     * Connects and reads what Moodle stored (the code is being hashed in the
     * child meanwhile). $full: plugin versions too, even when nothing is pending.
     */
    public function load(bool $full = false): Decision
    {
        $t0 = hrtime(true);
        $this->db = Db::connect($this->site);
        $this->timings['connect_ms'] = ms($t0);
        // The code's versions hash, when the child has sent it by now, lets
        // one round trip bring the plugins' versions too, only when pending.
        $t0 = hrtime(true);
        $hash = $full ? null : $this->code->versions_hash_if_ready();
        $this->timings['versions_wait_ms'] = ms($t0);
        $t0 = hrtime(true);
        $plugins = null;
        if ($hash !== null) {
            ['config' => $config, 'plugins' => $plugins] = $this->db->read_config_and_plugins($hash);
        } else {
            $config = $this->db->read_config();
        }
        $this->stored = ['config' => $config, 'plugins' => null];
        $this->timings['queries_ms'] = ms($t0);
        $t0 = hrtime(true);
        $decision = new Decision($this->stored, $this->code);
        $this->timings['versions_wait_ms'] += ms($t0);
        if ($decision->pending || $full) {
            $t0 = hrtime(true);
            $decision->plugins($plugins ?? $this->db->read_plugins());
            $this->stored = $decision->stored;
            $this->timings['queries_ms'] += ms($t0);
        }
        return $decision;
    }

    /** Re-reads the database (after Moodle's scripts ran). */
    public function reload(): Decision
    {
        $this->stored = $this->db->read();
        return new Decision($this->stored, $this->code);
    }

    public function lib(string $name): void
    {
        require_once __DIR__ . "/$name.php";
    }
}
