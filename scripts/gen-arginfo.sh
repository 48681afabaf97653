#!/bin/sh
# Regenerates upgrade_arginfo.h from upgrade.stub.php with PHP's own gen_stub.php.
# gen_stub.php wants PHP-Parser 4.x beside it and would download it; we point it
# at Debian's php-parser package instead (apt-get install php-parser).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
gen=$(ls /usr/lib/php/*/build/gen_stub.php 2>/dev/null | head -n 1)
[ -n "$gen" ] || { echo "gen-arginfo: gen_stub.php not found (apt-get install php8.2-dev)" >&2; exit 1; }
[ -d /usr/share/php/PhpParser ] || { echo "gen-arginfo: PHP-Parser not found (apt-get install php-parser)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$gen" "$work/gen_stub.php"
ver=$(sed -n 's/.*\$version = "\(4\.[0-9.]*\)";.*/\1/p' "$gen" | head -n 1)
mkdir -p "$work/PHP-Parser-$ver"
ln -s /usr/share/php "$work/PHP-Parser-$ver/lib"
php "$work/gen_stub.php" -f "$here/upgrade.stub.php"
