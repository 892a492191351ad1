/*
 * http/api/resource — the handlers of a row with an id that every
 * publicity resource (announcements, policies, trainings) repeats: read it,
 * create it from a JSON body, update it from the stored row and a partial
 * body, delete it, and answer it as one JSON object with the area names.
 * The module describes its resource once (its ledger calls and its JSON
 * reader and writer) and each route's handler is one call.
 */
#ifndef GAOQI_HTTP_API_RESOURCE_H
#define GAOQI_HTTP_API_RESOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "http/api/api.h"

struct api_resource {
	const char *what; /* the row's name in a bad-id message, e.g. "通知" */
	size_t size;	  /* of the row's struct */
	void (*init)(void *row);
	int (*get)(struct ledger *l, int64_t id, struct arena *a, void *row, struct err *e);
	int (*create)(struct ledger *l, const void *in, struct arena *a, void *out, struct err *e);
	int (*update)(struct ledger *l, int64_t id, const void *in, struct arena *a, void *out,
		      struct err *e);
	int (*remove)(struct ledger *l, int64_t id, struct err *e);
	/* the members of BODY over ROW (absent members keep ROW's values) */
	int (*read)(json_t *body, struct http_request *req, void *row, struct err *e);
	/* ROW as one JSON object (key NULL) */
	void (*write)(struct jw *w, const void *row, const struct api_areas *areas,
		      struct arena *a);
};

/* Answer RES with ROW (status STATUS). */
int api_resource_reply(const struct api_resource *r, struct http_request *req,
		       struct http_response *res, struct ledger *l, const void *row, int status,
		       struct err *e);
/* GET …/{id}, POST … (201), PUT …/{id}, DELETE …/{id} ({"ok": true}). */
int api_resource_get(const struct api_resource *r, struct http_request *req,
		     struct http_response *res, struct err *e);
int api_resource_create(const struct api_resource *r, struct http_request *req,
			struct http_response *res, struct err *e);
int api_resource_update(const struct api_resource *r, struct http_request *req,
			struct http_response *res, struct err *e);
int api_resource_delete(const struct api_resource *r, struct http_request *req,
			struct http_response *res, struct err *e);

#endif
