/* server — libmicrohttpd in thread-pool + epoll mode under our own dispatch. */
#include "http/server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <zlib.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "http/router.h"

/* Bodies below this size are not worth compressing. */
#define GZIP_MIN 1024
/* Bytes of an oversized body read and dropped before answering 413 at once. */
#define DISCARD_MAX ((size_t)16 << 20)
/* Most request headers kept for handlers. */
#define MAX_HEADERS 64
/* Send buffer of a connection (bytes; the kernel doubles it). */
#define SERVER_SNDBUF (128 << 10)
/* Most query arguments kept. */
#define MAX_QUERY 64

static const char csp[] = "default-src 'self'; script-src 'self'; style-src 'self' "
			  "'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
			  "connect-src 'self'; object-src 'none'; base-uri 'self'; "
			  "form-action 'self'; frame-ancestors 'none'";

struct thread_slot;

/*
 * One open connection, watched for the header and body deadlines. A watch
 * lives from MHD's "connection started" notice to its "closed" notice (which
 * comes before MHD closes the socket), always under watch_mu.
 */
struct conn_watch {
	struct conn_watch *prev, *next;
	int fd;
	int64_t deadline_ms;	   /* monotonic; 0 = none (an answer is being sent) */
	struct thread_slot *owner; /* the worker thread serving the connection */
	int64_t stall_base;	   /* the owner's stall time when the deadline was set */
};

struct server {
	struct MHD_Daemon *daemon;
	struct server_options opt;
	int port;
	unsigned threads;
	atomic_int inflight;
	pthread_key_t key;
	int key_made;
	pthread_mutex_t watch_mu;
	pthread_cond_t watch_cv;
	struct conn_watch *watches;
	pthread_t sweeper;
	int sweeper_made, sweeper_stop;
};

/* What one worker thread holds. */
struct thread_slot {
	struct server *srv;
	void *app;
	/*
	 * Time this thread spent inside handlers (ms), and since when it is in
	 * one now (0: not). While a worker runs a handler its other
	 * connections are not read: their deadlines do not run meanwhile.
	 */
	atomic_llong stall_ms;
	atomic_llong busy_since;
};

/* One request in progress (MHD's con_cls). */
struct conn_ctx {
	struct arena *arena;
	struct strbuf body;
	int too_big;
	int answered;	  /* a 413 was queued during the upload */
	size_t discarded; /* bytes of an oversized body thrown away */
	struct timespec start;
	void (*release)(void *ctx); /* the response's, run when the request completes */
	void *release_ctx;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *thread_app(struct server *s);
static struct thread_slot *thread_slot_of(struct server *s);

/* The stall time of SLOT at NOW (ms; see struct thread_slot). */
static int64_t stall_of(struct thread_slot *slot, int64_t now)
{
	if (!slot)
		return 0;
	int64_t since = atomic_load(&slot->busy_since);
	return atomic_load(&slot->stall_ms) + (since ? now - since : 0);
}

/* Set the deadline of CONN's watch to SECONDS from now (0: none). */
static void watch_deadline(struct server *s, struct MHD_Connection *conn, unsigned seconds)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn_watch *w = ci ? ci->socket_context : NULL;
	if (!w)
		return;
	int64_t now = now_ms();
	pthread_mutex_lock(&s->watch_mu);
	w->deadline_ms = seconds ? now + (int64_t)seconds * 1000 : 0;
	w->stall_base = stall_of(w->owner, now);
	pthread_mutex_unlock(&s->watch_mu);
}

static void notify_connection_cb(void *cls, struct MHD_Connection *conn, void **socket_context,
				 enum MHD_ConnectionNotificationCode toe)
{
	struct server *s = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		struct conn_watch *w = xcalloc(1, sizeof *w);
		w->fd = ci ? ci->connect_fd : -1;
		/*
		 * A fixed send buffer: the kernel would otherwise grow it to
		 * megabytes for a client that does not read (an export sent with
		 * sendfile lands there whole).
		 */
		int sndbuf = SERVER_SNDBUF;
		if (w->fd >= 0)
			setsockopt(w->fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
		int64_t now = now_ms();
		w->deadline_ms = now + (int64_t)s->opt.header_timeout * 1000;
		w->owner = thread_slot_of(s);
		w->stall_base = stall_of(w->owner, now);
		pthread_mutex_lock(&s->watch_mu);
		w->next = s->watches;
		if (w->next)
			w->next->prev = w;
		s->watches = w;
		pthread_mutex_unlock(&s->watch_mu);
		*socket_context = w;
		return;
	}
	struct conn_watch *w = *socket_context;
	if (!w)
		return;
	pthread_mutex_lock(&s->watch_mu);
	if (w->prev)
		w->prev->next = w->next;
	else
		s->watches = w->next;
	if (w->next)
		w->next->prev = w->prev;
	pthread_mutex_unlock(&s->watch_mu);
	free(w);
	*socket_context = NULL;
}

/*
 * The sweeper: every quarter second, shut down the sockets of connections
 * past their deadline that have nothing unread. MHD then sees the connection fail and closes it
 * itself (the socket stays open until MHD's "closed" notice, so the
 * descriptor cannot have been reused).
 */
static void *sweeper_main(void *arg)
{
	struct server *s = arg;
	pthread_mutex_lock(&s->watch_mu);
	while (!s->sweeper_stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 250 * 1000 * 1000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&s->watch_cv, &s->watch_mu, &until);
		int64_t now = now_ms();
		for (struct conn_watch *w = s->watches; w; w = w->next) {
			if (!w->deadline_ms || w->fd < 0)
				continue;
			/* the connection's clock stops while its worker runs a handler */
			int64_t waited = stall_of(w->owner, now) - w->stall_base;
			if (w->deadline_ms + waited > now)
				continue;
			/*
			 * Bytes the server has not read yet: its worker is busy, the
			 * client is not the slow one. Cut only a connection waiting
			 * on its client.
			 */
			int pending = 0;
			if (!ioctl(w->fd, FIONREAD, &pending) && pending > 0)
				continue;
			shutdown(w->fd, SHUT_RDWR);
			w->deadline_ms = 0;
		}
	}
	pthread_mutex_unlock(&s->watch_mu);
	return NULL;
}

static void thread_slot_free(void *p)
{
	struct thread_slot *slot = p;
	if (!slot)
		return;
	if (slot->srv->opt.thread_done && slot->app)
		slot->srv->opt.thread_done(slot->app);
	free(slot);
}

/* The calling worker thread's slot, made (with its application context) on first use. */
static struct thread_slot *thread_slot_of(struct server *s)
{
	struct thread_slot *slot = pthread_getspecific(s->key);
	if (slot)
		return slot;
	slot = xcalloc(1, sizeof *slot);
	slot->srv = s;
	atomic_init(&slot->stall_ms, 0);
	atomic_init(&slot->busy_since, 0);
	slot->app = s->opt.thread_init ? s->opt.thread_init(s->opt.ctx) : NULL;
	pthread_setspecific(s->key, slot);
	return slot;
}

static void *thread_app(struct server *s)
{
	return thread_slot_of(s)->app;
}

int server_gzip(const void *p, size_t n, unsigned char **out, size_t *out_len)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	*out = NULL;
	*out_len = 0;
	/* 15 + 16: a gzip wrapper rather than zlib's. */
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return ERR_INTERNAL;
	size_t cap = deflateBound(&z, (uLong)n);
	unsigned char *buf = xmalloc(cap);
	z.next_in = (Bytef *)p;
	z.avail_in = (uInt)n;
	z.next_out = buf;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	size_t len = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(buf);
		return ERR_INTERNAL;
	}
	*out = buf;
	*out_len = len;
	return 0;
}

static int accepts_gzip(const struct http_request *req)
{
	const char *ae = http_header(req, "Accept-Encoding");
	const char *p = ae ? strcasestr(ae, "gzip") : NULL;
	if (!p)
		return 0;
	/* "gzip;q=0" (or q=0.0, q=0.000) refuses it. */
	p += 4;
	while (*p == ' ')
		p++;
	if (*p != ';')
		return 1;
	p++;
	while (*p == ' ')
		p++;
	if (strncmp(p, "q=0", 3))
		return 1;
	p += 3;
	if (*p == '.')
		for (p++; *p == '0'; p++)
			;
	return !(*p == '\0' || *p == ',' || *p == ' ');
}

static int compressible(const char *type)
{
	return type && (!strncmp(type, "text/", 5) || strstr(type, "json") ||
			strstr(type, "javascript") || strstr(type, "svg") || strstr(type, "xml"));
}

static int64_t elapsed_us(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)(now.tv_sec - start->tv_sec) * 1000000 +
	       (now.tv_nsec - start->tv_nsec) / 1000;
}

static enum MHD_Result collect_cb(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	(void)kind;
	struct http_request *req = cls;
	if (req->nheaders >= MAX_HEADERS)
		return MHD_NO;
	req->headers[req->nheaders].name = arena_strdup(req->arena, key);
	req->headers[req->nheaders].value = arena_strdup(req->arena, value ? value : "");
	req->nheaders++;
	return MHD_YES;
}

/* Query values are passed raw (our unescape callback is the identity): decode them here. */
static enum MHD_Result query_cb(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *value)
{
	(void)kind;
	struct http_request *req = cls;
	if (req->nquery >= MAX_QUERY)
		return MHD_NO;
	char *k = router_url_decode(req->arena, key, strlen(key));
	const char *v = value ? value : "";
	char *plus = arena_strdup(req->arena, v);
	for (char *c = plus; *c; c++)
		if (*c == '+')
			*c = ' ';
	req->query[req->nquery].name = k;
	req->query[req->nquery].value = router_url_decode(req->arena, plus, strlen(plus));
	req->nquery++;
	return MHD_YES;
}

static size_t unescape_identity(void *cls, struct MHD_Connection *c, char *uri)
{
	(void)cls;
	(void)c;
	return strlen(uri);
}

static void client_address(struct MHD_Connection *conn, struct http_request *req)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char buf[INET6_ADDRSTRLEN] = "unknown";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET,
				  &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf,
				  sizeof buf);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6,
				  &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf,
				  sizeof buf);
	}
	req->client = arena_strdup(req->arena, buf);
}

static enum MHD_Result send_response(struct MHD_Connection *conn, struct http_response *res,
				     struct MHD_Response *r, int gz, size_t len, size_t *sent);

/* An MHD response sending RES's file (which it takes over), or NULL. */
static struct MHD_Response *file_response(struct http_response *res, size_t *len)
{
	FILE *f = res->file;
	res->file = NULL;
	struct stat st;
	int fd = -1;
	if (!fflush(f) && !fstat(fileno(f), &st))
		fd = dup(fileno(f));
	fclose(f);
	if (fd < 0)
		return NULL;
	struct MHD_Response *r = MHD_create_response_from_fd64((uint64_t)st.st_size, fd);
	if (!r)
		close(fd);
	*len = (size_t)st.st_size;
	return r;
}

static enum MHD_Result queue(struct MHD_Connection *conn, struct http_request *req,
			     struct http_response *res, size_t *sent)
{
	if (res->file) {
		size_t flen = 0;
		struct MHD_Response *fr = file_response(res, &flen);
		if (!fr)
			return MHD_NO;
		return send_response(conn, res, fr, 0, flen, sent);
	}
	const unsigned char *data = res->data;
	size_t len = res->data_len;
	enum MHD_ResponseMemoryMode mode = MHD_RESPMEM_PERSISTENT;
	unsigned char *owned = NULL;
	int gz = 0;
	if (!data) {
		len = res->body.len;
		owned = (unsigned char *)strbuf_take(&res->body, &len);
		data = owned;
		mode = MHD_RESPMEM_MUST_FREE;
	}
	int want_gzip = len >= GZIP_MIN && compressible(res->content_type) && accepts_gzip(req);
	if (want_gzip && res->data && res->gz_data) {
		data = res->gz_data;
		len = res->gz_len;
		gz = 1;
	} else if (want_gzip) {
		unsigned char *z = NULL;
		size_t zlen = 0;
		if (!server_gzip(data, len, &z, &zlen)) {
			free(owned);
			owned = z;
			data = z;
			len = zlen;
			mode = MHD_RESPMEM_MUST_FREE;
			gz = 1;
		}
	}
	struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)data, mode);
	if (!r) {
		if (mode == MHD_RESPMEM_MUST_FREE)
			free(owned);
		return MHD_NO;
	}
	return send_response(conn, res, r, gz, len, sent);
}

/* Add the headers of RES to R, queue R on CONN and drop our reference. */
static enum MHD_Result send_response(struct MHD_Connection *conn, struct http_response *res,
				     struct MHD_Response *r, int gz, size_t len, size_t *sent)
{
	MHD_add_response_header(r, "Content-Type", res->content_type);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Content-Security-Policy", csp);
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	if (res->no_store)
		MHD_add_response_header(r, "Cache-Control", "no-store");
	if (gz)
		MHD_add_response_header(r, "Content-Encoding", "gzip");
	if (compressible(res->content_type))
		MHD_add_response_header(r, "Vary", "Accept-Encoding");
	for (size_t i = 0; i < res->nheaders; i++)
		MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)res->status, r);
	MHD_destroy_response(r);
	*sent = len;
	return ret;
}

/* Build the request, dispatch it and queue its response. */
static enum MHD_Result answer(struct server *s, struct MHD_Connection *conn, struct conn_ctx *cc,
			      const char *url, const char *method)
{
	struct http_request req;
	struct http_response res;
	memset(&req, 0, sizeof req);
	http_response_init(&res);
	req.arena = cc->arena;
	req.method_name = arena_strdup(cc->arena, method);
	req.method = http_method_parse(method);
	req.path = arena_strdup(cc->arena, url);
	req.headers = arena_alloc(cc->arena, MAX_HEADERS * sizeof *req.headers);
	MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_cb, &req);
	req.query = arena_alloc(cc->arena, MAX_QUERY * sizeof *req.query);
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, query_cb, &req);
	client_address(conn, &req);
	req.body = cc->body.len ? cc->body.buf : "";
	req.body_len = cc->body.len;
	req.body_too_big = cc->too_big;
	req.body_cap = cc->body.max;
	struct thread_slot *slot = thread_slot_of(s);
	req.app = slot->app;
	/* An oversized body is dispatched too (empty): 401 comes before 413. */
	int64_t began = now_ms();
	atomic_store(&slot->busy_since, began);
	s->opt.dispatch(s->opt.ctx, &req, &res);
	atomic_fetch_add(&slot->stall_ms, now_ms() - began);
	atomic_store(&slot->busy_since, 0);
	cc->release = res.release;
	cc->release_ctx = res.release_ctx;
	watch_deadline(s, conn, 0);
	int status = res.status;
	size_t sent = 0;
	enum MHD_Result ret = queue(conn, &req, &res, &sent);
	http_response_cleanup(&res);
	log_request("%s %s %d %zuB %lldus %s", req.method_name, req.path, status, sent,
		    (long long)elapsed_us(&cc->start), req.client);
	return ret;
}

/* What framing_cb found among the request headers. */
struct framing {
	int content_length, transfer_encoding, host;
	const char *cl_value;
	const char *bad; /* why the request is refused, or NULL */
};

static enum MHD_Result framing_cb(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	(void)kind;
	struct framing *f = cls;
	value = value ? value : "";
	if (strpbrk(key, " \t")) {
		f->bad = "请求头名称中不能有空白";
	} else if (!strcasecmp(key, "Content-Length")) {
		if (f->content_length++ && strcmp(f->cl_value, value))
			f->bad = "Content-Length 重复且不一致";
		f->cl_value = value;
	} else if (!strcasecmp(key, "Transfer-Encoding")) {
		if (f->transfer_encoding++ || strcasecmp(value, "chunked"))
			f->bad = "只支持 Transfer-Encoding: chunked";
	} else if (!strcasecmp(key, "Host")) {
		f->host++;
	}
	return MHD_YES;
}

/*
 * Why the request on CONN (protocol VERSION) must be refused for its
 * framing, or NULL when it is sound: see the file comment of server.h.
 */
static const char *framing_fault(struct MHD_Connection *conn, const char *version)
{
	struct framing f;
	memset(&f, 0, sizeof f);
	MHD_get_connection_values(conn, MHD_HEADER_KIND, framing_cb, &f);
	if (f.bad)
		return f.bad;
	if (f.transfer_encoding && f.content_length)
		return "Transfer-Encoding 与 Content-Length 不能同时出现";
	if (version && !strcmp(version, "HTTP/1.1") && f.host != 1)
		return "HTTP/1.1 请求须有且只有一个 Host 头";
	return NULL;
}

/* Answer 400 with WHY and close the connection (nothing after it is read). */
static enum MHD_Result refuse(struct MHD_Connection *conn, struct conn_ctx *cc, const char *why)
{
	struct http_request req;
	struct http_response res;
	memset(&req, 0, sizeof req);
	req.arena = cc->arena;
	http_response_init(&res);
	struct err e;
	err_set(&e, ERR_INVALID, NULL, "请求格式不合法：%s", why);
	http_reply_error(&res, &e, "bad_request");
	http_add_header(&res, "Connection", "close");
	size_t sent = 0;
	enum MHD_Result ret = queue(conn, &req, &res, &sent);
	http_response_cleanup(&res);
	log_info("refused a malformed request: %s", why);
	return ret;
}

static enum MHD_Result access_cb(void *cls, struct MHD_Connection *conn, const char *url,
				 const char *method, const char *version, const char *upload_data,
				 size_t *upload_data_size, void **con_cls)
{
	struct server *s = cls;
	struct conn_ctx *cc = *con_cls;
	if (!cc) {
		/* The first call: set up and return; answering now would disable keep-alive. */
		cc = xcalloc(1, sizeof *cc);
		cc->arena = arena_new();
		size_t cap = s->opt.max_body;
		if (s->opt.body_cap)
			cap = s->opt.body_cap(
				s->opt.ctx, thread_app(s), method, url,
				MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Cookie"));
		strbuf_init(&cc->body, cap);
		clock_gettime(CLOCK_MONOTONIC, &cc->start);
		atomic_fetch_add(&s->inflight, 1);
		*con_cls = cc;
		const char *fault = framing_fault(conn, version);
		if (fault) {
			cc->answered = 1;
			return refuse(conn, cc, fault);
		}
		watch_deadline(s, conn, s->opt.body_timeout);
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (cc->answered)
			return MHD_YES;
		if (!cc->too_big && strbuf_add(&cc->body, upload_data, n)) {
			cc->too_big = 1;
			strbuf_cleanup(&cc->body);
		}
		if (cc->too_big) {
			/*
			 * Discard the rest and answer 413 once it is read, so that the
			 * client sees the answer; past DISCARD_MAX answer at once (the
			 * connection is then closed).
			 */
			cc->discarded += n;
			if (cc->discarded > DISCARD_MAX && !cc->answered) {
				cc->answered = 1;
				return answer(s, conn, cc, url, method);
			}
		}
		return MHD_YES;
	}
	if (cc->answered)
		return MHD_YES;
	return answer(s, conn, cc, url, method);
}

static void completed_cb(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)toe;
	struct server *s = cls;
	struct conn_ctx *cc = *con_cls;
	if (!cc)
		return;
	if (cc->release)
		cc->release(cc->release_ctx);
	if (conn)
		watch_deadline(s, conn, s->opt.header_timeout);
	strbuf_cleanup(&cc->body);
	arena_free(cc->arena);
	free(cc);
	*con_cls = NULL;
	atomic_fetch_sub(&s->inflight, 1);
}

static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *sslen,
			int *ipv6, struct err *e)
{
	char host[128];
	const char *colon;
	size_t hl;
	if (listen[0] == '[') {
		const char *rb = strchr(listen, ']');
		if (!rb || rb[1] != ':')
			goto bad;
		hl = (size_t)(rb - listen - 1);
		if (hl >= sizeof host)
			goto bad;
		memcpy(host, listen + 1, hl);
		colon = rb + 1;
	} else {
		colon = strrchr(listen, ':');
		if (!colon)
			goto bad;
		hl = (size_t)(colon - listen);
		if (hl >= sizeof host)
			goto bad;
		memcpy(host, listen, hl);
	}
	host[hl] = '\0';
	const char *port = colon + 1;
	if (!*port || strspn(port, "0123456789") != strlen(port) || strlen(port) > 5 ||
	    atoi(port) > 65535)
		goto bad;
	struct addrinfo hints, *ai = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(hl ? host : NULL, port, &hints, &ai) || !ai)
		goto bad;
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*sslen = ai->ai_addrlen;
	*ipv6 = ai->ai_family == AF_INET6;
	freeaddrinfo(ai);
	return 0;
bad:
	return err_set(e, ERR_INVALID, "listen",
		       "监听地址“%s”格式应为 IP:端口，例如 127.0.0.1:8080", listen);
}

int server_start(const struct server_options *o, struct server **out, struct err *e)
{
	*out = NULL;
	struct sockaddr_storage ss;
	socklen_t sslen = 0;
	int ipv6 = 0;
	int rc = parse_listen(o->listen, &ss, &sslen, &ipv6, e);
	if (rc)
		return rc;
	struct server *s = xcalloc(1, sizeof *s);
	s->opt = *o;
	if (!s->opt.max_body)
		s->opt.max_body = HTTP_MAX_BODY;
	if (!s->opt.per_ip)
		s->opt.per_ip = SERVER_PER_IP;
	if (!s->opt.max_connections)
		s->opt.max_connections = SERVER_MAX_CONNECTIONS;
	if (!s->opt.header_timeout)
		s->opt.header_timeout = SERVER_HEADER_TIMEOUT;
	if (!s->opt.body_timeout)
		s->opt.body_timeout = SERVER_BODY_TIMEOUT;
	if (!s->opt.idle_timeout)
		s->opt.idle_timeout = SERVER_IDLE_TIMEOUT;
	s->threads = o->threads ? o->threads : server_default_threads();
	atomic_init(&s->inflight, 0);
	if (pthread_key_create(&s->key, thread_slot_free)) {
		free(s);
		return err_set(e, ERR_INTERNAL, NULL, "无法创建线程数据");
	}
	s->key_made = 1;
	pthread_mutex_init(&s->watch_mu, NULL);
	pthread_cond_init(&s->watch_cv, NULL);
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
			 MHD_USE_TURBO | MHD_USE_ERROR_LOG;
	if (ipv6)
		flags |= MHD_USE_IPv6;
	s->daemon = MHD_start_daemon(
		flags, 0, NULL, NULL, access_cb, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->threads, MHD_OPTION_NOTIFY_COMPLETED,
		completed_cb, s, MHD_OPTION_UNESCAPE_CALLBACK, unescape_identity, NULL,
		MHD_OPTION_CONNECTION_TIMEOUT, s->opt.idle_timeout, MHD_OPTION_LISTEN_BACKLOG_SIZE,
		(unsigned)1024, MHD_OPTION_CONNECTION_LIMIT, s->opt.max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, s->opt.per_ip_off ? 0u : s->opt.per_ip,
		MHD_OPTION_NOTIFY_CONNECTION, notify_connection_cb, s, MHD_OPTION_END);
	if (s->daemon && !pthread_create(&s->sweeper, NULL, sweeper_main, s)) {
		s->sweeper_made = 1;
	} else if (s->daemon) {
		MHD_stop_daemon(s->daemon);
		s->daemon = NULL;
	}
	if (!s->daemon) {
		pthread_key_delete(s->key);
		pthread_mutex_destroy(&s->watch_mu);
		pthread_cond_destroy(&s->watch_cv);
		free(s);
		return err_set(e, ERR_IO, "listen", "无法在 %s 上监听（端口已被占用或无权限）",
			       o->listen);
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : 0;
	*out = s;
	return 0;
}

unsigned server_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return (unsigned)(n > 0 ? 2 * n : 2);
}

int server_port(const struct server *s)
{
	return s->port;
}

unsigned server_threads(const struct server *s)
{
	return s->threads;
}

void server_stop(struct server *s, unsigned grace_ms)
{
	if (!s)
		return;
	MHD_socket fd = MHD_quiesce_daemon(s->daemon);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	unsigned waited = 0;
	while (atomic_load(&s->inflight) > 0 && waited < grace_ms) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
		waited += 10;
	}
	int left = atomic_load(&s->inflight);
	if (left > 0)
		log_warn("shutdown: %d request(s) still running after %u ms, closing", left,
			 grace_ms);
	/* The sweeper first: the watches point at worker slots, freed as the workers end. */
	if (s->sweeper_made) {
		pthread_mutex_lock(&s->watch_mu);
		s->sweeper_stop = 1;
		pthread_cond_signal(&s->watch_cv);
		pthread_mutex_unlock(&s->watch_mu);
		pthread_join(s->sweeper, NULL);
	}
	MHD_stop_daemon(s->daemon);
	pthread_mutex_destroy(&s->watch_mu);
	pthread_cond_destroy(&s->watch_cv);
	if (s->key_made)
		pthread_key_delete(s->key);
	free(s);
}
