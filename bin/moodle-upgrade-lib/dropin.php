<?php
// moodle-upgrade with no command: a drop-in for Moodle's admin/cli/upgrade.php.
// The questions (--is-pending, --is-maintenance-required) are check.php; this
// is the upgrade itself, with Moodle's options meaning what they mean there:
//
//   --unset-ui-upgrade-lock   released first, unconditionally, as Moodle does
//   --no-maintenance          refused with exit 2, nothing started, when the db/
//                             files changed (naming them); else deploy's path
//                             without maintenance mode (no cache purge: Moodle
//                             prints the purge commands to run after cutover)
//   (default, --maintenance)  deploy's path in maintenance mode
//   --set-ui-upgrade-lock     with --no-maintenance: the lock stays afterwards,
//                             even when the upgrade fails or is cancelled
//   --non-interactive         no confirmation; without it Moodle's question is
//                             asked on the terminal, and with no terminal on
//                             stdin the upgrade is refused (exit 1)
//   --allow-unstable, --lang, --verbose-settings   passed to Moodle's script
//
// Nothing pending: Moodle's "No upgrade needed" (exit 0). Failures, signals and
// the UI lock as in deploy (deploy.php).

namespace MoodleUpgrade;

require_once __DIR__ . '/deploy.php';

function cmd_upgrade(Context $ctx): int
{
    return (new Deploy($ctx))->run();
}

/**
 * Moodle's confirmation (admin/cli/upgrade.php, interactive): the versions,
 * a maturity notice for unstable code, then "type y (means yes) or n (means
 * no)" until one of them is typed. Returns whether the answer was yes; sets
 * $unstable when the user confirmed unstable code (Moodle then upgrades
 * without --allow-unstable). No terminal on stdin: a failure, before
 * anything is touched — Moodle would ask forever.
 */
function confirm_upgrade(Context $ctx, bool &$unstable): bool
{
    if (!stream_isatty(STDIN)) {
        fail('the upgrade asks for confirmation and stdin is not a terminal: nothing was started'
            . ' (add --non-interactive to upgrade without asking)');
    }
    $out = $ctx->args->has('json') ? STDERR : STDOUT;
    $cfg = $ctx->stored['config'];
    $old = ($cfg['release'] ?? 'Moodle') . ' (' . ($cfg['version'] ?? '?') . ')';
    $new = code_version_label($ctx->site, $ctx->code);
    fwrite($out, "== Upgrading Moodle database from version $old to $new ==\n\n");
    $maturity = code_maturity($ctx->site);
    if ($maturity !== null && $maturity !== 'MATURITY_STABLE' && !$ctx->args->has('allow-unstable')) {
        $level = strtolower(substr($maturity, strlen('MATURITY_')));
        fwrite($out, str_repeat('-', 79) . "\n== Notice ==\n"
            . "The version of Moodle that you are about to install or upgrade to contains\n"
            . "unstable \"$level\" development code that is not suitable for use on most production\n"
            . "sites. If this is not what you wanted then you should make sure you are updating\n"
            . "from a STABLE branch of the Moodle code. See Moodle Docs for more details.\n"
            . str_repeat('-', 79) . "\n");
        $unstable = true;
    }
    fwrite($out, "Your Moodle files have been changed, and you are about to automatically upgrade your server to this version:\n\n"
        . "$new\n\nOnce you do this you can not go back again. Please note that this process can take a long time.\n\n"
        . "Are you sure you want to upgrade this server to this version?\n");
    while (true) {
        fwrite($out, "type y (means yes) or n (means no)\n: ");
        $line = fgets(STDIN);
        if ($line === false) {
            fwrite($out, "\n");
            fail('no answer on the terminal (end of input): nothing was started');
        }
        $answer = strtolower(trim($line));
        if ($answer === 'y') {
            return true;
        }
        if ($answer === 'n') {
            return false;
        }
        fwrite($out, "Incorrect value, please retry\n");
    }
}

/** The code's $maturity constant name (MATURITY_STABLE...), read from version.php, or null. */
function code_maturity(Site $site): ?string
{
    $src = @file_get_contents("{$site->dirroot}/version.php");
    return $src !== false && preg_match('/\$maturity\s*=\s*(MATURITY_[A-Z]+)\s*;/', $src, $m) ? $m[1] : null;
}
