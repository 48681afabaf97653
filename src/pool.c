/*
 * Work pool: see upgrade_pool.h. The thread count comes from upgrade.threads
 * (0 = automatic: on the command line the online CPUs, at most 4 — on two
 * cores two threads is the sweet spot, more only add contention in the VFS;
 * in web workers one).
 */
#include "upgrade_pool.h"

#include "SAPI.h"

#include <pthread.h>
#include <sys/syscall.h>
#include <signal.h>
#include <unistd.h>

#define UPG_MAX_THREADS 16

struct upg_pool {
	upg_pool_fn fn;
	void *ctx;
	uint32_t spawn_at;
	uint32_t nthreads;         /* wanted, the caller's own thread included */
	uint32_t spawned;          /* worker threads running */
	uint32_t next;             /* next index to take */
	uint32_t published;        /* indices below this may run */
	bool done;
	bool failed;
	uint32_t helpers;          /* calling threads waiting in upg_pool_help() */
	pthread_mutex_t lock;
	pthread_cond_t more;
	pthread_cond_t finished;   /* a job ran to its end (only while helpers > 0) */
	upg_worker workers[UPG_MAX_THREADS];   /* [0] is the caller's */
	pthread_t tids[UPG_MAX_THREADS];
};

static bool upg_worker_init(upg_worker *w, upg_pool *p)
{
	w->pool = p;
	w->sha = upg_sha1_new();
	w->buf = malloc(UPG_READ_BUF + 1);
	w->scratch = malloc(UPG_READ_BUF + 1);
	w->dents = malloc(UPG_DENTS_BUF);
	return w->sha && w->buf && w->scratch && w->dents;
}

static void upg_worker_free(upg_worker *w)
{
	upg_sha1_free(w->sha);
	free(w->buf);
	free(w->scratch);
	free(w->dents);
	memset(w, 0, sizeof(*w));
}

/* Takes the next index; false once the pool is drained and done. */
static bool upg_pool_take(upg_pool *p, uint32_t *index, bool wait)
{
	pthread_mutex_lock(&p->lock);
	while (wait && p->next >= p->published && !p->done) {
		pthread_cond_wait(&p->more, &p->lock);
	}
	bool got = p->next < p->published;
	if (got) {
		*index = p->next++;
	}
	pthread_mutex_unlock(&p->lock);
	return got;
}

/* Runs one job, then wakes a caller waiting in upg_pool_help(). */
static void upg_pool_run(upg_pool *p, upg_worker *w, uint32_t i)
{
	p->fn(w, p->ctx, i);
	pthread_mutex_lock(&p->lock);
	if (p->helpers) {
		pthread_cond_broadcast(&p->finished);
	}
	pthread_mutex_unlock(&p->lock);
}

static void *upg_pool_thread(void *arg)
{
	upg_worker *w = arg;
	upg_pool *p = w->pool;
	uint32_t i;
	sigset_t all;

	/* Signals belong to the PHP thread; a worker's reads are never cut short. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	while (upg_pool_take(p, &i, true)) {
		upg_pool_run(p, w, i);
	}
	return NULL;
}

static uint32_t upg_pool_threads(void)
{
	zend_long t = UPG_G(threads);
	if (t <= 0) {
		/* Automatic: the command line gets the CPUs (at most 4). A web worker
		 * stays on its own thread: its neighbours are busy serving requests,
		 * and a thread waiting for a free core costs more than it saves. */
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		bool cli = sapi_module.name && (strcmp(sapi_module.name, "cli") == 0 || strcmp(sapi_module.name, "phpdbg") == 0);
		t = (cli && cpus > 0) ? MIN(cpus, 4) : 1;
	}
	return (uint32_t) MIN(t, UPG_MAX_THREADS);
}

upg_pool *upg_pool_start(upg_pool_fn fn, void *ctx, uint32_t spawn_at)
{
	upg_pool *p = ecalloc(1, sizeof(*p));
	p->fn = fn;
	p->ctx = ctx;
	p->spawn_at = spawn_at;
	p->nthreads = upg_pool_threads();
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->more, NULL);
	pthread_cond_init(&p->finished, NULL);
	if (!upg_worker_init(&p->workers[0], p)) {
		p->failed = true;
	}
	return p;
}

static void upg_pool_spawn(upg_pool *p)
{
	for (uint32_t t = 1; t < p->nthreads; t++) {
		upg_worker *w = &p->workers[t];
		if (!upg_worker_init(w, p) || pthread_create(&p->tids[t], NULL, upg_pool_thread, w) != 0) {
			upg_worker_free(w);
			break;   /* fewer threads is fine: the queue is shared */
		}
		p->spawned = t;
	}
}

bool upg_pool_help(upg_pool *p, bool (*ready)(void *arg), void *arg)
{
	if (p->failed) {
		return false;
	}
	pthread_mutex_lock(&p->lock);
	p->helpers++;
	while (!ready(arg)) {
		if (p->next < p->published) {
			uint32_t i = p->next++;
			pthread_mutex_unlock(&p->lock);
			p->fn(&p->workers[0], p->ctx, i);
			pthread_mutex_lock(&p->lock);
		} else {
			/* Whatever `ready` waits for was taken by a worker: it ends soon. */
			pthread_cond_wait(&p->finished, &p->lock);
		}
	}
	p->helpers--;
	pthread_mutex_unlock(&p->lock);
	return true;
}

void upg_pool_publish_work(upg_pool *p, uint32_t count, uint32_t work)
{
	if (p->failed) {
		return;
	}
	pthread_mutex_lock(&p->lock);
	p->published = count;
	pthread_cond_broadcast(&p->more);
	pthread_mutex_unlock(&p->lock);
	if (p->spawned == 0 && p->nthreads > 1 && work >= p->spawn_at) {
		p->spawn_at = UINT32_MAX;   /* once */
		upg_pool_spawn(p);
	}
}

void upg_pool_publish(upg_pool *p, uint32_t count)
{
	upg_pool_publish_work(p, count, count);
}

bool upg_pool_finish(upg_pool *p)
{
	uint32_t i;
	bool ok = !p->failed;

	pthread_mutex_lock(&p->lock);
	p->done = true;
	pthread_cond_broadcast(&p->more);
	pthread_mutex_unlock(&p->lock);

	if (ok) {
		while (upg_pool_take(p, &i, false)) {
			upg_pool_run(p, &p->workers[0], i);
		}
	}
	for (uint32_t t = 1; t <= p->spawned; t++) {
		pthread_join(p->tids[t], NULL);
		upg_worker_free(&p->workers[t]);
	}
	upg_worker_free(&p->workers[0]);
	pthread_cond_destroy(&p->more);
	pthread_cond_destroy(&p->finished);
	pthread_mutex_destroy(&p->lock);
	efree(p);
	return ok;
}

bool upg_list_dir(upg_worker *w, int fd, upg_listing *out)
{
	for (;;) {
		long n = syscall(SYS_getdents64, fd, w->dents, UPG_DENTS_BUF);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			return n == 0;
		}
		for (long off = 0; off < n;) {
			struct upg_linux_dirent64 *e = (struct upg_linux_dirent64 *) (w->dents + off);
			off += e->d_reclen;
			size_t len = strlen(e->d_name);
			if (out->len + len + 2 > out->cap) {
				size_t c = out->cap ? out->cap * 2 : 512;
				while (c < out->len + len + 2) {
					c *= 2;
				}
				char *grown = realloc(out->data, c);
				if (!grown) {
					return false;
				}
				out->data = grown;
				out->cap = c;
			}
			out->data[out->len++] = (char) e->d_type;
			memcpy(out->data + out->len, e->d_name, len + 1);
			out->len += len + 1;
			out->count++;
		}
	}
}
