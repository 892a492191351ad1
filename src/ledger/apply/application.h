/*
 * application — the year's recognition batches and the applications of
 * enterprises in them (申报, product C3a), with the outcome that moves the
 * ledger.
 *
 * A batch (认定批次) has a year, a name, a province and three dates: the
 * submission deadline, the expert review and the public notice (公示).
 * An application is one enterprise in one batch; its stage moves only along
 * these transitions (anything else is ERR_INVALID "不允许从…变更为…"):
 *
 *   intended (拟申报)            → county_recommended, withdrawn
 *   county_recommended (审查推荐) → intended (退回), submitted, withdrawn
 *   submitted (已提交)           → under_review, publicised, recognised,
 *                                  not_recognised, withdrawn
 *   under_review (评审中)        → publicised, recognised, not_recognised, withdrawn
 *   publicised (公示)            → recognised, not_recognised
 *   recognised (已认定), not_recognised (未通过), withdrawn (已撤回): final
 *
 * Each change appends a stage-history row (date, user, note) and an audit
 * row. At `submitted` the application keeps what it was submitted with:
 * the assessment of the enterprise on that day (the JSON the caller's
 * writer makes of it, rules.md §7) and its verdict, and the class II IP
 * items then valid and not yet used in a recognition.
 *
 * Outcomes move the ledger in the same transaction: `recognised` (needs a
 * certificate number; the issue date defaults to the batch's notice date,
 * else the day of the change) sets the tier to hnte through
 * enterprise_set_tier (tier history; a leader stays leader, an hnte —
 * re-recognition — keeps its tier), fills hnte_cert_no, hnte_issued_on,
 * hnte_expires_on (derived) and hnte_batch, and marks the application's
 * class II IP items used in the batch's year; `not_recognised` (needs a
 * reason) keeps the tier and opens a problem (问题清单) with the reason.
 * Any failure undoes the whole change.
 *
 * Who: reading needs CAP_APPLICATIONS_READ (scope as for enterprises: a
 * county sees the applications of its areas, an enterprise its own);
 * creating applications and the stages up to `submitted` and `withdrawn`
 * need CAP_APPLICATIONS_WRITE (a county within its areas); batches and the
 * stages from `under_review` on need CAP_BATCHES_MANAGE (admin, city).
 * An application outside the scope is ERR_NOT_FOUND. Audited as tables
 * "batches" (row key the id) and "applications" (row key "USCC/ID").
 * Text is allocated from the caller's arena.
 */
#ifndef GAOQI_LEDGER_APPLY_APPLICATION_H
#define GAOQI_LEDGER_APPLY_APPLICATION_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/strbuf.h"
#include "ledger/ledger.h"

/* ---- batches ------------------------------------------------------------------------ */

struct batch {
	int64_t id;
	int64_t year;
	const char *name;
	const char *province;
	int32_t submit_by; /* LEDGER_NO_DATE when not known */
	int32_t review_on;
	int32_t notice_on;
	char created_at[21];
	char updated_at[21];
};

/* Zero B, dates absent. */
void batch_init(struct batch *b);

/*
 * Create (IN->id 0) or replace (IN->id > 0) a batch: year 2000–2100, name
 * 1–200 bytes, province ≤ 100 bytes. *ID (may be NULL) gets its id.
 * Errors: ERR_FORBIDDEN (CAP_BATCHES_MANAGE), ERR_INVALID (field named),
 * ERR_CONFLICT ("该年度已有同名批次"), ERR_NOT_FOUND (replace of no batch).
 */
int batch_save(struct ledger *l, const struct batch *in, int64_t *id, struct err *e);

/* Batch ID into *OUT. ERR_NOT_FOUND ("批次不存在"). Needs CAP_APPLICATIONS_READ. */
int batch_get(struct ledger *l, int64_t id, struct arena *arena, struct batch *out, struct err *e);

/* Every batch of YEAR (0 = all), newest first. Needs CAP_APPLICATIONS_READ. */
int batch_list(struct ledger *l, int64_t year, struct arena *arena, struct batch **items, size_t *n,
	       struct err *e);

/* ---- applications ------------------------------------------------------------------- */

enum app_stage {
	APP_INTENDED,
	APP_COUNTY_RECOMMENDED,
	APP_SUBMITTED,
	APP_UNDER_REVIEW,
	APP_PUBLICISED,
	APP_RECOGNISED,
	APP_NOT_RECOGNISED,
	APP_WITHDRAWN,
	APP_STAGE_COUNT
};

/* Wire code ("county_recommended") and Chinese label ("审查推荐"); "?" out of range. */
const char *app_stage_name(enum app_stage s);
const char *app_stage_label(enum app_stage s);
/* Parse a code or label; ERR_INVALID (field "stage"). */
int app_stage_parse(const char *s, enum app_stage *out, struct err *e);
/* 1 when the move FROM → TO is one of the transitions above. */
int app_stage_allowed(enum app_stage from, enum app_stage to);

struct application {
	int64_t id;
	int64_t batch_id;
	int64_t enterprise_id;
	enum app_stage stage;
	int32_t stage_on;
	const char *verdict; /* of the snapshot, NULL before submission */
	const char *cert_no;
	int32_t cert_on;
	const char *reason;
	int64_t problem_id; /* LEDGER_NONE when none */
	char created_at[21];
	char updated_at[21];
	/* read with the row */
	char uscc[19];
	const char *enterprise_name;
	const char *area;
	int64_t batch_year;
	const char *batch_name;
};

/*
 * Put the enterprise USCC into batch BATCH_ID at stage intended (note
 * NOTE, may be NULL), *ID (may be NULL) its id. ERR_CONFLICT when it is in
 * the batch already ("该企业已在本批次中"), ERR_NOT_FOUND, ERR_FORBIDDEN.
 */
int app_create(struct ledger *l, int64_t batch_id, const char *uscc, const char *note, int64_t *id,
	       struct err *e);

/* Application ID into *OUT. ERR_NOT_FOUND ("申报不存在"). */
int app_get(struct ledger *l, int64_t id, struct arena *arena, struct application *out,
	    struct err *e);

/* Writes the assessment R of P as JSON into OUT (io/profile_json's, given by the caller). */
struct assess_result;
struct profile;
typedef int (*app_snapshot_fn)(const struct assess_result *r, const struct profile *p,
			       struct strbuf *out);

/* A stage change. */
struct app_change {
	enum app_stage to;
	int32_t on;	      /* the day, LEDGER_NO_DATE = today */
	const char *note;     /* ≤ 1000 bytes, may be NULL */
	const char *cert_no;  /* recognised: required (≤ 64 bytes) */
	int32_t cert_on;      /* recognised: LEDGER_NO_DATE = the notice date, else ON */
	const char *reason;   /* not_recognised: required (≤ 1000 bytes) */
	app_snapshot_fn snap; /* submitted: writes the snapshot (NULL: none kept) */
};

/* TO, today, nothing else. */
void app_change_init(struct app_change *c, enum app_stage to);

/*
 * Move application ID as C says, with every effect described above, in one
 * atomic write (inside the caller's group when one is open). Errors:
 * ERR_NOT_FOUND, ERR_FORBIDDEN ("无权…"), ERR_INVALID (an illegal move,
 * a missing certificate number or reason), and any error of the effects.
 */
int app_move(struct ledger *l, int64_t id, const struct app_change *c, struct err *e);

struct app_stage_entry {
	int64_t id;
	int has_from;
	enum app_stage from, to;
	int32_t on;
	const char *user_name;
	const char *note;
	char created_at[21];
};

/* The stage history of application ID, oldest first. ERR_NOT_FOUND. */
int app_history(struct ledger *l, int64_t id, struct arena *arena, struct app_stage_entry **items,
		size_t *n, struct err *e);

/* The snapshot JSON of application ID into *JSON (NULL when none). ERR_NOT_FOUND. */
int app_snapshot(struct ledger *l, int64_t id, struct arena *arena, const char **json,
		 struct err *e);

struct app_ip {
	int64_t id;
	const char *kind;
	const char *number;
	const char *title;
	int64_t used_in_recognition; /* LEDGER_NONE when not marked */
};

/* The class II IP items application ID was submitted with. ERR_NOT_FOUND. */
int app_ip_items(struct ledger *l, int64_t id, struct arena *arena, struct app_ip **items,
		 size_t *n, struct err *e);

#define APP_PAGE_MAX 1000

struct app_filter {
	int64_t batch_id; /* 0 = any */
	int stage;	  /* an enum app_stage, -1 = any */
	const char *area; /* NULL = any */
	const char *uscc; /* one enterprise (ERR_NOT_FOUND outside the scope), NULL = any */
	const char *q;	  /* name or USCC substring, NULL = none */
	int64_t offset;
	int64_t limit; /* 1–APP_PAGE_MAX, 0 = 50 */
	int want_total;
};

/* Everything, first page of 50, with total. */
void app_filter_init(struct app_filter *f);

struct app_page {
	struct application *items;
	size_t n;
	int64_t total; /* -1 unless want_total */
};

/* One page of the applications in scope matching F, by batch (newest) then name. */
int app_list(struct ledger *l, const struct app_filter *f, struct arena *arena,
	     struct app_page *out, struct err *e);

/*
 * The number of applications in scope of batch BATCH_ID (and AREA when not
 * NULL) per stage into COUNTS. ERR_NOT_FOUND for no batch.
 */
int app_stage_counts(struct ledger *l, int64_t batch_id, const char *area,
		     int64_t counts[APP_STAGE_COUNT], struct err *e);

#endif
