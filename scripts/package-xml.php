<?php
/*
 * Writes package.xml (PECL package 2.0) listing every file a PECL build or
 * its tests need, from git ls-files. Run: php scripts/package-xml.php
 * Check: pecl package-validate package.xml
 */
$top = dirname(__DIR__);
chdir($top);
exec('git ls-files', $files, $rc);
if ($rc !== 0) {
    fwrite(STDERR, "package-xml: git ls-files failed\n");
    exit(1);
}
// Files that are not part of the PECL package (CI, benchmarks, helpers of the repo).
$skip = '#^(\.ci/|\.gitignore|bench/|integration/|bin/|scripts/|sample/|tests/(web|cli|integrate)/)#';
$version = '';
if (preg_match('/#define PHP_UPGRADE_VERSION "([^"]+)"/', file_get_contents('php_upgrade.h'), $m)) {
    $version = $m[1];
}
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
$xml->writeElement('date', date('Y-m-d'));
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
$xml->writeElement('notes', 'First release.');
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
file_put_contents('package.xml', $xml->outputMemory());
printf("package.xml: %d files, version %s\n", count($roles), $version);
