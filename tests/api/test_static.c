/*
 * The UI's static files served from disk (--web-root): index.html with
 * no-cache, hashed assets immutable, ETag/304, gzip, the single-page-app
 * fallback, and no way out of the web root (encoded ../, symbolic links).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "support.h"

static struct server_proc srv;
/* cmocka ignores a failing group teardown: remember it for main's exit code. */
static int teardown_failed;
static char root[256], outside[256];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	char dir[] = "/tmp/gaoqi-web-XXXXXX";
	if (!mkdtemp(dir))
		return -1;
	snprintf(root, sizeof root, "%s/dist", dir);
	snprintf(outside, sizeof outside, "%s/secret.txt", dir);
	char path[400];
	mkdir(root, 0755);
	snprintf(path, sizeof path, "%s/assets", root);
	mkdir(path, 0755);
	write_file(outside, "TOP-SECRET");
	snprintf(path, sizeof path, "%s/index.html", root);
	write_file(path, "<!doctype html><title>gaoqi</title><div id=app></div>");
	snprintf(path, sizeof path, "%s/assets/app-1a2b3c.js", root);
	FILE *f = fopen(path, "w");
	for (int i = 0; i < 200; i++)
		fprintf(f, "console.log('line %d of the bundle');\n", i);
	fclose(f);
	/* A dot file and a dot directory in the web root (e.g. left by a deploy). */
	snprintf(path, sizeof path, "%s/.env", root);
	write_file(path, "DOT-SECRET");
	snprintf(path, sizeof path, "%s/.git", root);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/.git/config", root);
	write_file(path, "DOT-SECRET");
	snprintf(path, sizeof path, "%s/link.txt", root);
	if (symlink(outside, path))
		return -1;
	return server_setup_web(&srv, 7, root);
}

static int teardown(void **state)
{
	(void)state;
	int rc = server_teardown(&srv);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%.*s'", (int)(strlen(root) - 5), root);
	teardown_failed = system(cmd) || rc;
	return teardown_failed ? -1 : 0;
}

/* index.html: 200, no-cache, an ETag that gives 304 when sent back. */
static void test_index_etag(void **state)
{
	(void)state;
	struct client c;
	client_init(&c, srv.port);
	struct response r;
	assert_int_equal(client_request(&c, "GET", "/", NULL, NULL, &r), 200);
	assert_non_null(strstr(r.body, "<div id=app>"));
	assert_string_equal(r.cache_control, "no-cache");
	assert_int_equal(strlen(r.etag), 18); /* "16 hex digits" with quotes */
	char inm[100];
	snprintf(inm, sizeof inm, "If-None-Match: %s", r.etag);
	response_free(&r);
	const char *h[] = {inm, NULL};
	assert_int_equal(client_request(&c, "GET", "/", NULL, h, &r), 304);
	assert_int_equal(r.len, 0);
	response_free(&r);
	client_cleanup(&c);
}

/* Hashed assets are cached for a year, immutable, and gzip-compressed on request. */
static void test_assets(void **state)
{
	(void)state;
	struct client c;
	client_init(&c, srv.port);
	struct response r;
	assert_int_equal(client_request(&c, "GET", "/assets/app-1a2b3c.js", NULL, NULL, &r), 200);
	assert_string_equal(r.cache_control, "public, max-age=31536000, immutable");
	assert_non_null(strstr(r.body, "line 199 of the bundle"));
	response_free(&r);
	const char *gz[] = {"Accept-Encoding: gzip, deflate", NULL};
	assert_int_equal(client_request(&c, "GET", "/assets/app-1a2b3c.js", NULL, gz, &r), 200);
	assert_string_equal(r.content_encoding, "gzip");
	response_free(&r);
	assert_int_equal(client_status(&c, "GET", "/assets/app-000000.js", NULL), 404);
	client_cleanup(&c);
}

/* A client-side route gets index.html; nothing outside the root is ever served. */
static void test_spa_and_traversal(void **state)
{
	(void)state;
	struct client c;
	client_init(&c, srv.port);
	struct response r;
	assert_int_equal(
		client_request(&c, "GET", "/enterprises/91530302MA6K00000X", NULL, NULL, &r), 200);
	assert_non_null(strstr(r.body, "<div id=app>"));
	response_free(&r);
	static const char *const bad[] = {"/%2e%2e/secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt",
					  "/..%2fsecret.txt",	"/%2E%2E%2Fsecret.txt",
					  "/link.txt",		"/assets/..%5c..%5csecret.txt"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		long st = client_request(&c, "GET", bad[i], NULL, NULL, &r);
		assert_true(st == 404 || st == 200);
		assert_null(strstr(r.body, "TOP-SECRET"));
		response_free(&r);
	}
	/* Dot files and dot directories of the web root are never served (404). */
	static const char *const dot[] = {"/.env", "/.git/config", "/%2egit/config",
					  "/assets/../.env"};
	for (size_t i = 0; i < sizeof dot / sizeof dot[0]; i++) {
		assert_int_equal(client_request(&c, "GET", dot[i], NULL, NULL, &r), 404);
		assert_null(strstr(r.body, "DOT-SECRET"));
		response_free(&r);
	}
	/* The API is not shadowed by the SPA fallback. */
	assert_int_equal(client_status(&c, "GET", "/api/v1/nothing", NULL), 404);
	client_cleanup(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index_etag),
		cmocka_unit_test(test_assets),
		cmocka_unit_test(test_spa_and_traversal),
	};
	int failed = cmocka_run_group_tests(tests, setup, teardown);
	return failed || teardown_failed;
}
