/*
 * The floor for the versions hash: only open, read and close the same
 * version.php files from C, nothing else (no parsing, no hashing), timed the
 * way bench/run.php times the extension (median of repeated rounds).
 *
 *   cc -O2 -pthread -o bench/floor bench/floor.c
 *   bench/floor LIST ROUNDS        (LIST: one path per line)
 *
 * Prints "threads=1 median_ms=..." and "threads=2 median_ms=...".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char **paths;
static size_t npaths;

typedef struct { size_t start, step; } slice;

static void *read_slice(void *arg)
{
	slice *s = arg;
	static __thread char buf[256 * 1024];
	for (size_t i = s->start; i < npaths; i += s->step) {
		int fd = open(paths[i], O_RDONLY | O_CLOEXEC | O_NOATIME);
		if (fd < 0) {
			fd = open(paths[i], O_RDONLY | O_CLOEXEC);
		}
		if (fd < 0) {
			continue;
		}
		while (read(fd, buf, sizeof(buf)) > 0) {
		}
		close(fd);
	}
	return NULL;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *) a, y = *(const double *) b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: floor LIST ROUNDS\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	char line[4096];
	size_t cap = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (npaths == cap) {
			cap = cap ? cap * 2 : 512;
			paths = realloc(paths, cap * sizeof(char *));
		}
		paths[npaths++] = strdup(line);
	}
	fclose(f);
	int rounds = atoi(argv[2]);
	double *t = calloc((size_t) rounds, sizeof(double));
	for (int threads = 1; threads <= 2; threads++) {
		for (int r = -3; r < rounds; r++) {
			double s = now_ms();
			pthread_t tid;
			slice a = { 0, (size_t) threads }, b = { 1, 2 };
			if (threads == 2) {
				pthread_create(&tid, NULL, read_slice, &b);
			}
			read_slice(&a);
			if (threads == 2) {
				pthread_join(tid, NULL);
			}
			if (r >= 0) {
				t[r] = now_ms() - s;
			}
		}
		qsort(t, (size_t) rounds, sizeof(double), cmp);
		printf("threads=%d median_ms=%.3f\n", threads, t[rounds / 2]);
	}
	return 0;
}
