<?php
// moodle-upgrade integrate: puts README's "Moodle integration" into a Moodle
// 4.2–5.1 tree (either layout), checks it, takes it out again, or prints it
// as a diff or a `patch -p1` file. Needs neither the extension nor config.php.
//
// Every edit is placed by the code's structure: PHP's tokenizer finds the
// function, the `if` block and the statement, compared token by token without
// whitespace or comments (and with array() read as [], a trailing comma or
// require's parentheses dropped, strings by value). Each edit is whole lines
// with a marker naming the integration's version and the edit, so the file
// itself says what was added: stripping the marked lines gives back the
// original byte for byte, and applying works from that original, which makes
// --apply idempotent and lets it upgrade an older integration.
//
// Writing is all or nothing: everything is computed and checked first; then
// each file is replaced atomically (a temp file in its folder, renamed over
// it), lib/upgradeextlib.php before the files that require it, with a journal
// at the site root naming the files, so a run interrupted half-way is
// reported and the next --apply or --revert finishes the job.

namespace MoodleUpgrade;

/** Bump when an edit's code or place changes (upgradeextlib.php is compared by content). */
const INTEGRATION_VERSION = 2;   // 2: cli-done records the versions hash (was cli-maint-unlock)
const INTEGRATE_MARKER = 'moodle-upgrade integrate';
const INTEGRATE_JOURNAL = '.moodle-upgrade-integrate.journal';
const INTEGRATE_BRANCHES = ['402' => '4.2', '403' => '4.3', '404' => '4.4', '405' => '4.5', '500' => '5.0', '501' => '5.1'];
// --check: the integration is...
const INTEGRATE_APPLIED = 0;
const INTEGRATE_ABSENT = 2;
const INTEGRATE_PARTIAL = 3;   // partly there, an older version, or differing from what --apply writes

/**
 * The edits, per file. "in": the blocks the anchor is inside (outermost
 * first; a function, or an if statement up to its "{"), "at": the anchor
 * statement (or an if statement's head), "do": insert the code on its own
 * line after or before the anchor's line, or replace that line (the original
 * is kept in the marker comment above the new line).
 */
function integration_edits(): array
{
    $fn = 'function moodle_needs_upgrading(';
    return [
        'moodlelib' => [
            ['id' => 'needs-require', 'in' => [$fn], 'at' => 'global $CFG, $DB;', 'do' => 'after',
                'code' => "require_once(\$CFG->libdir . '/upgradeextlib.php');",
                'why' => 'loads the glue'],
            ['id' => 'needs-lock', 'in' => [$fn, 'if ($checkupgradeflag) {'],
                'at' => "\$lock = \$DB->get_field('config', 'value', ['name' => 'outagelessupgrade']);", 'do' => 'after',
                'code' => '$lock = upgradeext_ui_locked(!empty($lock));',
                'why' => "the state file's UI lock counts as Moodle's own: no page offers the upgrade while either is set"],
            ['id' => 'needs-hash', 'in' => [$fn], 'at' => '$hash = core_component::get_all_versions_hash();', 'do' => 'replace',
                'code' => '$hash = upgradeext_versions_hash();',
                'why' => "the versions hash from the extension (Moodle's own without it)"],
        ],
        'index' => [
            ['id' => 'index-require', 'in' => [], 'at' => "require_once(\$CFG->libdir.'/upgradelib.php');", 'do' => 'after',
                'code' => "require_once(\$CFG->libdir . '/upgradeextlib.php');",
                'why' => 'loads the glue'],
            ['id' => 'index-lock', 'in' => [],
                'at' => "\$outagelessupgrade = !empty(\$DB->get_field('config', 'value', ['name' => 'outagelessupgrade']));",
                'do' => 'after', 'code' => '$outagelessupgrade = upgradeext_ui_locked($outagelessupgrade);',
                'why' => 'the web UI neither offers nor starts an upgrade while either half of the lock is set'],
        ],
        'cli' => [
            ['id' => 'cli-require', 'in' => [], 'at' => "require_once(\$CFG->libdir.'/clilib.php');", 'do' => 'after',
                'code' => "require_once(\$CFG->libdir . '/upgradeextlib.php');",
                'why' => 'loads the glue'],
            ['id' => 'cli-unset', 'in' => ["if (\$options['unset-ui-upgrade-lock']) {"],
                'at' => "set_config('outagelessupgrade', false);", 'do' => 'after', 'code' => 'upgradeext_unlock();',
                'why' => '--unset-ui-upgrade-lock clears the state file too, after the database'],
            ['id' => 'cli-hash', 'in' => [], 'at' => '$allhash = core_component::get_all_component_hash();', 'do' => 'replace',
                'code' => '$allhash = upgradeext_component_hash();',
                'why' => "the component hash from the extension (Moodle's own without it)"],
            ['id' => 'cli-lock', 'in' => ["if (!\$options['maintenance']) {"],
                'at' => "set_config('outagelessupgrade', true);", 'do' => 'before', 'code' => "upgradeext_lock('outageless');",
                'why' => 'a --maintenance=false upgrade locks the state file before the database'],
            ['id' => 'cli-noneed', 'in' => ['if (!moodle_needs_upgrading(false)) {'],
                'at' => "cli_error(get_string('cliupgradenoneed', 'core_admin', \$newversion), 0);", 'do' => 'before',
                'code' => 'upgradeext_release_unused_lock($options);',
                'why' => 'a --maintenance=false run with nothing to do no longer leaves the UI locked'],
            ['id' => 'cli-setlock',
                'in' => ["if (\$options['is-pending'] || \$options['is-maintenance-required']) {", "if (\$options['set-ui-upgrade-lock']) {"],
                'at' => "set_config('outagelessupgrade', true);", 'do' => 'before', 'code' => "upgradeext_lock('outageless');",
                'why' => '--is-maintenance-required --set-ui-upgrade-lock locks the state file before the database'],
            ['id' => 'cli-maint-lock', 'in' => [], 'at' => 'if ($version > $CFG->version) {', 'do' => 'before',
                'code' => "if (\$options['maintenance']) { upgradeext_lock('maintenance'); }",
                'why' => 'frontends answer 503 with Retry-After during a maintenance upgrade, not HTTP 500'],
            ['id' => 'cli-done', 'in' => [], 'at' => 'upgrade_themes();', 'do' => 'after',
                'code' => 'upgradeext_upgrade_finished($options);',
                'why' => "the upgrade is done: the database's new allversionshash goes into the state file (frontends'"
                    . ' readiness), and a maintenance upgrade releases its lock: frontends serve again'],
            ['id' => 'cli-end-unlock', 'in' => ["if (!\$options['set-ui-upgrade-lock']) {"],
                'at' => "set_config('outagelessupgrade', false);", 'do' => 'after', 'code' => 'upgradeext_unlock();',
                'why' => 'the end of a --maintenance=false upgrade releases the state file after the database'],
        ],
    ];
}

function integrate_usage(): string
{
    return <<<'TXT'
    Usage: moodle-upgrade integrate [--check | --apply | --revert | --patch] [--dry-run] [--root=DIR] [--admin=NAME]

    Puts README's "Moodle integration" into a Moodle 4.2–5.1 code tree: edits
    lib/moodlelib.php (moodle_needs_upgrading()), admin/index.php and
    admin/cli/upgrade.php, and copies lib/upgradeextlib.php (5.1 layout: under
    public/, with admin/cli/ at the top).
      --check     (default) exit 0 applied and current, 2 not applied,
                  3 partly applied or an older version (--apply upgrades it)
      --apply     add or update the edits and lib/upgradeextlib.php
      --revert    take them out again: the files as they were, byte for byte
      --dry-run   with --apply (default) or --revert: print the unified diff, write nothing
      --patch     print the integration as a patch for `patch -p1` (from the
                  unedited files, whatever the tree holds now)
      --json      --check's answer as JSON
      --root=DIR  site root; default: the current folder or a parent
      --admin=NAME  admin folder name ($CFG->admin)
    Any error exits 1 with one line saying what and why; nothing is written then.

    TXT;
}

/**
 * `moodle-upgrade integrate ...`: parses its own options (it shares only
 * --root and --admin). Null when "integrate" was only an option's value.
 */
function cmd_integrate(array $argv): ?int
{
    $value = ['root' => true, 'admin' => true];
    $words = [];
    for ($i = 1; $i < count($argv); $i++) {
        if (preg_match('/^--(root|admin)$/', $argv[$i])) {
            $i++;
        } elseif (!str_starts_with($argv[$i], '-')) {
            $words[] = $argv[$i];
        }
    }
    if (!in_array('integrate', $words, true)) {
        return null;
    }
    if (!class_exists('PhpToken')) {
        fail("integrate needs PHP's tokenizer extension (Debian: php8.2-common; not with php -n)");
    }
    $flags = ['check', 'apply', 'revert', 'dry-run', 'patch', 'json', 'help'];
    $opts = [];
    $command = false;
    $rest = array_slice($argv, 1);
    for ($i = 0; $i < count($rest); $i++) {
        $arg = $rest[$i] === '-h' ? '--help' : $rest[$i];
        if (!str_starts_with($arg, '--')) {
            if ($arg !== 'integrate' || $command) {
                fail("unexpected argument '$arg' (see integrate --help)");
            }
            $command = true;
            continue;
        }
        [$name, $v] = array_pad(explode('=', substr($arg, 2), 2), 2, null);
        if (isset($value[$name])) {
            if ($v === null) {
                if (!isset($rest[$i + 1])) {
                    fail("option --$name needs a value");
                }
                $v = $rest[++$i];
            }
            $opts[$name] = $v;
        } elseif (in_array($name, $flags, true)) {
            if ($v !== null) {
                fail("option --$name takes no value");
            }
            $opts[$name] = true;
        } else {
            fail("option --$name is not one of integrate's (see integrate --help)");
        }
    }
    if (isset($opts['help'])) {
        echo integrate_usage();
        return EXIT_OK;
    }
    $modes = array_values(array_intersect(['check', 'apply', 'revert', 'patch'], array_keys($opts)));
    if (count($modes) > 1) {
        fail('--' . implode(' and --', $modes) . ' cannot be combined: give one');
    }
    $mode = $modes[0] ?? (isset($opts['dry-run']) ? 'apply' : 'check');
    if (isset($opts['dry-run']) && !in_array($mode, ['apply', 'revert'], true)) {
        fail("--dry-run goes with --apply or --revert, not --$mode");
    }
    if (isset($opts['json']) && $mode !== 'check') {
        fail('--json goes with --check');
    }
    $tree = new MoodleTree(Site::find_root($opts['root'] ?? null), $opts['admin'] ?? 'admin');
    $integrator = new Integrator($tree);
    return match ($mode) {
        'check' => $integrator->check(isset($opts['json'])),
        'patch' => $integrator->patch(),
        default => isset($opts['dry-run']) ? $integrator->dry_run($mode) : $integrator->write($mode),
    };
}

/** The tree: its release and where the three files and the glue are. */
final class MoodleTree
{
    public string $layout;
    public string $dirroot;
    public string $branch;
    public string $release;
    /** key => path relative to the root */
    public array $files = [];
    public string $lib;
    public ?string $note = null;

    public function __construct(public string $root, string $admin)
    {
        if ($admin === '' || !preg_match('/^[A-Za-z0-9_.-]+$/', $admin) || $admin === '.' || $admin === '..') {
            fail("--admin '$admin' is not a folder name");
        }
        $this->layout = is_file("$root/public/version.php") ? '5.1' : '4.x';
        $pub = $this->layout === '5.1' ? 'public/' : '';
        $this->dirroot = $root . ($pub === '' ? '' : '/public');
        [$this->branch, $this->release] = self::read_version("$root/{$pub}version.php");
        if (!isset(INTEGRATE_BRANCHES[$this->branch])) {
            fail("{$pub}version.php is Moodle {$this->release} (branch {$this->branch}): integrate knows Moodle 4.2 to 5.1"
                . ' (branches ' . implode(', ', array_keys(INTEGRATE_BRANCHES)) . '); nothing was written');
        }
        $this->files['moodlelib'] = "{$pub}lib/moodlelib.php";
        $this->files['index'] = "$pub$admin/index.php";
        // 5.1 as released keeps the CLI scripts at the top; its development
        // builds had them under public/ (moodle-compat.md §1).
        $cli = $this->layout === '5.1'
            ? array_values(array_unique(["$admin/cli/upgrade.php", 'admin/cli/upgrade.php', "public/$admin/cli/upgrade.php"]))
            : ["$admin/cli/upgrade.php"];
        foreach ($cli as $c) {
            if (file_exists("$root/$c") || is_link("$root/$c")) {
                $this->files['cli'] = $c;
                break;
            }
        }
        if (!isset($this->files['cli'])) {
            fail("no Moodle CLI upgrade script in $root (looked for " . implode(' and ', $cli) . ')');
        }
        if (count($cli) > 1 && $this->files['cli'] !== $cli[0]) {
            $this->note = "using {$this->files['cli']} (this 5.1 tree has no {$cli[0]})";
        }
        foreach ($this->files as $rel) {
            if (!file_exists("$root/$rel") && !is_link("$root/$rel")) {
                fail("$root is missing $rel: not a complete Moodle {$this->release} tree");
            }
        }
        $this->lib = "{$pub}lib/upgradeextlib.php";
    }

    /** $branch and $release from version.php, read as tokens (the file is not run). */
    private static function read_version(string $file): array
    {
        $php = @file_get_contents($file);
        if ($php === false) {
            fail("cannot read $file: " . (error_get_last()['message'] ?? 'unknown error'));
        }
        $found = [];
        $toks = array_values(array_filter(\PhpToken::tokenize($php), fn($t) => !$t->isIgnorable()));
        for ($i = 0; $i + 3 < count($toks); $i++) {
            if ($toks[$i]->is(T_VARIABLE) && in_array($toks[$i]->text, ['$branch', '$release'], true)
                && $toks[$i + 1]->text === '=' && $toks[$i + 2]->is(T_CONSTANT_ENCAPSED_STRING) && $toks[$i + 3]->text === ';') {
                $found[substr($toks[$i]->text, 1)] = stripcslashes(substr($toks[$i + 2]->text, 1, -1));
            }
        }
        if (!isset($found['branch'])) {
            fail("$file sets no \$branch: not a Moodle 4.2–5.1 version file (unknown Moodle version); nothing was written");
        }
        return [$found['branch'], $found['release'] ?? "branch {$found['branch']}"];
    }

    public function label(): string
    {
        return "Moodle {$this->release}, layout {$this->layout}";
    }
}

/** What the edits make of one file: its original, the edited text, and what it holds now. */
final class FilePlan
{
    /** id => version of the markers found in the current text */
    public array $found = [];

    public function __construct(
        public string $key,
        public string $rel,
        public ?string $current,
        public ?string $pristine,
        public ?string $applied,
    ) {
    }

    public function state(): string
    {
        if ($this->current === $this->applied) {
            return 'applied';
        }
        return $this->current === $this->pristine ? 'absent' : 'partial';
    }
}

final class Integrator
{
    /** Set by tests only: stop (SIGKILL) after this many files were replaced. */
    private ?int $crash_after;
    private string $glue;

    public function __construct(private MoodleTree $tree)
    {
        $env = getenv('MOODLE_UPGRADE_INTEGRATE_CRASH_AFTER');
        $this->crash_after = ($env !== false && preg_match('/^[0-9]+$/', $env)) ? (int) $env : null;
        $src = dirname(__DIR__, 2) . '/integration/moodle/upgradeextlib.php';
        $glue = @file_get_contents($src);
        if ($glue === false) {
            fail("cannot read $src (it ships with this tool): " . (error_get_last()['message'] ?? 'unknown error'));
        }
        $this->glue = $glue;
    }

    /** Every file's plan; errors (an edit that cannot be placed...) are collected, then thrown as one. */
    private function plans(bool $needcurrent = true): array
    {
        $plans = [];
        $errors = [];
        $edits = integration_edits();
        foreach ($this->tree->files as $key => $rel) {
            try {
                $text = $this->read($rel);
                [$pristine, $found] = Markers::strip($text, $rel, $edits[$key]);
                if (preg_match('/^.*\bupgradeext_[a-z_]+\s*\(.*$/m', $pristine, $hand, PREG_OFFSET_CAPTURE)) {
                    fail("$rel:" . (substr_count($pristine, "\n", 0, $hand[0][1]) + 1) . ' calls the glue on an unmarked line ('
                        . trim($hand[0][0]) . '): an integration made by hand; put back Moodle\'s file (or take those lines out),'
                        . ' then run integrate --apply');
                }
                $p = new FilePlan($key, $rel, $text, $pristine, Placer::apply($pristine, $rel, $edits[$key], $this->tree));
                $p->found = $found;
                $plans[$key] = $p;
            } catch (Failure $e) {
                $errors[] = $e->getMessage();
            }
        }
        if ($errors) {
            fail(implode("\n", $errors) . "\nnothing was written");
        }
        $lib = $this->tree->lib;
        $plans['glue'] = new FilePlan('glue', $lib, $this->read($lib, true), null, $this->glue);
        return $plans;
    }

    private function read(string $rel, bool $maybe = false): ?string
    {
        $path = "{$this->tree->root}/$rel";
        if (is_link($path)) {
            fail("$rel is a symbolic link (to " . readlink($path) . '): integrate edits regular files only,'
                . ' since replacing it would replace the link; edit the tree it points into; nothing was written');
        }
        if (!file_exists($path)) {
            if ($maybe) {
                return null;
            }
            fail("$rel is missing");
        }
        if (!is_file($path)) {
            fail("$rel is not a regular file; nothing was written");
        }
        $text = @file_get_contents($path);
        if ($text === false) {
            fail("cannot read $rel: " . (error_get_last()['message'] ?? 'unknown error'));
        }
        return $text;
    }

    /** --check: 0 applied and current, 2 not applied, 3 partly or older. */
    public function check(bool $json): int
    {
        $journal = Journal::read($this->tree);
        $plans = $this->plans();
        $states = [];
        $rows = [];
        foreach ($plans as $p) {
            $state = $p->key === 'glue'
                ? ($p->current === null ? 'absent' : ($p->current === $this->glue ? 'applied' : 'partial'))
                : $p->state();
            $states[] = $state;
            $ids = array_column(integration_edits()[$p->key] ?? [], 'id');
            $edits = [];
            foreach ($ids as $id) {
                $edits[$id] = $p->found[$id] ?? null;
            }
            $rows[] = ['path' => $p->rel, 'state' => $state, 'edits' => $edits];
        }
        $all = array_unique($states);
        $exit = $journal !== null ? INTEGRATE_PARTIAL
            : ($all === ['applied'] ? INTEGRATE_APPLIED : ($all === ['absent'] ? INTEGRATE_ABSENT : INTEGRATE_PARTIAL));
        $word = [INTEGRATE_APPLIED => 'applied', INTEGRATE_ABSENT => 'not applied', INTEGRATE_PARTIAL => 'partly applied or older'][$exit];
        if ($json) {
            echo json_encode([
                'integration' => INTEGRATION_VERSION, 'state' => $word, 'exit' => $exit,
                'moodle' => ['release' => $this->tree->release, 'branch' => $this->tree->branch, 'layout' => $this->tree->layout],
                'root' => $this->tree->root, 'interrupted' => $journal['op'] ?? null, 'files' => $rows,
            ], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
            return $exit;
        }
        echo "{$this->tree->label()}: integration v" . INTEGRATION_VERSION . " $word\n";
        foreach ($rows as $r) {
            $detail = '';
            if ($r['edits']) {
                $n = count(array_filter($r['edits'], fn($v) => $v === INTEGRATION_VERSION));
                $old = array_filter($r['edits'], fn($v) => $v !== null && $v !== INTEGRATION_VERSION);
                $detail = " ($n of " . count($r['edits']) . ' edits' . ($old ? ', ' . count($old) . ' older' : '') . ')';
            } elseif ($r['state'] === 'partial') {
                $detail = ' (differs from this version)';
            }
            printf("  %-32s %s%s\n", $r['path'], ['applied' => 'applied', 'absent' => 'not applied', 'partial' => 'partly applied or older'][$r['state']], $detail);
        }
        if ($journal !== null) {
            echo "  an interrupted --{$journal['op']} left this half done: run --apply or --revert to finish\n";
        } elseif ($exit === INTEGRATE_PARTIAL) {
            echo "  run integrate --apply to complete or update it (or --revert to take it out)\n";
        } elseif ($exit === INTEGRATE_ABSENT) {
            echo "  run integrate --apply to put it in\n";
        }
        return $exit;
    }

    /** The target text of each file for --apply or --revert (null: no such file). */
    private function targets(string $mode, array $plans): array
    {
        $t = [];
        foreach ($plans as $key => $p) {
            $t[$key] = $mode === 'apply' ? $p->applied : $p->pristine;
        }
        return $t;
    }

    public function dry_run(string $mode): int
    {
        $plans = $this->plans();
        $targets = $this->targets($mode, $plans);
        foreach ($plans as $key => $p) {
            echo Diff::unified($p->rel, $p->current, $targets[$key]);
        }
        return EXIT_OK;
    }

    public function patch(): int
    {
        $plans = $this->plans();
        echo 'moodle-upgrade integrate v' . INTEGRATION_VERSION . " for {$this->tree->label()}: apply with `patch -p1` at the site root\n";
        foreach ($plans as $p) {
            echo Diff::unified($p->rel, $p->pristine, $p->applied);
        }
        return EXIT_OK;
    }

    /** --apply or --revert: every file replaced atomically, the glue first in and last out. */
    public function write(string $mode): int
    {
        $journal = Journal::read($this->tree);
        if ($journal !== null) {
            Journal::clean($this->tree, $journal);
            fwrite(STDERR, "moodle-upgrade: finishing the job of an interrupted --{$journal['op']}\n");
        }
        $plans = $this->plans();
        $targets = $this->targets($mode, $plans);
        $order = $mode === 'apply' ? ['glue', 'moodlelib', 'index', 'cli'] : ['cli', 'index', 'moodlelib', 'glue'];
        $changes = [];
        foreach ($order as $key) {
            if ($plans[$key]->current !== $targets[$key]) {
                $changes[] = [$plans[$key], $targets[$key]];
            }
        }
        echo "{$this->tree->label()}: integration v" . INTEGRATION_VERSION . "\n";
        if ($this->tree->note !== null) {
            echo "  {$this->tree->note}\n";
        }
        if (!$changes) {
            if ($journal !== null) {
                Journal::remove($this->tree);
            }
            echo $mode === 'apply' ? "  already applied: nothing to do\n" : "  not applied: nothing to revert\n";
            return EXIT_OK;
        }
        $writer = new AtomicWriter($this->tree, $mode, $this->crash_after);
        foreach ($changes as [$p, $target]) {
            $writer->add($p->rel, $p->current, $target, $this->tree->files['moodlelib']);
        }
        $writer->commit();
        foreach ($changes as [$p, $target]) {
            if ($p->key === 'glue') {
                $what = $target === null ? 'removed' : ($p->current === null ? 'copied' : 'updated');
            } else {
                $n = $mode === 'apply' ? count(integration_edits()[$p->key]) : count($p->found);
                $what = ($mode === 'apply' ? ($p->found ? 'updated, ' : '') . "$n edits" : "$n edits taken out");
            }
            printf("  %-32s %s\n", $p->rel, $what);
        }
        echo $mode === 'apply' ? "  applied\n" : "  reverted\n";
        return EXIT_OK;
    }
}

/** Marked lines: what the edits wrote, found again and taken out. */
final class Markers
{
    public static function marker(string $id, int $version = INTEGRATION_VERSION): string
    {
        return INTEGRATE_MARKER . " v$version $id";
    }

    /**
     * The text without the integration's lines (any version), and the edits
     * found (id => version). A marked line of this version that is not what
     * this version writes is a local edit: refused, with the difference.
     */
    public static function strip(string $text, string $rel, array $edits): array
    {
        if (!str_contains($text, INTEGRATE_MARKER)) {
            return [$text, []];
        }
        $codes = array_column($edits, 'code', 'id');
        $m = preg_quote(INTEGRATE_MARKER, '/');
        preg_match_all('/[^\n]*\n|[^\n]+$/', $text, $mm);
        $lines = $mm[0];
        $out = '';
        $found = [];
        for ($i = 0; $i < count($lines); $i++) {
            $line = $lines[$i];
            if (!str_contains($line, INTEGRATE_MARKER)) {
                $out .= $line;
                continue;
            }
            $n = $i + 1;
            $eol = str_ends_with($line, "\r\n") ? "\r\n" : (str_ends_with($line, "\n") ? "\n" : '');
            $body = substr($line, 0, strlen($line) - strlen($eol));
            if (preg_match("/^([ \\t]*)\\/\\/ $m v([0-9]+) ([a-z][a-z0-9-]*) was: (.*)\$/", $body, $w)) {
                // A replaced line: the original follows "was: "; the new line comes next.
                $next = $lines[$i + 1] ?? '';
                if (!preg_match("/ \\/\\/ $m v$w[2] $w[3]\\r?\\n?\$/", $next)) {
                    fail("$rel:$n: the marker of edit $w[3] has lost the line it replaced the original with: put back "
                        . "Moodle's line (\"$w[4]\") by hand, then run integrate again; nothing was written");
                }
                self::verify($rel, $n + 1, (int) $w[2], $w[3], $next, $codes);
                $out .= $w[1] . $w[4] . $eol;
                $found[$w[3]] = (int) $w[2];
                $i++;
            } elseif (preg_match("/^[ \\t]*(.*?) \\/\\/ $m v([0-9]+) ([a-z][a-z0-9-]*)\$/", $body, $w)) {
                self::verify($rel, $n, (int) $w[2], $w[3], $line, $codes);
                $found[$w[3]] = (int) $w[2];
            } else {
                fail("$rel:$n: a line names \"" . INTEGRATE_MARKER . "\" but is not one integrate writes: "
                    . trim($body) . ' (a local edit? restore the line, then run integrate again); nothing was written');
            }
        }
        return [$out, $found];
    }

    /** A line of this version must hold exactly the code this version writes. */
    private static function verify(string $rel, int $n, int $version, string $id, string $line, array $codes): void
    {
        if ($version !== INTEGRATION_VERSION) {
            return;   // an older integration: trusted, and replaced by --apply
        }
        if (!isset($codes[$id])) {
            fail("$rel:$n: a marker names edit $id, which integrate v$version does not make in this file; nothing was written");
        }
        $code = preg_replace('/^[ \t]*(.*?) \/\/ ' . preg_quote(INTEGRATE_MARKER, '/') . ' .*$/s', '$1', rtrim($line, "\r\n"));
        if ($code !== $codes[$id]) {
            fail("$rel:$n: the line of edit $id was changed locally; integrate refuses to take it out or rewrite it:\n"
                . "--- $rel as integrate v$version writes it\n+++ $rel:$n now\n-$codes[$id]\n+$code\n"
                . "put the line back (or delete it with its marker), then run integrate again; nothing was written");
        }
    }
}

/** A PHP file as normalised tokens, and the places the edits go. */
final class Placer
{
    /** @var list<array{0:string,1:int,2:int}> key, byte start, byte end */
    private array $n = [];
    /** index in $n of an opening bracket => index of its closing one */
    private array $close = [];

    private function __construct(private string $text)
    {
        $this->n = self::normalise($text, $this->close);
    }

    /** The pristine text with every edit placed; every failure named (all of them, one per line). */
    public static function apply(string $text, string $rel, array $edits, MoodleTree $tree): string
    {
        try {
            \PhpToken::tokenize($text, TOKEN_PARSE);
        } catch (\ParseError $e) {
            fail("$rel does not parse as PHP (line {$e->getLine()}: {$e->getMessage()}); nothing was written");
        }
        $self = new self($text);
        $ops = [];
        $errors = [];
        foreach ($edits as $seq => $e) {
            try {
                $ops[] = $self->place($e, $rel, $tree) + ['seq' => $seq];
            } catch (Failure $f) {
                $errors[] = $f->getMessage();
            }
        }
        if ($errors) {
            fail(implode("\n", $errors));
        }
        // In text order; at one offset, insertions before a replaced line.
        usort($ops, fn($a, $b) => [$a['at'], $a['len'] > 0, $a['seq']] <=> [$b['at'], $b['len'] > 0, $b['seq']]);
        $out = '';
        $pos = 0;
        foreach ($ops as $op) {
            if ($op['at'] < $pos) {
                fail("$rel: edits {$op['id']} and another one land on the same line; nothing was written");
            }
            $out .= substr($text, $pos, $op['at'] - $pos) . $op['text'];
            $pos = $op['at'] + $op['len'];
        }
        $out .= substr($text, $pos);
        try {
            \PhpToken::tokenize($out, TOKEN_PARSE);
        } catch (\ParseError $e) {
            fail("$rel would not parse after the edits (line {$e->getLine()}: {$e->getMessage()}); nothing was written");
        }
        return $out;
    }

    /** One edit: where its line goes (byte offset), how much it replaces, and the text. */
    private function place(array $e, string $rel, MoodleTree $tree): array
    {
        $where = '';
        $ranges = [[0, count($this->n)]];
        foreach ($e['in'] as $scope) {
            $where .= "in `$scope" . (str_ends_with($scope, '(') ? '...)' : '') . "`, ";
            $inner = [];
            foreach ($ranges as $r) {
                foreach ($this->find($scope, $r) as $hit) {
                    $body = $this->body($hit);
                    if ($body !== null) {
                        $inner[] = $body;
                    }
                }
            }
            if (!$inner) {
                fail("$rel: edit {$e['id']}: {$where}not found, so `{$e['at']}` cannot be placed (Moodle " . INTEGRATE_BRANCHES[$tree->branch]
                    . ' has it; a local edit?)');
            }
            $ranges = $inner;
        }
        $hits = [];
        foreach ($ranges as $r) {
            array_push($hits, ...$this->find($e['at'], $r));
        }
        $what = "{$where}statement `{$e['at']}`";
        if (count($hits) !== 1) {
            if ($hits) {
                $lines = array_map(fn($h) => $this->line($this->n[$h[0]][1]), $hits);
                fail("$rel: edit {$e['id']}: $what found " . count($hits) . ' times (lines ' . implode(', ', $lines)
                    . '): integrate places an edit only where it is unambiguous');
            }
            fail("$rel: edit {$e['id']}: $what not found" . $this->nearest($e['at'], $ranges, $rel));
        }
        [$first, $last] = $hits[0];
        $start = $this->n[$first][1];
        $end = $this->n[$last][2];
        $ls = strrpos(substr($this->text, 0, $start), "\n");
        $ls = $ls === false ? 0 : $ls + 1;
        $indent = substr($this->text, $ls, $start - $ls);
        $nl = strpos($this->text, "\n", $end);
        $why = null;
        if ($e['do'] !== 'after' && !preg_match('/^[ \t]*$/', $indent)) {
            $why = 'it does not start its line';
        } elseif ($e['do'] !== 'before' && $nl === false) {
            $why = 'it ends the file without a newline';
        } elseif ($e['do'] !== 'before' && !self::quiet(substr($this->text, $end, $nl - $end))) {
            $why = 'other code follows it on its line';
        }
        if ($why !== null) {
            fail("$rel:{$this->line($start)}: edit {$e['id']}: $what found, but $why: integrate adds whole lines only");
        }
        if ($e['do'] === 'after') {
            preg_match('/^[ \t]*/', substr($this->text, $ls), $im);
            $indent = $im[0];
        }
        $eolat = $nl === false ? strpos($this->text, "\n", $start) : $nl;
        $eol = ($eolat !== false && $eolat > 0 && $this->text[$eolat - 1] === "\r") ? "\r\n" : "\n";
        $new = $indent . $e['code'] . ' // ' . Markers::marker($e['id']) . $eol;
        switch ($e['do']) {
            case 'before':
                return ['id' => $e['id'], 'at' => $ls, 'len' => 0, 'text' => $new];
            case 'after':
                return ['id' => $e['id'], 'at' => $nl + 1, 'len' => 0, 'text' => $new];
            default:
                $orig = substr($this->text, $start, $nl - $start);
                $orig = str_ends_with($orig, "\r") ? substr($orig, 0, -1) : $orig;
                if (str_contains($orig, '?>')) {
                    fail("$rel:{$this->line($start)}: edit {$e['id']}: $what found, but its line holds \"?>\", which a comment cannot keep");
                }
                return ['id' => $e['id'], 'at' => $ls, 'len' => $nl + 1 - $ls,
                    'text' => $indent . '// ' . Markers::marker($e['id']) . " was: $orig$eol$new"];
        }
    }

    /** Only whitespace and comments that close on this line. */
    private static function quiet(string $rest): bool
    {
        return (bool) preg_match('~^(?:[ \t\r]+|/\*(?:(?!\*/).)*\*/|(?://|#(?!\[))(?:(?!\?>).)*$)*$~', $rest);
    }

    private function line(int $byte): int
    {
        return substr_count($this->text, "\n", 0, $byte) + 1;
    }

    /** Matches of $pattern starting at a statement boundary inside [from, to): [first, last] indexes. */
    private function find(string $pattern, array $range): array
    {
        $dummy = [];
        $p = array_column(self::normalise("<?php $pattern", $dummy), 0);
        array_shift($p);   // the open tag
        $hits = [];
        [$from, $to] = $range;
        $k = count($p);
        for ($i = $from; $i + $k <= $to; $i++) {
            if ($this->n[$i][0] !== $p[0] || ($i > 0 && !in_array($this->n[$i - 1][0], [';', '{', '}', '<?php', ':'], true))) {
                continue;
            }
            $j = 1;
            while ($j < $k && $this->n[$i + $j][0] === $p[$j]) {
                $j++;
            }
            if ($j === $k) {
                $hits[] = [$i, $i + $k - 1];
            }
        }
        return $hits;
    }

    /** The token range inside the block a scope match opens: an if's "{", or a function's body. */
    private function body(array $hit): ?array
    {
        $i = $hit[1];
        if ($this->n[$i][0] === '(') {        // function name( ... ) [: type] {
            $i = $this->close[$i] ?? null;
            while ($i !== null && ++$i < count($this->n) && !in_array($this->n[$i][0], ['{', ';'], true)) {
            }
            if ($i === null || $i >= count($this->n) || $this->n[$i][0] !== '{') {
                return null;
            }
        }
        if ($this->n[$i][0] !== '{' || !isset($this->close[$i])) {
            return null;
        }
        return [$i + 1, $this->close[$i]];
    }

    /** The statement in the scope most like the one looked for, as a diff: the local edit, probably. */
    private function nearest(string $pattern, array $ranges, string $rel): string
    {
        $dummy = [];
        $p = array_column(self::normalise("<?php $pattern", $dummy), 0);
        $best = null;
        $score = 0.0;
        foreach ($ranges as [$from, $to]) {
            for ($i = $from; $i < $to; $i++) {
                if ($i > 0 && !in_array($this->n[$i - 1][0], [';', '{', '}'], true)) {
                    continue;
                }
                $j = $i;
                while ($j < $to && !in_array($this->n[$j][0], [';', '{', '}'], true)) {
                    $j++;
                }
                if ($j >= $to) {
                    break;
                }
                $s = substr($this->text, $this->n[$i][1], $this->n[$j][2] - $this->n[$i][1]);
                similar_text(preg_replace('/\s+/', '', $pattern), preg_replace('/\s+/', '', $s), $pct);
                if ($p[1][0] === '$' && ($p[2] ?? '') === '=' && $this->n[$i][0] === $p[1] && ($this->n[$i + 1][0] ?? '') === '=') {
                    $pct += 100;   // the same variable assigned: that is the place
                }
                if ($pct > $score) {
                    [$score, $best] = [$pct, [$i, $s]];
                }
            }
        }
        if ($best === null || $score < 50) {
            return ' (Moodle has it there; a local edit?)';
        }
        $ln = $this->line($this->n[$best[0]][1]);
        return " (a local edit? the nearest is at line $ln):\n--- expected\n+++ $rel:$ln\n-$pattern\n+"
            . str_replace("\n", "\n+", $best[1]);
    }

    /**
     * Significant tokens, each as [key, start byte, end byte]. Keys compare
     * code as PHP reads it: no whitespace or comments, names lower-cased
     * (variables kept), strings by value, array(...) as [...], no trailing
     * comma, require_once(x); as require_once x;. $close maps each opening
     * bracket's index to its closing one's.
     */
    private static function normalise(string $text, array &$close): array
    {
        $n = [];
        $stack = [];   // [kind, index in $n]
        $toks = \PhpToken::tokenize($text);
        $sig = array_values(array_filter($toks, fn($t) => !$t->isIgnorable() || $t->is(T_OPEN_TAG)));
        $count = count($sig);
        for ($x = 0; $x < $count; $x++) {
            $t = $sig[$x];
            $s = $t->pos;
            $e = $t->pos + strlen($t->text);
            $next = $sig[$x + 1] ?? null;
            if ($t->is(T_OPEN_TAG)) {
                $n[] = ['<?php', $s, $e];
            } elseif ($t->is(T_CLOSE_TAG)) {
                $n[] = [';', $s, $e];
            } elseif ($t->is([T_VARIABLE, T_ENCAPSED_AND_WHITESPACE, T_INLINE_HTML, T_STRING_VARNAME])) {
                $n[] = [$t->text, $s, $e];
            } elseif ($t->is(T_CONSTANT_ENCAPSED_STRING)) {
                $inner = substr($t->text, 1, -1);
                $v = $t->text[0] === "'" ? preg_replace('/\\\\([\\\\\'])/', '$1', $inner) : stripcslashes($inner);
                $n[] = ["'" . $v, $s, $e];
            } elseif ($t->is(T_ARRAY) && $next !== null && $next->text === '(') {
                $stack[] = ['array', count($n)];
                $n[] = ['[', $s, $next->pos + 1];
                $x++;
            } elseif (in_array($t->text, ['(', '['], true) || $t->is([T_CURLY_OPEN, T_DOLLAR_OPEN_CURLY_BRACES]) || $t->text === '{') {
                $prev = end($n);
                $kind = ($t->text === '(' && is_array($prev) && in_array($prev[0], ['require', 'require_once', 'include', 'include_once'], true))
                    ? 'incl' : $t->text;
                $stack[] = [$kind, count($n)];
                $n[] = [$t->is([T_CURLY_OPEN, T_DOLLAR_OPEN_CURLY_BRACES]) ? '{' : $t->text, $s, $e];
            } elseif (in_array($t->text, [')', ']', '}'], true)) {
                $open = array_pop($stack);
                if (in_array($t->text, [')', ']'], true) && is_array(end($n)) && end($n)[0] === ',') {
                    array_pop($n);   // a trailing comma
                }
                if ($open !== null && $open[0] === 'incl' && $next !== null && $next->text === ';') {
                    $n[$open[1]] = null;   // require_once(x); reads as require_once x;
                    continue;
                }
                $key = ($open !== null && $open[0] === 'array') ? ']' : $t->text;
                if ($open !== null) {
                    $close[$open[1]] = count($n);
                }
                $n[] = [$key, $s, $e];
            } elseif ($t->is([T_NAME_FULLY_QUALIFIED])) {
                $n[] = [strtolower(ltrim($t->text, '\\')), $s, $e];
            } else {
                $n[] = [strtolower($t->text), $s, $e];
            }
        }
        // Drop the parentheses taken out above, and renumber the brackets.
        $renum = [];
        $out = [];
        foreach ($n as $i => $entry) {
            if ($entry !== null) {
                $renum[$i] = count($out);
                $out[] = $entry;
            }
        }
        $pairs = $close;
        $close = [];
        foreach ($pairs as $o => $c) {
            if (isset($renum[$o], $renum[$c])) {
                $close[$renum[$o]] = $renum[$c];
            }
        }
        return $out;
    }
}

/**
 * Writes several files so that each one is always whole: a temp file in the
 * file's folder (same owner and mode, flushed to disk), then a rename over
 * it; a journal at the site root names them all while the renames run.
 */
final class AtomicWriter
{
    private array $jobs = [];

    public function __construct(private MoodleTree $tree, private string $op, private ?int $crash_after)
    {
    }

    /** $new null: delete. $modeof: the file whose mode and owner a new file takes. */
    public function add(string $rel, ?string $old, ?string $new, string $modeof): void
    {
        $path = "{$this->tree->root}/$rel";
        $dir = dirname($path);
        if ($old !== null && !is_writable($path)) {
            fail("$rel is read-only (" . self::owner($path) . '): run integrate as its owner or make it writable; nothing was written');
        }
        if (!is_writable($dir)) {
            fail(dirname($rel) . '/ is not writable (' . self::owner($dir) . '): integrate replaces files by renaming a temp file'
                . ' in the same folder; run it as the owner; nothing was written');
        }
        $this->jobs[] = ['rel' => $rel, 'path' => $path, 'tmp' => $dir . '/.' . basename($path) . '.integrate-tmp',
            'old' => $old, 'new' => $new, 'modeof' => $old !== null ? $path : "{$this->tree->root}/$modeof"];
    }

    private static function owner(string $path): string
    {
        $st = @stat($path);
        if ($st === false) {
            return 'cannot stat it';
        }
        $u = function_exists('posix_getpwuid') ? (posix_getpwuid($st['uid'])['name'] ?? $st['uid']) : $st['uid'];
        return sprintf('owner %s, mode %04o', $u, $st['mode'] & 07777);
    }

    public function commit(): void
    {
        $root = $this->tree->root;
        if (!is_writable($root)) {
            fail("$root is not writable: integrate keeps its journal there while it writes; nothing was written");
        }
        // 1. Every new text in a temp file beside its target: nothing changes yet.
        foreach ($this->jobs as $j) {
            if ($j['new'] === null) {
                continue;
            }
            try {
                self::put($j['tmp'], $j['new'], $j['modeof']);
            } catch (Failure $e) {
                foreach ($this->jobs as $k) {
                    @unlink($k['tmp']);
                }
                fail($e->getMessage() . '; nothing was written');
            }
        }
        // 2. The journal, then the renames (each atomic), then no journal.
        $entries = array_map(fn($j) => ['path' => $j['rel'], 'tmp' => substr($j['tmp'], strlen($root) + 1),
            'before' => $j['old'] === null ? null : sha1($j['old']), 'after' => $j['new'] === null ? null : sha1($j['new'])], $this->jobs);
        Journal::write($this->tree, ['op' => $this->op, 'integration' => INTEGRATION_VERSION, 'files' => $entries]);
        $done = 0;
        foreach ($this->jobs as $j) {
            $ok = $j['new'] === null ? @unlink($j['path']) : @rename($j['tmp'], $j['path']);
            if (!$ok) {
                fail("cannot replace {$j['rel']}: " . (error_get_last()['message'] ?? 'unknown error')
                    . "; $done of " . count($this->jobs) . " files were written, each whole: fix this and run integrate --{$this->op} again to finish");
            }
            $done++;
            if ($this->crash_after !== null && $done >= $this->crash_after) {
                if (function_exists('posix_kill')) {
                    posix_kill(getmypid(), 9);
                }
                exit(137);
            }
        }
        foreach ($this->jobs as $j) {
            $now = @file_get_contents($j['path']);
            if ($j['new'] === null ? file_exists($j['path']) : $now !== $j['new']) {
                fail("{$j['rel']} does not hold what was just written to it (something else is changing the tree?):"
                    . " run integrate --check, then --{$this->op} again");
            }
        }
        Journal::remove($this->tree);
    }

    /** Writes $text to $tmp, flushed, with the mode (and owner, as root) of $like. */
    private static function put(string $tmp, string $text, string $like): void
    {
        @unlink($tmp);
        $fh = @fopen($tmp, 'x');
        if ($fh === false) {
            fail("cannot create $tmp: " . (error_get_last()['message'] ?? 'unknown error'));
        }
        $ok = fwrite($fh, $text) === strlen($text) && fflush($fh) && fsync($fh);
        fclose($fh);
        if (!$ok) {
            @unlink($tmp);
            fail("cannot write $tmp (disk full?)");
        }
        $st = @stat($like);
        if ($st !== false) {
            @chmod($tmp, $st['mode'] & 07777);
            if (function_exists('posix_geteuid') && posix_geteuid() === 0) {
                @chown($tmp, $st['uid']);
                @chgrp($tmp, $st['gid']);
            }
        }
    }
}

/** The journal of a write in progress: which files, their contents before and after (SHA-1). */
final class Journal
{
    private static function path(MoodleTree $tree): string
    {
        return "{$tree->root}/" . INTEGRATE_JOURNAL;
    }

    public static function read(MoodleTree $tree): ?array
    {
        $file = self::path($tree);
        if (!file_exists($file)) {
            return null;
        }
        $j = json_decode((string) @file_get_contents($file), true);
        if (!is_array($j) || !isset($j['op'], $j['files']) || !is_array($j['files'])) {
            fail("$file is not integrate's journal (or is damaged): look at it, delete it, then run integrate --check");
        }
        return $j;
    }

    public static function write(MoodleTree $tree, array $journal): void
    {
        $file = self::path($tree);
        $tmp = "$file.tmp";
        $json = json_encode($journal, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n";
        $fh = @fopen($tmp, 'w');
        if ($fh === false || fwrite($fh, $json) !== strlen($json) || !fflush($fh) || !fsync($fh) || !fclose($fh) || !@rename($tmp, $file)) {
            @unlink($tmp);
            fail("cannot write the journal $file: " . (error_get_last()['message'] ?? 'unknown error') . '; nothing was written');
        }
    }

    /** After an interruption: the temp files it left are dropped (every target is whole, old or new). */
    public static function clean(MoodleTree $tree, array $journal): void
    {
        foreach ($journal['files'] as $f) {
            if (is_array($f) && isset($f['tmp']) && is_string($f['tmp']) && !str_contains($f['tmp'], '..')
                && str_ends_with($f['tmp'], '.integrate-tmp')) {
                @unlink("{$tree->root}/{$f['tmp']}");
            }
        }
    }

    public static function remove(MoodleTree $tree): void
    {
        if (!@unlink(self::path($tree)) && file_exists(self::path($tree))) {
            fail('cannot remove the journal ' . self::path($tree) . ': ' . (error_get_last()['message'] ?? 'unknown error'));
        }
    }
}

/** Unified diffs (Myers' algorithm), with a/ and b/ prefixes for `patch -p1`. */
final class Diff
{
    public static function unified(string $rel, ?string $old, ?string $new, int $context = 3): string
    {
        if ($old === $new) {
            return '';
        }
        $a = self::lines($old ?? '');
        $b = self::lines($new ?? '');
        $ops = self::ops($a, $b);   // list of [' ' | '-' | '+', line]
        $out = ($old === null ? "--- /dev/null\n" : "--- a/$rel\n") . ($new === null ? "+++ /dev/null\n" : "+++ b/$rel\n");
        $n = count($ops);
        $i = 0;
        while ($i < $n) {
            while ($i < $n && $ops[$i][0] === ' ') {
                $i++;
            }
            if ($i >= $n) {
                break;
            }
            $start = max(0, $i - $context);
            $end = $i;
            // Extend over changes closer than 2*context apart.
            while (true) {
                while ($end < $n && $ops[$end][0] !== ' ') {
                    $end++;
                }
                $k = $end;
                while ($k < $n && $ops[$k][0] === ' ' && $k - $end < 2 * $context) {
                    $k++;
                }
                if ($k < $n && $ops[$k][0] !== ' ') {
                    $end = $k;
                    continue;
                }
                break;
            }
            $stop = min($n, $end + $context);
            [$aline, $bline] = self::position($ops, $start);
            $ac = $bc = 0;
            $body = '';
            for ($k = $start; $k < $stop; $k++) {
                [$op, $line] = $ops[$k];
                $ac += $op !== '+' ? 1 : 0;
                $bc += $op !== '-' ? 1 : 0;
                $body .= $op . $line . (str_ends_with($line, "\n") ? '' : "\n\\ No newline at end of file\n");
            }
            $out .= sprintf("@@ -%s +%s @@\n", self::range($aline, $ac), self::range($bline, $bc)) . $body;
            $i = $stop;
        }
        return $out;
    }

    private static function range(int $start, int $count): string
    {
        $s = $count === 0 ? $start - 1 : $start;
        return $count === 1 ? "$s" : "$s,$count";
    }

    /** 1-based line numbers in a and b at op index $k. */
    private static function position(array $ops, int $k): array
    {
        $a = $b = 1;
        for ($i = 0; $i < $k; $i++) {
            $a += $ops[$i][0] !== '+' ? 1 : 0;
            $b += $ops[$i][0] !== '-' ? 1 : 0;
        }
        return [$a, $b];
    }

    private static function lines(string $s): array
    {
        if ($s === '') {
            return [];
        }
        preg_match_all('/[^\n]*\n|[^\n]+$/', $s, $m);
        return $m[0];
    }

    /** The shortest edit script, Myers (1986): O((N+M)D), D small here. */
    private static function ops(array $a, array $b): array
    {
        $n = count($a);
        $m = count($b);
        $max = $n + $m;
        $v = [1 => 0];
        $trace = [];
        for ($d = 0; $d <= $max; $d++) {
            $trace[] = $v;
            for ($k = -$d; $k <= $d; $k += 2) {
                $x = ($k === -$d || ($k !== $d && ($v[$k - 1] ?? -1) < ($v[$k + 1] ?? -1))) ? ($v[$k + 1] ?? 0) : ($v[$k - 1] ?? 0) + 1;
                $y = $x - $k;
                while ($x < $n && $y < $m && $a[$x] === $b[$y]) {
                    $x++;
                    $y++;
                }
                $v[$k] = $x;
                if ($x >= $n && $y >= $m) {
                    return self::backtrack($trace, $a, $b, $d);
                }
            }
        }
        return [];
    }

    private static function backtrack(array $trace, array $a, array $b, int $dend): array
    {
        $x = count($a);
        $y = count($b);
        $ops = [];
        for ($d = $dend; $d > 0; $d--) {
            $v = $trace[$d];
            $k = $x - $y;
            $prevk = ($k === -$d || ($k !== $d && ($v[$k - 1] ?? -1) < ($v[$k + 1] ?? -1))) ? $k + 1 : $k - 1;
            $px = $v[$prevk] ?? 0;
            $py = $px - $prevk;
            while ($x > $px && $y > $py) {
                $ops[] = [' ', $a[--$x]];
                $y--;
            }
            if ($x === $px) {
                $ops[] = ['+', $b[--$y]];
            } else {
                $ops[] = ['-', $a[--$x]];
            }
        }
        while ($x > 0) {
            $ops[] = [' ', $a[--$x]];
        }
        return array_reverse($ops);
    }
}
