/*
 * server — the libmicrohttpd adapter: listening, threads, request bodies,
 * response queuing, compression, security headers, access log, shutdown.
 *
 * The daemon runs a pool of worker threads, each with its own epoll loop.
 * For every request the server builds a `struct http_request` (http/http.h)
 * in a fresh per-request arena, reads the body up to the cap (larger bodies
 * get 413 without being stored), calls the DISPATCH callback once the whole
 * body has arrived, and queues the response on that later call of the access
 * handler — never on the first, which would silently turn keep-alive off.
 *
 * Each worker thread gets its own application context from THREAD_INIT on
 * its first request (e.g. a database connection, which must not be shared
 * between threads); THREAD_DONE releases it when the thread ends at
 * server_stop. The context reaches handlers as `req->app`.
 *
 * Connections (issue 11, slowloris and framing): at most `per_ip`
 * connections from one client address and `max_connections` in all; a
 * connection must deliver a request's headers within `header_timeout` seconds
 * of being opened (or of its previous answer: idle keep-alive connections
 * close then too) and the body within `body_timeout` seconds of the headers;
 * any stall longer than `idle_timeout` closes it (also a client that does not
 * read its answer). Framing is strict: a request with two Content-Length
 * headers, Transfer-Encoding together with Content-Length, a
 * Transfer-Encoding other than "chunked", a header name holding a space, or
 * HTTP/1.1 without Host is answered 400 and the connection is closed.
 *
 * A response whose `file` is set is sent from that file (the kernel copies
 * it; nothing is buffered per client), never compressed. The response's
 * `release` callback runs when the exchange is over.
 *
 * Every response gets X-Content-Type-Options, X-Frame-Options DENY, a
 * Content-Security-Policy fit for a Vite build and Referrer-Policy; API
 * answers get Cache-Control: no-store; bodies of 1 KiB or more of a textual
 * type are gzip-compressed when the request's Accept-Encoding allows it. One
 * access-log line per request (core/log.h).
 */
#ifndef GAOQI_HTTP_SERVER_H
#define GAOQI_HTTP_SERVER_H

#include <stddef.h>

#include "core/err.h"
#include "http/http.h"

typedef void (*server_dispatch_fn)(void *ctx, struct http_request *req, struct http_response *res);

struct server_options {
	const char *listen; /* "ADDR:PORT", "[ADDR6]:PORT"; port 0 picks a free port */
	unsigned threads;   /* worker threads (0 = 2 × online CPUs) */
	size_t max_body;    /* request body cap (0 = HTTP_MAX_BODY) */
	/* Fills the response; never NULL. With req->body_too_big it must answer 413
	 * (after any 401/404 of its own), the body having been dropped. */
	server_dispatch_fn dispatch;
	void *ctx;			 /* passed to dispatch and thread_init */
	void *(*thread_init)(void *ctx); /* per-thread app context, or NULL */
	void (*thread_done)(void *app);	 /* releases it (NULL-safe callers) */
	/*
	 * The body cap of one request, or NULL to use max_body always: METHOD, URL
	 * path, the first Cookie header (NULL when none), THREAD the per-thread
	 * context of thread_init. Called when the headers are in, before any body.
	 */
	size_t (*body_cap)(void *ctx, void *thread, const char *method, const char *url,
			   const char *cookie);
	unsigned per_ip; /* connections per client address (0 = SERVER_PER_IP; see below) */
	int per_ip_off;	 /* 1: no per-address limit (behind a proxy) */
	unsigned max_connections; /* all connections (0 = SERVER_MAX_CONNECTIONS) */
	unsigned header_timeout;  /* seconds for a request's headers (0 = SERVER_HEADER_TIMEOUT) */
	unsigned body_timeout;	  /* seconds for its body (0 = SERVER_BODY_TIMEOUT) */
	unsigned idle_timeout;	  /* seconds without progress (0 = SERVER_IDLE_TIMEOUT) */
};

#define SERVER_PER_IP 32
#define SERVER_MAX_CONNECTIONS 1000
#define SERVER_HEADER_TIMEOUT 10
#define SERVER_BODY_TIMEOUT 120
#define SERVER_IDLE_TIMEOUT 30

struct server;

/*
 * Start listening and serving. On success *OUT owns the running server (stop
 * it with server_stop). Errors: ERR_INVALID for a malformed listen address
 * ("监听地址格式应为 IP:端口"), ERR_IO when the address cannot be bound
 * (in use, not permitted) — nothing keeps running then.
 */
int server_start(const struct server_options *o, struct server **out, struct err *e);

/* The port actually bound (useful with port 0). */
int server_port(const struct server *s);

/* The worker threads a server starts with threads = 0: 2 × online CPUs. */
unsigned server_default_threads(void);

/* The number of worker threads. */
unsigned server_threads(const struct server *s);

/*
 * Graceful stop: stop accepting new connections, wait up to GRACE_MS for the
 * requests in flight to finish and be answered, then close every connection,
 * join the worker threads (which releases their contexts) and free S.
 * NULL-safe.
 */
void server_stop(struct server *s, unsigned grace_ms);

/*
 * Compress (P, N) with gzip into a new malloc'd buffer *OUT of *OUT_LEN
 * bytes (free it). 0, or ERR_INTERNAL when zlib fails.
 */
int server_gzip(const void *p, size_t n, unsigned char **out, size_t *out_len);

#endif
