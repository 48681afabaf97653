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

/*
 * Workers are detached and the pool is reference-counted: the caller never
 * joins a thread. On a virtual machine an idle CPU may take a millisecond or
 * more to wake; a worker that starts that late finds the work done and
 * leaves, instead of the caller waiting for it to start only to stop.
 */
struct upg_pool {
	upg_pool_fn fn;
	void *ctx;
	uint32_t spawn_at;
	uint32_t nthreads;         /* wanted, the caller's own thread included */
	uint32_t spawned;          /* worker threads started */
	uint32_t next;             /* next index to take */
	uint32_t published;        /* indices below this may run */
	uint32_t active;           /* jobs running right now */
	uint32_t refs;             /* the caller, and each worker still alive */
	bool done;
	bool failed;
	uint32_t helpers;          /* calling threads waiting in upg_pool_help() */
	pthread_mutex_t lock;
	pthread_cond_t more;
	pthread_cond_t finished;   /* a job ran to its end (helpers, or the end of the pool) */
	upg_worker workers[UPG_MAX_THREADS];   /* [0] is the caller's */
};

/* Worker threads alive in this process: the module waits for them before it
 * can be unloaded (their code lives in it). */
static uint32_t upg_live_workers;

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

/* Drops one reference; the last one frees the pool. */
static void upg_pool_unref(upg_pool *p)
{
	pthread_mutex_lock(&p->lock);
	bool last = --p->refs == 0;
	pthread_mutex_unlock(&p->lock);
	if (last) {
		pthread_cond_destroy(&p->more);
		pthread_cond_destroy(&p->finished);
		pthread_mutex_destroy(&p->lock);
		free(p);
	}
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
		p->active++;
	}
	pthread_mutex_unlock(&p->lock);
	return got;
}

/* Runs one taken job, then wakes whoever waits for jobs to end. */
static void upg_pool_run(upg_pool *p, upg_worker *w, uint32_t i)
{
	p->fn(w, p->ctx, i);
	pthread_mutex_lock(&p->lock);
	p->active--;
	if (p->helpers || (p->done && p->active == 0)) {
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
	upg_worker_free(w);
	upg_pool_unref(p);
	__atomic_sub_fetch(&upg_live_workers, 1, __ATOMIC_RELEASE);
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
	/* malloc, not emalloc: the last worker to leave may free it. */
	upg_pool *p = calloc(1, sizeof(*p));
	if (!p) {
		zend_error_noreturn(E_ERROR, "upgrade: out of memory");
	}
	p->fn = fn;
	p->ctx = ctx;
	p->spawn_at = spawn_at;
	p->nthreads = upg_pool_threads();
	p->refs = 1;
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
	pthread_attr_t attr;
	if (pthread_attr_init(&attr) != 0) {
		return;
	}
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (uint32_t t = 1; t < p->nthreads; t++) {
		upg_worker *w = &p->workers[t];
		pthread_t tid;
		if (!upg_worker_init(w, p)) {
			upg_worker_free(w);
			break;   /* fewer threads is fine: the queue is shared */
		}
		pthread_mutex_lock(&p->lock);
		p->refs++;
		pthread_mutex_unlock(&p->lock);
		__atomic_add_fetch(&upg_live_workers, 1, __ATOMIC_ACQ_REL);
		if (pthread_create(&tid, &attr, upg_pool_thread, w) != 0) {
			__atomic_sub_fetch(&upg_live_workers, 1, __ATOMIC_RELEASE);
			upg_worker_free(w);
			pthread_mutex_lock(&p->lock);
			p->refs--;
			pthread_mutex_unlock(&p->lock);
			break;
		}
		p->spawned = t;
	}
	pthread_attr_destroy(&attr);
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
			p->active++;
			pthread_mutex_unlock(&p->lock);
			p->fn(&p->workers[0], p->ctx, i);
			pthread_mutex_lock(&p->lock);
			p->active--;
		} else {
			/* Whatever `ready` waits for was taken by a worker: it ends soon. */
			pthread_cond_wait(&p->finished, &p->lock);
		}
	}
	p->helpers--;
	pthread_mutex_unlock(&p->lock);
	return true;
}

void upg_pool_publish(upg_pool *p, uint32_t count)
{
	if (p->failed) {
		return;
	}
	pthread_mutex_lock(&p->lock);
	p->published = count;
	pthread_cond_broadcast(&p->more);
	pthread_mutex_unlock(&p->lock);
	if (p->spawned == 0 && p->nthreads > 1 && count >= p->spawn_at) {
		p->spawn_at = UINT32_MAX;   /* once */
		upg_pool_spawn(p);
	}
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
	/* Only jobs still running are waited for, not workers yet to wake. */
	pthread_mutex_lock(&p->lock);
	while (p->active > 0) {
		pthread_cond_wait(&p->finished, &p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	upg_worker_free(&p->workers[0]);
	upg_pool_unref(p);
	return ok;
}

static void upg_pool_atfork_child(void)
{
	upg_live_workers = 0;   /* threads do not survive fork() */
}

void upg_pool_minit(void)
{
	pthread_atfork(NULL, NULL, upg_pool_atfork_child);
}

void upg_pool_mshutdown(void)
{
	/* A worker that woke late may still be leaving: its code is in this module. */
	for (int i = 0; i < 20000 && __atomic_load_n(&upg_live_workers, __ATOMIC_ACQUIRE) > 0; i++) {
		usleep(100);
	}
}

bool upg_todo_push(upg_todo *t, uint32_t job)
{
	uint32_t c = t->n / UPG_TODO_CHUNK;
	if (c >= UPG_TODO_MAX_CHUNKS) {
		return false;
	}
	if (!t->chunks[c] && !(t->chunks[c] = malloc(UPG_TODO_CHUNK * sizeof(uint32_t)))) {
		return false;
	}
	t->chunks[c][t->n % UPG_TODO_CHUNK] = job;
	t->n++;
	return true;
}

void upg_todo_free(upg_todo *t)
{
	for (uint32_t c = 0; c < UPG_TODO_MAX_CHUNKS && t->chunks[c]; c++) {
		free(t->chunks[c]);
		t->chunks[c] = NULL;
	}
	t->n = 0;
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
