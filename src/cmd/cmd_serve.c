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

#include "cmd/cmd.h"
#include "core/log.h"
#include "http/api/api.h"
#include "http/app.h"
#include "http/server.h"
#include "ledger/access/user.h"
#include "store/store.h"

#define GRACE_MS 10000

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gaoqi serve [--db PATH] [--listen ADDR:PORT] [--threads N] "
		"[--web-root DIR] [--cache-ttl MS] [--escalate-days N] [--trust-proxy]\n\n"
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
		"  --trust-proxy      behind nginx: take the client address (for login\n"
		"                     throttling) from the last X-Forwarded-For entry\n\n"
		"Stops cleanly on SIGINT (Ctrl-C) or SIGTERM.\n",
		CMD_DEFAULT_DB);
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

int cmd_serve(int argc, char **argv)
{
	const char *db = CMD_DEFAULT_DB, *listen = "127.0.0.1:8080", *web_root = NULL;
	long threads = 0, cache_ttl = 1000, escalate_days = 30;
	int trust_proxy = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return CMD_OK;
		}
		if (!strcmp(a, "--trust-proxy")) {
			trust_proxy = 1;
			continue;
		}
		if (i + 1 >= argc)
			return cmd_usage_error("serve", "未知参数或缺少取值：%s", a);
		if (!strcmp(a, "--db")) {
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
	if (check_db(db, &e)) {
		cmd_fail("serve", "数据库 %s 无法使用：%s", db, e.msg);
		goto out;
	}
	if (app_new(db, web_root, (unsigned)cache_ttl, api_register_all, &app, &e)) {
		cmd_fail("serve", "%s", e.msg);
		goto out;
	}
	app_set_trust_proxy(app, trust_proxy);
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
	};
	if (server_start(&o, &srv, &e)) {
		cmd_fail("serve", "%s", e.msg);
		goto out;
	}
	/* stored assessments and reminders, brought to the day at once and then daily */
	daily = serve_daily_start(db);
	const char *host = listen;
	size_t hl = strrchr(listen, ':') ? (size_t)(strrchr(listen, ':') - listen) : 0;
	printf("gaoqi serve: http://%.*s:%d/ (%u threads, database %s)\n", (int)hl, host,
	       server_port(srv), server_threads(srv), db);
	fflush(stdout);
	int sig = 0;
	sigwait(&stop, &sig);
	log_info("signal %d: stopping (waiting for requests in flight)", sig);
	server_stop(srv, GRACE_MS);
	srv = NULL;
	log_info("stopped");
	rc = CMD_OK;
out:
	serve_daily_stop(daily);
	server_stop(srv, 0);
	app_free(app);
	return rc;
}
