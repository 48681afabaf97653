#!/bin/sh
# Installs what is missing (Debian 12 packages), then builds the extension
# into modules/upgrade.so. Safe to run again: it only does what is needed.
set -eu
cd "$(dirname "$0")/.."

need=""
for pkg in php8.2-cli php8.2-dev libssl-dev re2c pkg-config make gcc valgrind php-parser php8.2-fpm nginx curl faketime \
	postgresql mariadb-server php8.2-pgsql php8.2-mysql clang libclang-rt-14-dev php-pear xz-utils; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need="$need $pkg"
done
if [ -n "$need" ]; then
	echo "build: installing$need" >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $need >/dev/null
fi

# Rebuild from scratch when the build files are older than config.m4.
if [ ! -f Makefile ] || [ config.m4 -nt Makefile ]; then
	phpize >/dev/null
	./configure --enable-upgrade CFLAGS="${CFLAGS:--O2 -g -Werror}" >/dev/null
fi
make -s -j"$(nproc)" >/dev/null
echo "build: modules/upgrade.so ready" >&2
