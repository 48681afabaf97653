/*
 * Small file-system helpers with PHP's semantics (is_dir follows links).
 */
#include "upgrade_internal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

bool upg_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool upg_file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

zend_string *upg_read_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		errno = EISDIR;
		return NULL;
	}
	size_t cap = st.st_size > 0 ? (size_t) st.st_size + 1 : 4096;
	zend_string *s = zend_string_alloc(cap, 0);
	size_t len = 0;
	for (;;) {
		if (len == cap) {
			cap *= 2;
			s = zend_string_extend(s, cap, 0);
		}
		ssize_t n = read(fd, ZSTR_VAL(s) + len, cap - len);
		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			int e = errno;
			zend_string_efree(s);
			close(fd);
			errno = e;
			return NULL;
		}
		if (n == 0) {
			break;
		}
		len += (size_t) n;
	}
	close(fd);
	ZSTR_LEN(s) = len;
	ZSTR_VAL(s)[len] = '\0';
	return s;
}
