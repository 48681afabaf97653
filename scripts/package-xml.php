<?php
/*
 * Writes package.xml (PECL package 2.0): every file a PECL build or its tests
 * need, from git ls-files, plus the release fields.
 *
 *   php scripts/package-xml.php                 the file list only; the
 *       release (version, date, time, notes) stays what package.xml says
 *   php scripts/package-xml.php --release 0.2.0 --notes "What changed."
 *       cuts a release: the version into php_upgrade.h and package.xml,
 *       today's date and time (UTC), the notes
 *   --output FILE   write there instead of package.xml (php_upgrade.h is
 *       then left alone); the release fields still come from package.xml
 *
 * Check: tests/package/check.
 */
$top = dirname(__DIR__);
chdir($top);
$opts = getopt('', ['release:', 'notes:', 'output:']);
$fail = function (string $msg): never {
    fwrite(STDERR, "package-xml: $msg\n");
    exit(1);
};
exec('git ls-files', $files, $rc);
if ($rc !== 0) {
    $fail('git ls-files failed in ' . $top);
}
// Files that are not part of the PECL package (CI, benchmarks, helpers of the repo).
$skip = '#^(\.ci/|\.gitignore|bench/|integration/|bin/|scripts/|sample/|tests/(web|cli|integrate|rules|moodle)/)#';
$header = file_get_contents('php_upgrade.h');
if (!preg_match('/#define PHP_UPGRADE_VERSION "([^"]+)"/', $header, $m)) {
    $fail('php_upgrade.h has no #define PHP_UPGRADE_VERSION "x.y.z"');
}
$version = $m[1];

// The release fields belong to the release, not to the day this runs.
$release = ['date' => null, 'time' => null, 'notes' => null];
if (is_file('package.xml')) {
    $old = @simplexml_load_file('package.xml');
    if ($old === false) {
        $fail('package.xml is not well-formed XML: fix it or remove it to start over');
    }
    foreach ($release as $k => $_) {
        $release[$k] = isset($old->$k) ? trim((string) $old->$k) : null;
    }
}
if (isset($opts['release'])) {
    if (!preg_match('/^\d+\.\d+\.\d+(RC\d+|alpha\d*|beta\d*)?$/', $opts['release'])) {
        $fail("--release {$opts['release']}: a version is x.y.z (optionally RCn, alphan, betan)");
    }
    if (!isset($opts['notes']) || trim($opts['notes']) === '') {
        $fail('--release needs --notes "what changed" (PECL refuses empty notes)');
    }
    $version = $opts['release'];
    $release = ['date' => gmdate('Y-m-d'), 'time' => gmdate('H:i:s'), 'notes' => trim($opts['notes'])];
} elseif (isset($opts['notes'])) {
    $fail('--notes only goes with --release');
}
$release['date'] ??= gmdate('Y-m-d');     // a first package.xml
$release['notes'] ??= 'First release.';

$roles = [];
foreach ($files as $f) {
    if ($f === 'package.xml' || preg_match($skip, $f)) {
        continue;
    }
    if (str_starts_with($f, 'tests/')) {
        $role = 'test';
    } elseif (in_array($f, ['README.md', 'LICENSE'], true)) {
        $role = 'doc';
    } else {
        $role = 'src';
    }
    $roles[$f] = $role;
}
ksort($roles, SORT_STRING);
$xml = new XMLWriter();
$xml->openMemory();
$xml->setIndent(true);
$xml->setIndentString(' ');
$xml->startDocument('1.0', 'UTF-8');
$xml->startElement('package');
$xml->writeAttribute('packagerversion', '1.10.13');
$xml->writeAttribute('version', '2.0');
$xml->writeAttribute('xmlns', 'http://pear.php.net/dtd/package-2.0');
$xml->writeAttribute('xmlns:tasks', 'http://pear.php.net/dtd/tasks-1.0');
$xml->writeAttribute('xmlns:xsi', 'http://www.w3.org/2001/XMLSchema-instance');
$xml->writeAttribute('xsi:schemaLocation', 'http://pear.php.net/dtd/tasks-1.0 http://pear.php.net/dtd/tasks-1.0.xsd http://pear.php.net/dtd/package-2.0 http://pear.php.net/dtd/package-2.0.xsd');
$xml->writeElement('name', 'upgrade');
$xml->writeElement('channel', 'pecl.php.net');
$xml->writeElement('summary', 'Outageless Moodle upgrades: Moodle\'s upgrade hashes and decisions, fast and exact');
$xml->writeElement('description', 'Computes Moodle\'s allcomponenthash and allversionshash byte for byte as Moodle 4.2-5.1 does, '
    . 'without bootstrapping Moodle; says why an upgrade is pending or needs maintenance; and lets web frontends '
    . 'see a shared upgrade state at request start.');
$xml->startElement('lead');
$xml->writeElement('name', 'upgrade developers');
$xml->writeElement('user', 'upgrade');
$xml->writeElement('email', 'upgrade@example.org');
$xml->writeElement('active', 'yes');
$xml->endElement();
$xml->writeElement('date', $release['date']);
if ($release['time'] !== null && $release['time'] !== '') {
    $xml->writeElement('time', $release['time']);
}
$xml->startElement('version');
$xml->writeElement('release', $version);
$xml->writeElement('api', $version);
$xml->endElement();
$xml->startElement('stability');
$xml->writeElement('release', 'beta');
$xml->writeElement('api', 'beta');
$xml->endElement();
$xml->startElement('license');
$xml->writeAttribute('uri', 'https://www.php.net/license/3_01.txt');
$xml->text('PHP License 3.01');
$xml->endElement();
$xml->writeElement('notes', $release['notes']);
$xml->startElement('contents');
$xml->startElement('dir');
$xml->writeAttribute('name', '/');
foreach ($roles as $f => $role) {
    $xml->startElement('file');
    $xml->writeAttribute('name', $f);
    $xml->writeAttribute('role', $role);
    $xml->endElement();
}
$xml->endElement();
$xml->endElement();
$xml->startElement('dependencies');
$xml->startElement('required');
$xml->startElement('php');
$xml->writeElement('min', '8.2.0');
$xml->endElement();
$xml->startElement('pearinstaller');
$xml->writeElement('min', '1.10.0');
$xml->endElement();
$xml->endElement();
$xml->endElement();
$xml->writeElement('providesextension', 'upgrade');
$xml->startElement('extsrcrelease');
$xml->startElement('configureoption');
$xml->writeAttribute('name', 'enable-upgrade');
$xml->writeAttribute('default', 'yes');
$xml->writeAttribute('prompt', 'Enable the upgrade extension?');
$xml->endElement();
$xml->endElement();
$xml->endElement();
$xml->endDocument();
$out = $opts['output'] ?? 'package.xml';
if (file_put_contents($out, $xml->outputMemory()) === false) {
    $fail("cannot write $out");
}
if (isset($opts['release']) && !isset($opts['output'])) {
    $new = preg_replace('/(#define PHP_UPGRADE_VERSION ")[^"]+(")/', '${1}' . $version . '${2}', $header);
    if (file_put_contents('php_upgrade.h', $new) === false) {
        $fail('cannot write php_upgrade.h');
    }
}
printf("%s: %d files, version %s, released %s\n", $out, count($roles), $version, $release['date']);
