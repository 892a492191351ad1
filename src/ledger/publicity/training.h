/*
 * training — policy training events (政策培训, product C9): the day, topic,
 * organisers, place and/or online link, materials (links, and documents of
 * the policy library); the firms that attended, entered one by one or
 * imported from a sign-in sheet; the firms of a scope's reserve and key pool
 * that never attended; and whether trained firms went on to apply.
 *
 * Who. Events are public to every staff reader (CAP_TRAININGS_READ); an
 * enterprise user sees the city-wide events and those of its firm's area
 * (upcoming and past; another is ERR_NOT_FOUND). Attendance, the
 * never-attended list and the application follow-up show only the firms of
 * the caller's scope: an enterprise user its own firm's attendance, never
 * another's, and no never-attended list (ERR_FORBIDDEN). Writes need CAP_TRAININGS_WRITE: admin and
 * city every event; a county user events of its own areas (area = one of them) and the attendance
 * of its own firms at any event (a firm outside its scope is ERR_NOT_FOUND, or "unmatched" in an
 * import). Every write is audited (tables "trainings", key "ID"; "training_attendance", key
 * "USCC/ID").
 */
#ifndef GAOQI_LEDGER_PUBLICITY_TRAINING_H
#define GAOQI_LEDGER_PUBLICITY_TRAINING_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/apply/outcome.h"
#include "ledger/ledger.h"

#define TRAINING_TOPIC_MAX 300
#define TRAINING_POLICIES_MAX 50

struct training_material {
	int64_t policy_id;
	const char *title;
};

struct training {
	int64_t id;
	int32_t held_on;   /* required */
	const char *topic; /* required */
	const char *organisers; /* required, e.g. "市科技局、国家税务总局曲靖市税务局" */
	const char *place;	/* NULL: online only */
	const char *online_url; /* NULL: in person only */
	const char *area;	/* the organising county's area; NULL: city-wide */
	const char *materials;	/* links or notes, one per line */
	const char *created_by;
	char created_at[21];
	char updated_at[21];
	/* materials from the policy library: written by create/update when
	 * set_policies, read back with titles */
	const int64_t *policy_ids;
	size_t n_policy_ids;
	int set_policies;
	struct training_material *policies;
	size_t n_policies;
	/* read: attending firms in the caller's scope, and those that applied since */
	int64_t attendees, applied;
};

#define TRAINING_NCOLUMNS 11
extern const struct ledger_column training_columns[TRAINING_NCOLUMNS];

void training_init(struct training *t);

/* ERR_INVALID naming the field ("培训日期不能为空", "培训主题不能为空", "须填写培训地点或线上链接",
 * "政策文件不存在：ID"), ERR_FORBIDDEN. */
int training_create(struct ledger *l, const struct training *in, struct arena *arena,
		    struct training *out, struct err *e);
int training_update(struct ledger *l, int64_t id, const struct training *in, struct arena *arena,
		    struct training *out, struct err *e);
/* Delete event ID with its attendance. */
int training_delete(struct ledger *l, int64_t id, struct err *e);
/* ERR_NOT_FOUND "培训不存在". */
int training_get(struct ledger *l, int64_t id, struct arena *arena, struct training *out,
		 struct err *e);

struct training_filter {
	int32_t from, to; /* LEDGER_NO_DATE: open */
	const char *q;	  /* topic or organisers contain */
	const char *uscc; /* NULL, or only the events this firm attended */
	int64_t offset;
	int64_t limit; /* 0 = 50, ≤ 500 */
	int want_total;
};
void training_filter_init(struct training_filter *f);

struct training_page {
	struct training *items;
	size_t n;
	int64_t total;
};

/* Events, newest first. */
int training_list(struct ledger *l, const struct training_filter *f, struct arena *arena,
		  struct training_page *out, struct err *e);

struct training_attendee {
	char uscc[19];
	const char *name, *area, *tier;
	const char *attendee; /* who came, as entered */
	const char *source;   /* "entered" or "import" */
	char recorded_at[21];
	const char
		*applied_stage; /* the stage of an application made on or after the day, or NULL */
};

/* The firms of the caller's scope that attended event ID, by name. */
int training_attendance(struct ledger *l, int64_t id, struct arena *arena,
			struct training_attendee **items, size_t *n, struct err *e);

/*
 * Record that firm USCC attended event ID (ATTENDEE: who came, may be NULL).
 * Recording it again changes nothing but the attendee when given.
 * ERR_NOT_FOUND (event; firm not in scope "企业不存在：USCC").
 */
int training_attend(struct ledger *l, int64_t id, const char *uscc, const char *attendee,
		    struct err *e);
/* Remove firm USCC's attendance of event ID (absent: no change). */
int training_unattend(struct ledger *l, int64_t id, const char *uscc, struct err *e);

/*
 * Record the sign-in sheet ROWS[0..N) (uscc, name; number = the attendee's
 * names) for event ID: each row matched by USCC, else by exact normalised
 * name (outcome_norm_name) among the firms of the scope; LIST_CHANGED a new
 * attendance, LIST_UNCHANGED already recorded (importing twice changes
 * nothing), LIST_UNMATCHED no such firm in scope. DRY_RUN rolls back. R in
 * ARENA.
 */
int training_import(struct ledger *l, int64_t id, const struct list_row *rows, size_t n,
		    int dry_run, struct arena *arena, struct list_report *r, struct err *e);

struct training_gap {
	char uscc[19];
	const char *name, *area, *tier;
};

/*
 * The firms of the caller's scope in the reserve or key pool (tier reserve
 * or key; AREA, when given, narrows) that attended no event, by area and
 * name.
 */
int training_never_attended(struct ledger *l, const char *area, struct arena *arena,
			    struct training_gap **items, size_t *n, struct err *e);

#endif
