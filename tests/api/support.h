/*
 * support — helpers of the API tests: a temporary demo database, the real
 * `gaoqi serve` binary started on a free port, and an HTTP client (libcurl)
 * that keeps its session cookie and CSRF token.
 */
#ifndef GAOQI_TESTS_API_SUPPORT_H
#define GAOQI_TESTS_API_SUPPORT_H

#include <stddef.h>
#include <sys/types.h>

#include <jansson.h>

#define DEMO_PASSWORD "demo-pass-2026"

struct server_proc {
	pid_t pid;
	int port;
	char dir[256];	      /* temp directory (database, logs) */
	char db[300];	      /* database path */
	char log[300];	      /* the server's stderr */
	char web_root[300];   /* --web-root when not empty */
	char extra_arg[64];   /* one more option for serve when not empty */
	const char *args[16]; /* more options for serve (static strings), NULL-terminated */
};

/*
 * Make a temp directory holding a demo database of N enterprises (users of
 * every role, password DEMO_PASSWORD) and start the server on it. Aborts the
 * test program on failure. 0 on success.
 */
int server_setup(struct server_proc *s, int enterprises);
/* The same, serving the UI from WEB_ROOT (NULL = embedded). */
int server_setup_web(struct server_proc *s, int enterprises, const char *web_root);
/* Start (again) the server on s->db; fills pid and port. 0 or -1. */
int server_start_proc(struct server_proc *s);
/* SIGTERM and wait; returns the exit status (or -1). */
int server_stop_proc(struct server_proc *s);
/*
 * Stop the server and remove the temp directory. Returns 0 when the server
 * exited with status 0 (a clean shutdown; under ASan also no leak), else -1
 * after printing its log.
 */
int server_teardown(struct server_proc *s);
/* Run "gaoqi ARGS…" (NULL-terminated) with STDIN_TEXT on stdin; returns the exit code. */
int run_gaoqi(const char *stdin_text, const char *arg0, ...);

struct client {
	void *curl;
	int port;
	char csrf[128];
	int send_csrf;		   /* 1 (default): send X-CSRF-Token on writes */
	const char *forwarded_for; /* unused by the server; kept for symmetry */
	size_t body_len; /* >0: the next request's body is this many bytes (binary), then 0 */
};

struct response {
	long status;
	char *body; /* NUL-terminated (malloc) */
	size_t len;
	json_t *json; /* parsed body or NULL */
	char content_encoding[32];
	char cache_control[128];
	char etag[64];
	char set_cookie[256];
	char retry_after[32];
	char content_type[128];
	char content_disposition[512];
	char content_type_options[32];
};

/* A client with an empty cookie jar for the server on PORT. */
void client_init(struct client *c, int port);
void client_cleanup(struct client *c);

/*
 * Send METHOD PATH with BODY (NULL = none) and extra header lines EXTRA
 * (NULL-terminated array or NULL). Fills R (free with response_free).
 * Returns R->status (0 when the connection failed).
 */
long client_request(struct client *c, const char *method, const char *path, const char *body,
		    const char *const *extra, struct response *r);
/* The same, discarding the response; returns the status. */
long client_status(struct client *c, const char *method, const char *path, const char *body);
/* POST /api/v1/session; stores the CSRF token. Returns the status. */
long client_login(struct client *c, const char *user, const char *password);
void response_free(struct response *r);

/* The string member PATH ("error.code", "items.0.uscc") of J, or NULL. */
const char *json_path_str(json_t *j, const char *path);
/* The integer member at PATH, or -1. */
long long json_path_int(json_t *j, const char *path);
/* The member at PATH. */
json_t *json_path(json_t *j, const char *path);

#endif
