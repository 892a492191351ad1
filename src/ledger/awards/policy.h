/*
 * policy — award policies (奖补政策, product C8) as data, versioned by year.
 *
 * A policy of year Y names its issuing document (文号), the kind of event it
 * rewards (first recognition, re-recognition, an HNTE relocated into the
 * city, a TSME registration, a leader enterprise, other), and its amount:
 * a flat amount in fen, or tiers by a band of the firm's R&D expense or
 * revenue of year Y - 1 (the tier with the largest minimum ≤ the value;
 * below the lowest, or without the figure, the firm does not qualify).
 *
 * The split between the city and the county budget: the county part is
 * county_bp basis points of the amount, rounded down to the fen, and the
 * city part the remainder (so the parts always sum to the amount); an area
 * may replace that with its own basis points or a fixed county part (at
 * most the amount).
 *
 * Who: reading needs CAP_AWARDS_READ, writing CAP_AWARDS_MANAGE. Audited as
 * table "award_policies" (row key "YEAR/ID").
 */
#ifndef GAOQI_LEDGER_AWARDS_POLICY_H
#define GAOQI_LEDGER_AWARDS_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

enum award_kind {
	AWARD_FIRST_RECOGNITION,
	AWARD_RE_RECOGNITION,
	AWARD_RELOCATION,
	AWARD_TSME_REGISTRATION,
	AWARD_LEADER,
	AWARD_OTHER,
	AWARD_KIND_COUNT
};

enum award_band { AWARD_BAND_NONE, AWARD_BAND_RD, AWARD_BAND_REVENUE, AWARD_BAND_COUNT };

/* Codes ("first_recognition", …) and labels ("首次认定奖励", …); "?" out of range. */
const char *award_kind_name(enum award_kind k);
const char *award_kind_label(enum award_kind k);
int award_kind_parse(const char *s, enum award_kind *out, struct err *e);
/* "none", "rd_expense", "revenue" and "固定金额", "按研发费用分档", "按营业收入分档". */
const char *award_band_name(enum award_band b);
const char *award_band_label(enum award_band b);
int award_band_parse(const char *s, enum award_band *out, struct err *e);

#define AWARD_AMOUNT_MAX 100000000000LL /* 10 亿元 in fen: keeps products with 10000 exact */
#define AWARD_TIERS_MAX 20
#define AWARD_SPLITS_MAX 32

struct award_tier {
	int64_t min_value; /* fen of the band value */
	int64_t amount;	   /* fen */
};

struct award_split {
	char area[17];
	int64_t county_bp;    /* LEDGER_NONE when a fixed part */
	int64_t county_fixed; /* LEDGER_NONE when basis points */
};

struct award_policy {
	int64_t id;
	int64_t year;
	const char *name;
	const char *doc_no;
	enum award_kind kind;
	int64_t amount; /* fen, when band is NONE */
	enum award_band band;
	int64_t county_bp;
	int active;
	const char *note;
	struct award_tier *tiers; /* ascending min_value */
	size_t n_tiers;
	struct award_split *splits;
	size_t n_splits;
	char created_at[21];
	char updated_at[21];
};

void award_policy_init(struct award_policy *p);

/*
 * Create (IN->id 0) or replace policy IN with its tiers and splits; its id
 * into *ID (may be NULL). A policy whose lines were approved keeps them:
 * the change shows in the next run. Errors: ERR_FORBIDDEN, ERR_NOT_FOUND,
 * ERR_CONFLICT (a policy of that name in that year), ERR_INVALID naming the
 * field ("tiers[2].amount", …).
 */
int award_policy_save(struct ledger *l, const struct award_policy *in, int64_t *id, struct err *e);
/* Delete policy ID; ERR_CONFLICT when it has award lines (deactivate it instead). */
int award_policy_delete(struct ledger *l, int64_t id, struct err *e);
int award_policy_get(struct ledger *l, int64_t id, struct arena *arena, struct award_policy *out,
		     struct err *e);
/* The policies of YEAR (0: all), by year descending, then id. */
int award_policy_list(struct ledger *l, int64_t year, struct arena *arena,
		      struct award_policy **items, size_t *n, struct err *e);

/*
 * The amount P gives for the band value VALUE (fen, LEDGER_NONE when not
 * known): the flat amount, or the tier's; -1 when the firm does not qualify.
 */
int64_t award_policy_amount(const struct award_policy *p, int64_t value);
/* Split AMOUNT of P for AREA: county part rounded down, the city part the remainder. */
void award_policy_split(const struct award_policy *p, const char *area, int64_t amount,
			int64_t *city, int64_t *county);

#endif
