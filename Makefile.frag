# The static reader is written in re2c; the generated C ships too, so a
# build without re2c still works (configure says so).
$(srcdir)/src/version_scan.c: $(srcdir)/src/version_scan.re
	@if test -n "$(RE2C)"; then \
		echo "re2c: regenerating src/version_scan.c"; \
		(cd $(srcdir)/src && $(RE2C) -W -Werror --no-generation-date --no-version -o version_scan.c version_scan.re); \
	else \
		echo "re2c not found: using the shipped src/version_scan.c"; \
		touch $@; \
	fi

# Regenerates upgrade_arginfo.h from upgrade.stub.php.
stub:
	@$(srcdir)/scripts/gen-arginfo.sh
