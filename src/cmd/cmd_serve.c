/*
 * cmd_serve — `gaoqi serve`: the web server (JSON API and the embedded UI).
 *
 * Checks that the database has exactly the schema this binary knows, starts
 * the server, prints its URL, and on SIGINT/SIGTERM stops accepting, lets
 * the requests in flight finish (up to 10 s) and closes the databases.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "http/api/api.h"
#include "http/app.h"
#include "http/server.h"
#include "ledger/access/login.h"
#include "ledger/access/user.h"
#include "store/store.h"

#define GRACE_MS 10000

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gaoqi serve [--db PATH] [--listen ADDR:PORT] [--threads N] "
		"[--web-root DIR] [--cache-ttl MS] [--escalate-days N] [--trust-proxy]\n"
		"                   [--synchronous full|normal] [--session-idle MIN] "
		"[--session-hours H]\n"
		"                   [--access-log] [--routes] [--per-ip N] [--max-connections N]\n"
		"                   [--header-timeout S] [--body-timeout S] [--idle-timeout S]\n"
		"                   [--heavy-max N] [--heavy-per-user N] [--max-exports N]\n\n"
		"  --db PATH          database (default %s)\n"
		"  --listen ADDR:PORT address to listen on (default 127.0.0.1:8080;\n"
		"                     port 0 picks a free port)\n"
		"  --threads N        worker threads (default 2 × CPU cores)\n"
		"  --web-root DIR     serve the UI from DIR instead of the embedded copy\n"
		"  --cache-ttl MS     keep answers of repeated reads up to MS milliseconds\n"
		"                     (default 1000; 0 = off). Writes through this server\n"
		"                     invalidate them at once; other writers are seen within "
		"MS.\n"
		"  --escalate-days N  overdue problems reach the city's list after N days\n"
		"                     (default 30; the county sees them from the due date)\n"
		"  --routes           print the API's routes (METHOD PATTERN{?query names})\n"
		"                     and exit\n"
		"  --trust-proxy      behind nginx: take the client address (for login\n"
		"                     throttling) from the last X-Forwarded-For entry;\n"
		"                     turns the per-address connection limit off unless\n"
		"                     --per-ip is given (every client is the proxy)\n"
		"  --synchronous full|normal\n"
		"                     full (default): every acknowledged write is on disk\n"
		"                     before the answer (survives a power loss); normal:\n"
		"                     faster writes, a power loss may lose the last commits\n"
		"                     (docs/operations.md: the figures)\n"
		"  --session-idle MIN a session unused for MIN minutes ends (default 30)\n"
		"  --session-hours H  a session ends H hours after the login (default 12)\n"
		"  --access-log       log one line per request (off by default)\n\n"
		"Limits (docs/architecture.md, \"Availability bounds\"):\n"
		"  --per-ip N          connections from one client address (default %d;\n"
		"                      0 = no limit)\n"
		"  --max-connections N connections in all (default %d)\n"
		"  --header-timeout S  a request's headers must arrive within S seconds of\n"
		"                      the connection's opening or previous answer (default %d)\n"
		"  --body-timeout S    its body within S seconds of its headers (default %d)\n"
		"  --idle-timeout S    close a connection stalled S seconds (default %d)\n"
		"  --heavy-max N       heavy requests (screening, exports, imports, search,\n"
		"                      pages over %d rows) at once (default: half the threads)\n"
		"  --heavy-per-user N  heavy requests of one user at once (default 2)\n"
		"  --max-exports N     exports being generated or sent at once (default 4)\n"
		"                      Past a limit the answer is 503 with Retry-After.\n\n"
		"Holds a shared lock on PATH.lock while it runs (gaoqi restore waits for\n"
		"no server). Purges expired sessions and old login failures at start and\n"
		"every ten minutes. Stops cleanly on SIGINT (Ctrl-C) or SIGTERM.\n",
		CMD_DEFAULT_DB, SERVER_PER_IP, SERVER_MAX_CONNECTIONS, SERVER_HEADER_TIMEOUT,
		SERVER_BODY_TIMEOUT, SERVER_IDLE_TIMEOUT, APP_HEAVY_PAGE_SIZE);
}

/* Print every route as "METHOD PATTERN", one method a line. */
static int print_routes(void)
{
	static const struct {
		int bit;
		const char *name;
	} methods[] = {{HTTP_GET, "GET"},
		       {HTTP_POST, "POST"},
		       {HTTP_PUT, "PUT"},
		       {HTTP_PATCH, "PATCH"},
		       {HTTP_DELETE, "DELETE"}};
	struct router *r = xcalloc(1, sizeof *r);
	router_init(r);
	api_register_all(r);
	for (size_t i = 0; i < r->nroutes; i++)
		for (size_t k = 0; k < sizeof methods / sizeof methods[0]; k++)
			if (r->routes[i].methods & methods[k].bit)
				printf("%s %s\n", methods[k].name, r->routes[i].pattern);
	router_cleanup(r);
	free(r);
	return CMD_OK;
}

/* Check the schema with a connection of our own, closed before serving. */
static int check_db(const char *path, struct err *e)
{
	struct store *db = NULL;
	int rc = store_open(path, 0, &db, e);
	if (!rc)
		rc = store_check_schema(db, e);
	store_close(db);
	return rc;
}

/* ---- the purge of stale sessions and login failures ---------------------------------- */

#define PURGE_EVERY_S 600

struct purger {
	const char *db_path;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stop;
	pthread_t thread;
	int running;
};

static void purge_once(const char *db_path)
{
	struct store *db = NULL;
	struct login_policy p;
	struct err e;
	int64_t sessions = 0, attempts = 0;
	err_clear(&e);
	login_policy_default(&p);
	int rc = store_open(db_path, 0, &db, &e);
	if (!rc)
		rc = login_purge(db, (int64_t)time(NULL), &p, &sessions, &attempts, &e);
	store_close(db);
	if (rc)
		log_warn("purge: %s", e.msg);
	else if (sessions || attempts)
		log_info("purge: %lld stale session(s), %lld old login failure record(s)",
			 (long long)sessions, (long long)attempts);
}

static void *purge_main(void *arg)
{
	struct purger *pg = arg;
	pthread_mutex_lock(&pg->lock);
	while (!pg->stop) {
		pthread_mutex_unlock(&pg->lock);
		purge_once(pg->db_path);
		pthread_mutex_lock(&pg->lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += PURGE_EVERY_S;
		while (!pg->stop && pthread_cond_timedwait(&pg->cond, &pg->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&pg->lock);
	return NULL;
}

static void purge_stop(struct purger *pg)
{
	if (!pg->running)
		return;
	pthread_mutex_lock(&pg->lock);
	pg->stop = 1;
	pthread_cond_signal(&pg->cond);
	pthread_mutex_unlock(&pg->lock);
	pthread_join(pg->thread, NULL);
	pg->running = 0;
}

/* The option NAME's value TEXT as an integer in [MIN, MAX] into *OUT; 0 or a usage error. */
static int number(const char *name, const char *text, long min, long max, long *out)
{
	char *end = NULL;
	long v = strtol(text, &end, 10);
	if (!end || end == text || *end || v < min || v > max)
		return cmd_usage_error("serve", "%s 应为 %ld 到 %ld 之间的整数", name, min, max);
	*out = v;
	return 0;
}

/* The limit options: NAME → where its value goes, and its range. */
struct limit_opt {
	const char *name;
	long min, max;
	long *value;
};

int cmd_serve(int argc, char **argv)
{
	const char *db = CMD_DEFAULT_DB, *listen = "127.0.0.1:8080", *web_root = NULL;
	long threads = 0, cache_ttl = 1000, escalate_days = 30;
	long idle_min = SESSION_IDLE / 60, ttl_hours = SESSION_TTL / 3600;
	int trust_proxy = 0, sync_full = 1, access_log = 0, lock = -1;
	struct purger pg = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};
	long per_ip = -1, max_conns = 0, header_s = 0, body_s = 0, idle_s = 0, heavy_max = 0,
	     heavy_user = 0, max_exports = 0;
	const struct limit_opt limits[] = {
		{"--per-ip", 0, 100000, &per_ip},
		{"--max-connections", 1, 100000, &max_conns},
		{"--header-timeout", 1, 3600, &header_s},
		{"--body-timeout", 1, 86400, &body_s},
		{"--idle-timeout", 1, 3600, &idle_s},
		{"--heavy-max", 1, 256, &heavy_max},
		{"--heavy-per-user", 1, 256, &heavy_user},
		{"--max-exports", 1, 256, &max_exports},
		{"--session-idle", 1, 24 * 60, &idle_min},
		{"--session-hours", 1, 24 * 30, &ttl_hours},
	};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return CMD_OK;
		}
		if (!strcmp(a, "--routes"))
			return print_routes();
		if (!strcmp(a, "--trust-proxy")) {
			trust_proxy = 1;
			continue;
		}
		if (!strcmp(a, "--access-log")) {
			access_log = 1;
			continue;
		}
		if (i + 1 >= argc)
			return cmd_usage_error("serve", "未知参数或缺少取值：%s", a);
		const struct limit_opt *lo = NULL;
		for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++)
			if (!strcmp(a, limits[k].name))
				lo = &limits[k];
		if (lo) {
			int urc = number(lo->name, argv[++i], lo->min, lo->max, lo->value);
			if (urc)
				return urc;
		} else if (!strcmp(a, "--db")) {
			db = argv[++i];
		} else if (!strcmp(a, "--listen")) {
			listen = argv[++i];
		} else if (!strcmp(a, "--web-root")) {
			web_root = argv[++i];
		} else if (!strcmp(a, "--cache-ttl")) {
			char *end = NULL;
			cache_ttl = strtol(argv[++i], &end, 10);
			if (!end || *end || cache_ttl < 0 || cache_ttl > 60000)
				return cmd_usage_error("serve",
						       "--cache-ttl 应为 0 到 60000 之间的毫秒数");
		} else if (!strcmp(a, "--escalate-days")) {
			char *end = NULL;
			escalate_days = strtol(argv[++i], &end, 10);
			if (!end || *end || escalate_days < 1 || escalate_days > 3650)
				return cmd_usage_error("serve",
						       "--escalate-days 应为 1 到 3650 之间的天数");
		} else if (!strcmp(a, "--synchronous")) {
			const char *v = argv[++i];
			if (strcmp(v, "full") && strcmp(v, "normal"))
				return cmd_usage_error("serve",
						       "--synchronous 应为 full 或 normal");
			sync_full = !strcmp(v, "full");
		} else if (!strcmp(a, "--threads")) {
			char *end = NULL;
			threads = strtol(argv[++i], &end, 10);
			if (!end || *end || threads < 1 || threads > 256)
				return cmd_usage_error("serve",
						       "--threads 应为 1 到 256 之间的整数");
		} else {
			return cmd_usage_error("serve", "未知参数：%s", a);
		}
	}
	struct err e;
	err_clear(&e);
	struct app *app = NULL;
	struct server *srv = NULL;
	struct serve_daily *daily = NULL;
	int rc = CMD_FAIL;
	store_set_synchronous_full(sync_full);
	log_set_requests(access_log);
	session_set_limits((int64_t)ttl_hours * 3600, (int64_t)idle_min * 60);
	if (store_lock(db, 0, &lock, &e)) {
		cmd_fail("serve", "%s", e.msg);
		goto out;
	}
	if (check_db(db, &e)) {
		cmd_fail("serve", "数据库 %s 无法使用：%s", db, e.msg);
		goto out;
	}
	if (app_new(db, web_root, (unsigned)cache_ttl, api_register_all, &app, &e)) {
		cmd_fail("serve", "%s", e.msg);
		goto out;
	}
	app_set_trust_proxy(app, trust_proxy);
	struct app_limits lim = {
		.heavy_total = (unsigned)heavy_max,
		.heavy_per_user = (unsigned)heavy_user,
		.exports_total = (unsigned)max_exports,
	};
	app_set_limits(app, threads ? (unsigned)threads : server_default_threads(), &lim);
	app_set_escalate_days(app, (int)escalate_days);
	/* Block the stop signals in every thread (the workers inherit the mask); wait below. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct server_options o = {
		.listen = listen,
		.threads = (unsigned)threads,
		.dispatch = app_dispatch,
		.ctx = app,
		.thread_init = app_thread_new,
		.thread_done = app_thread_free,
		.body_cap = app_body_cap,
		.per_ip = per_ip > 0 ? (unsigned)per_ip : 0,
		.per_ip_off = per_ip == 0 || (per_ip < 0 && trust_proxy),
		.max_connections = (unsigned)max_conns,
		.header_timeout = (unsigned)header_s,
		.body_timeout = (unsigned)body_s,
		.idle_timeout = (unsigned)idle_s,
	};
	if (server_start(&o, &srv, &e)) {
		cmd_fail("serve", "%s", e.msg);
		goto out;
	}
	/* stored assessments and reminders, brought to the day at once and then daily */
	daily = serve_daily_start(db);
	const char *host = listen;
	size_t hl = strrchr(listen, ':') ? (size_t)(strrchr(listen, ':') - listen) : 0;
	pg.db_path = db;
	pg.running = pthread_create(&pg.thread, NULL, purge_main, &pg) == 0;
	printf("gaoqi serve: http://%.*s:%d/ (%u threads, database %s, synchronous %s)\n", (int)hl,
	       host, server_port(srv), server_threads(srv), db, sync_full ? "FULL" : "NORMAL");
	fflush(stdout);
	int sig = 0;
	sigwait(&stop, &sig);
	log_info("signal %d: stopping (waiting for requests in flight)", sig);
	server_stop(srv, GRACE_MS);
	srv = NULL;
	log_info("stopped");
	rc = CMD_OK;
out:
	purge_stop(&pg);
	serve_daily_stop(daily);
	server_stop(srv, 0);
	app_free(app);
	store_unlock(lock);
	return rc;
}
