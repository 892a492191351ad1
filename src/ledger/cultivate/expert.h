/*
 * expert — the expert service team (专家服务团, product C5): the profile of
 * each expert user (organisation, phone, specialities, note), the experts of
 * an enterprise, and an expert's workload counted within the caller's scope.
 * Assigning an expert to an enterprise is the register's
 * (enterprise_assign_expert, CAP_EXPERTS_ASSIGN).
 *
 * Who sees experts: CAP_EXPERTS_LIST (an expert sees only itself); the
 * experts of one enterprise are seen by whoever sees the enterprise. Who
 * edits a profile: CAP_EXPERTS_MANAGE, or the expert itself. Audited (table
 * "expert_profiles", row key the user name). Text in the caller's arena.
 */
#ifndef GAOQI_LEDGER_CULTIVATE_EXPERT_H
#define GAOQI_LEDGER_CULTIVATE_EXPERT_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

#define EXPERT_SPECIALITY_COUNT 5
/* Speciality codes ("rd_accounting", "ip", "technology", "management", "application"). */
const char *expert_speciality_name(int i);
/* Their Chinese labels ("财务与研发费用归集", …); "?" out of range. */
const char *expert_speciality_label(int i);

struct expert {
	int64_t id; /* the user's id */
	const char *username;
	const char *display_name;
	int disabled;
	const char *organisation;
	const char *phone;
	const char *specialities; /* comma-separated codes, "" when none */
	const char *note;
	/* workload within the caller's scope */
	int64_t enterprises;
	int64_t open_problems;	   /* open or in progress, on its assigned enterprises */
	int64_t visits_this_month; /* visits it took part in or recorded, this calendar month */
};

/* Every expert the caller may see, by display name. ERR_FORBIDDEN without CAP_EXPERTS_LIST. */
int expert_list(struct ledger *l, struct arena *arena, struct expert **items, size_t *n,
		struct err *e);

/* Expert ID. ERR_NOT_FOUND (no such expert, or an expert asking for another). */
int expert_get(struct ledger *l, int64_t id, struct arena *arena, struct expert *out,
	       struct err *e);

/* The experts assigned to the enterprise USCC (in scope), by display name. */
int expert_list_of(struct ledger *l, const char *uscc, struct arena *arena, struct expert **items,
		   size_t *n, struct err *e);

struct expert_firm {
	char uscc[19];
	const char *name;
	const char *area;
	const char *tier; /* code */
};

/* The enterprises in scope assigned to expert ID, by name. */
int expert_firms(struct ledger *l, int64_t id, struct arena *arena, struct expert_firm **items,
		 size_t *n, struct err *e);

/*
 * Set the profile of expert ID from IN's organisation (≤ 200 bytes), phone
 * (≤ 50), specialities (comma-separated known codes, each once) and note
 * (≤ 1000); NULL members keep what is stored. Errors: ERR_NOT_FOUND,
 * ERR_FORBIDDEN, ERR_INVALID (field named).
 */
int expert_update(struct ledger *l, int64_t id, const struct expert *in, struct err *e);

#endif
