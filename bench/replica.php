<?php
// Pure-PHP replica of Moodle 4.2-5.1 core_component plugin discovery and of the
// upgrade hashes (allcomponenthash, allversionshash), written from the contract in
// /work/shared/spec/moodle-compat.md. No extension is needed.
//
// Its purpose: the reference that the C extension is compared with (vectors,
// benchmarks). It mirrors Moodle's PHP statement by statement where order, PHP
// semantics (isset vs null, empty() on objects, sort() flags, ksort()) or error
// handling matter, and deliberately does nothing cleverer than Moodle does.
//
// Usage:
//   require __DIR__ . '/replica.php';
//   $d = upgrade_replica::discover('/srv/moodle');         // layout, types, plugins
//   $h = upgrade_replica::component_hash('/srv/moodle');   // allcomponenthash
//   $v = upgrade_replica::versions_hash('/srv/moodle');    // allversionshash

class upgrade_replica {
    /** Folders never taken as plugins (auth/db is the one exception). */
    const IGNOREDDIRS = [
        'CVS' => true, '_vti_cnf' => true, 'amd' => true, 'classes' => true, 'db' => true,
        'fonts' => true, 'lang' => true, 'pix' => true, 'simpletest' => true,
        'templates' => true, 'tests' => true, 'yui' => true,
    ];

    /** Owner types whose plugins may declare subplugin types ('local' is handled last). */
    const SUBPLUGIN_OWNERS = ['mod', 'editor', 'tool'];

    /**
     * Site layout of a code tree.
     *
     * @return array [layout '51'|'4x', dirroot]
     */
    public static function layout(string $root): array {
        if (file_exists("$root/public/version.php")) {
            return ['51', "$root/public"];
        }
        return ['4x', $root];
    }

    /**
     * Moodle's plugin discovery (core_component::fetch_subsystems + fetch_plugintypes
     * + fetch_plugins for every type).
     *
     * @param string $root site root (the folder holding lib/components.json)
     * @param array $options 'admin' (default 'admin'), 'themedir' (default null)
     * @return array ['layout', 'dirroot', 'plugintypes' => [type => dir], 'plugins' => [[type, name, dir], ...]]
     */
    public static function discover(string $root, array $options = []): array {
        // Like core_component::init(), plugin types are worked out once per process;
        // plugins are re-listed on every call, as Moodle's web path does.
        static $contexts = [];
        $key = $root . "\0" . serialize($options);
        $ctx = $contexts[$key] ??= self::context($root, $options);
        $plugins = [];
        foreach ($ctx['types'] as $type => $typedir) {
            foreach (self::fetch_plugins($ctx, $type, $typedir) as $name => $dir) {
                $plugins[] = [$type, $name, $dir];
            }
        }
        return [
            'layout' => $ctx['layout'],
            'dirroot' => $ctx['dirroot'],
            'plugintypes' => $ctx['types'],
            'plugins' => $plugins,
        ];
    }

    /**
     * Builds the discovery context: layout, dirroot, subsystems and the ordered type map.
     */
    protected static function context(string $root, array $options): array {
        [$layout, $dirroot] = self::layout($root);
        $ctx = [
            'root' => $root,
            'layout' => $layout,
            'dirroot' => $dirroot,
            'admin' => (string)($options['admin'] ?? 'admin'),
            'themedir' => $options['themedir'] ?? null,
            'subsystems' => [],
            'types' => [],
        ];
        // components.json is always ROOT/lib/components.json (5.1: top level, outside public/;
        // 4.x: ROOT == dirroot, so it is dirroot/lib/components.json).
        $file = "$root/lib/components.json";
        $src = (array) @json_decode((string) @file_get_contents($file));
        $ctx['subsystems'] = self::fetch_subsystems($ctx, $src);
        $ctx['types'] = self::fetch_plugintypes($ctx, $src);
        return $ctx;
    }

    /** Path of a components.json entry (relative to root). */
    protected static function get_path(array $ctx, $path): string {
        return "{$ctx['root']}/{$path}";
    }

    protected static function fetch_subsystems(array $ctx, array $src): array {
        $info = [];
        $list = !empty($src['subsystems']) ? (array) $src['subsystems'] : [];
        foreach ($list as $subsystem => $path) {
            if ($ctx['admin'] !== 'admin' && $path !== null) {
                if ($path === 'admin') {
                    $path = $ctx['admin'];
                } else if (strpos($path, 'admin/') === 0) {
                    $path = $ctx['admin'] . substr($path, 5);
                }
            }
            // A subsystem without a path is null: isset() does not see it.
            $info[$subsystem] = empty($path) ? null : self::get_path($ctx, $path);
        }
        return $info;
    }

    protected static function fetch_plugintypes(array $ctx, array $src): array {
        $types = [];
        $list = !empty($src['plugintypes']) ? (array) $src['plugintypes'] : [];
        foreach ($list as $plugintype => $path) {
            if ($ctx['admin'] !== 'admin' && strpos($path, 'admin/') === 0) {
                $path = $ctx['admin'] . substr($path, 5);
            }
            $types[$plugintype] = self::get_path($ctx, $path);
        }

        $themedir = $ctx['themedir'];
        if (!empty($themedir) && is_dir($themedir)) {
            $types['theme'] = $themedir;
        } else {
            $types['theme'] = $ctx['dirroot'] . '/theme';
        }

        foreach (self::SUBPLUGIN_OWNERS as $type) {
            self::add_subtypes($ctx, $types, $type);
        }

        // Local is always last.
        $types['local'] = $ctx['dirroot'] . '/local';
        self::add_subtypes($ctx, $types, 'local');

        return $types;
    }

    /** Appends the subplugin types declared by every plugin of $type. */
    protected static function add_subtypes(array $ctx, array &$types, string $type): void {
        $plugins = self::fetch_plugins($ctx, $type, $types[$type] ?? '');
        foreach ($plugins as $plugin => $fulldir) {
            $subtypes = self::fetch_subtypes($ctx, $fulldir);
            foreach ($subtypes as $subtype => $subdir) {
                if (isset($types[$subtype])) {
                    continue; // Duplicate subtype: Moodle logs and skips it.
                }
                $types[$subtype] = $subdir;
            }
        }
    }

    protected static function fetch_subtypes(array $ctx, string $ownerdir): array {
        $types = [];
        $subplugins = [];
        $root = $ctx['root'];
        if (file_exists("$ownerdir/db/subplugins.json")) {
            $json = json_decode((string) @file_get_contents("$ownerdir/db/subplugins.json"));
            if (json_last_error() === JSON_ERROR_NONE) {
                if ($ctx['layout'] === '51') {
                    $plugindir = substr($ownerdir, strlen($root) + 1);
                    if (!empty($json->subplugintypes)) {
                        // Relative to the owner plugin's own folder.
                        $subplugins = array_map(function ($dir) use ($plugindir) {
                            return "{$plugindir}/{$dir}";
                        }, (array) $json->subplugintypes);
                    } else if (!empty($json->plugintypes)) {
                        // Legacy key: relative to the web root, public/ added where missing.
                        $subplugins = (array) $json->plugintypes;
                        foreach ($subplugins as $k => $path) {
                            $subplugins[$k] = str_starts_with($path, 'public/') ? $path : "public/{$path}";
                        }
                    }
                } else {
                    if (!empty($json->plugintypes)) {
                        $subplugins = (array) $json->plugintypes;
                    }
                }
            }
            // Invalid JSON: Moodle only logs an error; no subtypes.
        }
        // db/subplugins.php (4.1 and older): out of scope, see the spec.

        foreach ($subplugins as $subtype => $dir) {
            if (!preg_match('/^[a-z][a-z0-9]*$/', (string) $subtype)) {
                continue;
            }
            if (isset($ctx['subsystems'][$subtype])) {
                continue;
            }
            if ($ctx['admin'] !== 'admin' && strpos($dir, 'admin/') === 0) {
                $dir = preg_replace('|^admin/|', $ctx['admin'] . '/', $dir);
            }
            $full = $ctx['layout'] === '51' ? self::get_path($ctx, $dir) : "{$ctx['dirroot']}/{$dir}";
            if (!is_dir($full)) {
                continue;
            }
            $types[$subtype] = $full;
        }
        return $types;
    }

    protected static function is_valid_plugin_name(array $ctx, string $plugintype, string $pluginname): bool {
        if ($plugintype === 'mod') {
            if (isset($ctx['subsystems'][$pluginname])) {
                return false;
            }
            return (bool) preg_match('/^[a-z][a-z0-9]*$/', $pluginname);
        }
        return (bool) preg_match('/^[a-z](?:[a-z0-9_](?!__))*[a-z0-9]+$/', $pluginname);
    }

    /** Plugins of one type: name => absolute folder, sorted by name (ksort). */
    protected static function fetch_plugins(array $ctx, string $plugintype, string $fulldir): array {
        $fulldirs = [$fulldir];
        if ($plugintype === 'theme') {
            if (realpath($fulldir) !== realpath($ctx['dirroot'] . '/theme')) {
                array_unshift($fulldirs, $ctx['dirroot'] . '/theme');
            }
        }
        $result = [];
        foreach ($fulldirs as $dir) {
            if ($dir === '' || !is_dir($dir)) {
                continue;
            }
            $items = new DirectoryIterator($dir);
            foreach ($items as $item) {
                if ($item->isDot()) {
                    continue;
                }
                if (!$item->isDir()) {
                    continue;
                }
                $pluginname = $item->getFilename();
                if ($plugintype === 'auth' && $pluginname === 'db') {
                    // Special exception for this wrong plugin name.
                } else if (isset(self::IGNOREDDIRS[$pluginname])) {
                    continue;
                }
                if (!self::is_valid_plugin_name($ctx, $plugintype, $pluginname)) {
                    continue;
                }
                $result[$pluginname] = $dir . '/' . $pluginname;
                unset($item);
            }
            unset($items);
        }
        ksort($result);
        return $result;
    }

    /**
     * core_component::get_all_directory_hashes() for a given list of folders.
     *
     * @param string[] $dirs
     * @return array dir => sha1 (hex)
     */
    public static function directory_hashes(array $dirs): array {
        $hashes = [];
        foreach ($dirs as $dir) {
            if (!is_dir($dir)) {
                $hashes[$dir] = sha1('');
                continue;
            }
            $list = [];
            $scan = @scandir($dir);
            if ($scan) {
                sort($scan);
                foreach ($scan as $file) {
                    $path = "$dir/$file";
                    if (!is_dir($path)) {
                        $list[] = @hash_file('sha1', $path);
                    }
                }
            }
            $hashes[$dir] = sha1(serialize($list));
        }
        return $hashes;
    }

    /** The ordered folder list hashed for allcomponenthash. */
    public static function component_dirs(string $root, array $options = []): array {
        $d = self::discover($root, $options);
        $dirs = [$d['dirroot'] . '/lib/db'];
        foreach ($d['plugins'] as [$type, $name, $dir]) {
            $dirs[] = $dir . '/db';
        }
        return $dirs;
    }

    /** allcomponenthash: plugins re-listed on every call (Moodle's web path). */
    public static function component_hash(string $root, array $options = []): string {
        return sha1(serialize(self::directory_hashes(self::component_dirs($root, $options))));
    }

    protected static function define_constants(): void {
        foreach ([
            'MOODLE_INTERNAL' => true,
            'MATURITY_ALPHA' => 50,
            'MATURITY_BETA' => 100,
            'MATURITY_RC' => 150,
            'MATURITY_STABLE' => 200,
            'ANY_VERSION' => 'any',
        ] as $name => $value) {
            if (!defined($name)) {
                define($name, $value);
            }
        }
    }

    /** core_component::fetch_core_version(): runs dirroot/version.php in its own scope. */
    protected static function fetch_core_version(string $dirroot) {
        $version = null;
        require($dirroot . '/version.php');
        return $version;
    }

    /**
     * core_component::get_all_versions(): component => version value, core first.
     */
    public static function versions(string $root, array $options = []): array {
        self::define_constants();
        $d = self::discover($root, $options);
        ob_start();
        try {
            $versions = [];
            $versions['core'] = self::fetch_core_version($d['dirroot']);
            self::include_versions($versions, $d['plugins']);
        } finally {
            ob_end_clean();
        }
        return $versions;
    }

    /**
     * Runs every plugin's version.php in one shared scope, as Moodle's loop does
     * (variables a file leaves behind are visible to the next ones).
     */
    protected static function include_versions(array &$versions, array $plugins): void {
        foreach ($plugins as [$type, $plug, $fullplug]) {
            $plugin = new stdClass();
            $plugin->version = null;
            $module = $plugin;
            @include($fullplug . '/version.php');
            $versions[$type . '_' . $plug] = $plugin->version;
        }
    }

    /** allversionshash. */
    public static function versions_hash(string $root, array $options = []): string {
        return sha1(serialize(self::versions($root, $options)));
    }
}
