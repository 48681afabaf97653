dnl config.m4 for the upgrade extension

PHP_ARG_ENABLE([upgrade],
  [whether to enable upgrade (outageless Moodle upgrades)],
  [AS_HELP_STRING([--enable-upgrade], [Enable the upgrade extension])],
  [no])

if test "$PHP_UPGRADE" != "no"; then
  dnl OpenSSL's libcrypto for SHA-1, found through pkg-config.
  AC_PATH_PROG([UPGRADE_PKG_CONFIG], [pkg-config], [no])
  if test "$UPGRADE_PKG_CONFIG" = "no"; then
    AC_MSG_ERROR([upgrade: pkg-config not found (Debian: apt-get install pkg-config)])
  fi
  AC_MSG_CHECKING([for OpenSSL libcrypto])
  if $UPGRADE_PKG_CONFIG --exists libcrypto; then
    UPGRADE_CRYPTO_CFLAGS=`$UPGRADE_PKG_CONFIG --cflags libcrypto`
    UPGRADE_CRYPTO_LIBS=`$UPGRADE_PKG_CONFIG --libs libcrypto`
    AC_MSG_RESULT([`$UPGRADE_PKG_CONFIG --modversion libcrypto`])
  else
    AC_MSG_RESULT([no])
    AC_MSG_ERROR([upgrade: OpenSSL libcrypto headers not found (Debian: apt-get install libssl-dev)])
  fi
  PHP_EVAL_INCLINE([$UPGRADE_CRYPTO_CFLAGS])
  PHP_EVAL_LIBLINE([$UPGRADE_CRYPTO_LIBS], [UPGRADE_SHARED_LIBADD])
  old_CPPFLAGS=$CPPFLAGS
  CPPFLAGS="$CPPFLAGS $UPGRADE_CRYPTO_CFLAGS"
  AC_CHECK_HEADER([openssl/evp.h], [],
    [AC_MSG_ERROR([upgrade: openssl/evp.h not found (Debian: apt-get install libssl-dev)])])
  CPPFLAGS=$old_CPPFLAGS

  PHP_ADD_LIBRARY([pthread], [1], [UPGRADE_SHARED_LIBADD])
  PHP_SUBST([UPGRADE_SHARED_LIBADD])

  dnl Strict warnings with gcc: the code base builds clean with -Wall -Wextra
  dnl (scripts/build.sh adds -Werror).
  UPGRADE_CFLAGS="-DZEND_ENABLE_STATIC_TSRMLS_CACHE=1"
  if test "$GCC" = "yes"; then
    UPGRADE_CFLAGS="$UPGRADE_CFLAGS -Wall -Wextra"
  fi

  PHP_NEW_EXTENSION([upgrade],
    [php_upgrade.c src/errors.c src/sha1.c src/fsutil.c src/options.c src/pool.c src/discover.c src/dirhash.c src/component_hash.c src/version_scan.c src/versions.c src/version_exec.c src/state.c src/state_hook.c src/state_functions.c src/snapshot.c src/cache.c src/cache_file.c src/hashes.c src/settings.c src/status.c],
    [$ext_shared], , [$UPGRADE_CFLAGS])
  dnl re2c regenerates the static reader from src/version_scan.re; the
  dnl generated C is shipped, so re2c is only needed to change the scanner.
  AC_PATH_PROG([RE2C], [re2c], [])
  if test -z "$RE2C"; then
    AC_MSG_NOTICE([re2c not found: src/version_scan.c is used as shipped (Debian: apt-get install re2c)])
  fi
  PHP_SUBST([RE2C])
  PHP_ADD_MAKEFILE_FRAGMENT

  PHP_ADD_BUILD_DIR([$ext_builddir/src])
  PHP_ADD_INCLUDE([$ext_srcdir/src])
fi
