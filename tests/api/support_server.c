/* support_server — temp demo database, the real server, and a libcurl client. */
#include "support.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

int run_gaoqi(const char *stdin_text, const char *arg0, ...)
{
	const char *argv[32];
	int n = 0;
	argv[n++] = GAOQI_BINARY;
	va_list ap;
	va_start(ap, arg0);
	for (const char *a = arg0; a && n < 31; a = va_arg(ap, const char *))
		argv[n++] = a;
	va_end(ap);
	argv[n] = NULL;
	int in[2];
	if (pipe(in))
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(in[0], 0);
		close(in[0]);
		close(in[1]);
		int devnull = open("/dev/null", O_WRONLY);
		dup2(devnull, 1);
		execv(GAOQI_BINARY, (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	if (stdin_text) {
		ssize_t w = write(in[1], stdin_text, strlen(stdin_text));
		(void)w;
	}
	close(in[1]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int server_start_proc(struct server_proc *s)
{
	int out[2];
	if (pipe(out))
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(out[1], 1);
		close(out[0]);
		close(out[1]);
		int log = open(s->log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (log >= 0)
			dup2(log, 2);
		const char *argv[32];
		int n = 0;
		argv[n++] = GAOQI_BINARY;
		argv[n++] = "serve";
		argv[n++] = "--db";
		argv[n++] = s->db;
		argv[n++] = "--listen";
		argv[n++] = "127.0.0.1:0";
		argv[n++] = "--threads";
		argv[n++] = "4";
		if (s->web_root[0]) {
			argv[n++] = "--web-root";
			argv[n++] = s->web_root;
		}
		if (s->extra_arg[0])
			argv[n++] = s->extra_arg;
		for (size_t i = 0; i < sizeof s->args / sizeof s->args[0] - 1 && s->args[i]; i++)
			argv[n++] = s->args[i];
		argv[n] = NULL;
		execv(GAOQI_BINARY, (char *const *)argv);
		_exit(127);
	}
	close(out[1]);
	/* The first stdout line names the URL: "gaoqi serve: http://127.0.0.1:PORT/ …". */
	char line[512];
	size_t n = 0;
	while (n < sizeof line - 1) {
		ssize_t k = read(out[0], line + n, 1);
		if (k <= 0 || line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	close(out[0]);
	const char *p = strstr(line, "127.0.0.1:");
	if (!p) {
		fprintf(stderr, "server did not start: '%s' (see %s)\n", line, s->log);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	s->pid = pid;
	s->port = atoi(p + strlen("127.0.0.1:"));
	return 0;
}

int server_stop_proc(struct server_proc *s)
{
	if (s->pid <= 0)
		return -1;
	kill(s->pid, SIGTERM);
	int status = 0;
	while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
		;
	s->pid = 0;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int server_setup(struct server_proc *s, int enterprises)
{
	return server_setup_web(s, enterprises, NULL);
}

int server_setup_web(struct server_proc *s, int enterprises, const char *web_root)
{
	memset(s, 0, sizeof *s);
	if (web_root)
		snprintf(s->web_root, sizeof s->web_root, "%s", web_root);
	snprintf(s->dir, sizeof s->dir, "/tmp/gaoqi-api-XXXXXX");
	if (!mkdtemp(s->dir)) {
		perror("mkdtemp");
		abort();
	}
	snprintf(s->db, sizeof s->db, "%s/t.db", s->dir);
	snprintf(s->log, sizeof s->log, "%s/server.log", s->dir);
	char count[32];
	snprintf(count, sizeof count, "%d", enterprises);
	int rc = run_gaoqi(NULL, "demo", "--db", s->db, "--enterprises", count, "--password",
			   DEMO_PASSWORD, NULL);
	if (rc) {
		fprintf(stderr, "gaoqi demo failed with %d\n", rc);
		abort();
	}
	if (server_start_proc(s))
		abort();
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return 0;
}

int server_teardown(struct server_proc *s)
{
	int status = server_stop_proc(s);
	if (status != 0) {
		fprintf(stderr, "server exited with %d; its log:\n", status);
		char cmd[600];
		snprintf(cmd, sizeof cmd, "tail -50 '%s' >&2", s->log);
		if (system(cmd))
			fprintf(stderr, "(no log)\n");
	}
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->dir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", s->dir);
	curl_global_cleanup();
	return status == 0 ? 0 : -1;
}

void client_init(struct client *c, int port)
{
	memset(c, 0, sizeof *c);
	c->curl = curl_easy_init();
	c->port = port;
	c->send_csrf = 1;
	curl_easy_setopt(c->curl, CURLOPT_COOKIEFILE, "");
}

void client_cleanup(struct client *c)
{
	curl_easy_cleanup(c->curl);
	c->curl = NULL;
}

struct sink {
	char *buf;
	size_t len;
};

static size_t body_cb(char *p, size_t size, size_t n, void *data)
{
	struct sink *s = data;
	size_t k = size * n;
	s->buf = realloc(s->buf, s->len + k + 1);
	memcpy(s->buf + s->len, p, k);
	s->len += k;
	s->buf[s->len] = '\0';
	return k;
}

static void header_value(const char *line, size_t n, const char *name, char *out, size_t cap)
{
	size_t nl = strlen(name);
	if (n <= nl + 1 || strncasecmp(line, name, nl) || line[nl] != ':')
		return;
	const char *v = line + nl + 1;
	const char *end = line + n;
	while (v < end && *v == ' ')
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n'))
		end--;
	snprintf(out, cap, "%.*s", (int)(end - v), v);
}

static size_t header_cb(char *p, size_t size, size_t n, void *data)
{
	struct response *r = data;
	size_t k = size * n;
	header_value(p, k, "Content-Encoding", r->content_encoding, sizeof r->content_encoding);
	header_value(p, k, "Cache-Control", r->cache_control, sizeof r->cache_control);
	header_value(p, k, "ETag", r->etag, sizeof r->etag);
	header_value(p, k, "Set-Cookie", r->set_cookie, sizeof r->set_cookie);
	header_value(p, k, "Retry-After", r->retry_after, sizeof r->retry_after);
	header_value(p, k, "Content-Type", r->content_type, sizeof r->content_type);
	header_value(p, k, "Content-Disposition", r->content_disposition,
		     sizeof r->content_disposition);
	header_value(p, k, "X-Content-Type-Options", r->content_type_options,
		     sizeof r->content_type_options);
	return k;
}

long client_request(struct client *c, const char *method, const char *path, const char *body,
		    const char *const *extra, struct response *r)
{
	memset(r, 0, sizeof *r);
	CURL *h = c->curl;
	char url[2048];
	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", c->port, path);
	struct curl_slist *hl = NULL;
	hl = curl_slist_append(hl, "Expect:");
	int own_type = 0;
	for (size_t i = 0; extra && extra[i]; i++)
		if (!strncasecmp(extra[i], "Content-Type:", 13))
			own_type = 1;
	if (body && !own_type)
		hl = curl_slist_append(hl, "Content-Type: application/json");
	char csrf[200];
	if (c->send_csrf && c->csrf[0]) {
		snprintf(csrf, sizeof csrf, "X-CSRF-Token: %s", c->csrf);
		hl = curl_slist_append(hl, csrf);
	}
	for (size_t i = 0; extra && extra[i]; i++)
		hl = curl_slist_append(hl, extra[i]);
	struct sink s = {NULL, 0};
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h, CURLOPT_NOBODY, strcmp(method, "HEAD") ? 0L : 1L);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, body_cb);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
	if (body) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE,
				 (long)(c->body_len ? c->body_len : strlen(body)));
		c->body_len = 0;
	} else {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, NULL);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, -1L);
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
		curl_easy_setopt(h, CURLOPT_NOBODY, strcmp(method, "HEAD") ? 0L : 1L);
	}
	CURLcode cc = curl_easy_perform(h);
	curl_slist_free_all(hl);
	if (cc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
	r->body = s.buf ? s.buf : calloc(1, 1);
	r->len = s.len;
	if (r->len && !r->content_encoding[0])
		r->json = json_loadb(r->body, r->len, 0, NULL);
	return r->status;
}

long client_status(struct client *c, const char *method, const char *path, const char *body)
{
	struct response r;
	long st = client_request(c, method, path, body, NULL, &r);
	response_free(&r);
	return st;
}

long client_login(struct client *c, const char *user, const char *password)
{
	char body[512];
	snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"%s\"}", user, password);
	struct response r;
	long st = client_request(c, "POST", "/api/v1/session", body, NULL, &r);
	const char *t = json_path_str(r.json, "csrf_token");
	if (st == 200 && t)
		snprintf(c->csrf, sizeof c->csrf, "%s", t);
	response_free(&r);
	return st;
}

void response_free(struct response *r)
{
	free(r->body);
	json_decref(r->json);
	memset(r, 0, sizeof *r);
}

json_t *json_path(json_t *j, const char *path)
{
	char key[128];
	const char *p = path;
	while (j && *p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		snprintf(key, sizeof key, "%.*s", (int)n, p);
		if (json_is_array(j))
			j = json_array_get(j, (size_t)atoi(key));
		else
			j = json_object_get(j, key);
		p += n;
		if (*p == '.')
			p++;
	}
	return j;
}

const char *json_path_str(json_t *j, const char *path)
{
	return json_string_value(json_path(j, path));
}

long long json_path_int(json_t *j, const char *path)
{
	json_t *v = json_path(j, path);
	return json_is_integer(v) ? json_integer_value(v) : -1;
}
