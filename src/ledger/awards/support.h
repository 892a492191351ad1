/*
 * support — the other support a firm received (technology credit loans,
 * R&D subsidies, innovation vouchers, tax benefits, other: kind, day,
 * amount in fen, source, note), and the tax benefit estimate of an HNTE.
 *
 * Who: reading CAP_AWARDS_READ, writing CAP_SUPPORT_WRITE (a county within
 * its areas). Audited as "support_records" (row key "USCC/ID").
 */
#ifndef GAOQI_LEDGER_AWARDS_SUPPORT_H
#define GAOQI_LEDGER_AWARDS_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

enum support_kind {
	SUPPORT_CREDIT_LOAN,
	SUPPORT_RD_SUBSIDY,
	SUPPORT_VOUCHER,
	SUPPORT_TAX_BENEFIT,
	SUPPORT_OTHER,
	SUPPORT_KIND_COUNT
};
/* "credit_loan"… and "科技信贷", "研发费用补助", "创新券", "税收优惠", "其他". */
const char *support_kind_name(enum support_kind k);
const char *support_kind_label(enum support_kind k);
int support_kind_parse(const char *s, enum support_kind *out, struct err *e);

struct support_record {
	int64_t id;
	enum support_kind kind;
	int32_t granted_on;
	int64_t amount; /* fen */
	const char *source;
	const char *note;
	char created_at[21];
};

/* Add (IN->id 0; id into *ID) or replace record IN of USCC. */
int support_save(struct ledger *l, const char *uscc, const struct support_record *in, int64_t *id,
		 struct err *e);
int support_delete(struct ledger *l, const char *uscc, int64_t id, struct err *e);
/* The records of USCC, newest first. */
int support_list(struct ledger *l, const char *uscc, struct arena *arena,
		 struct support_record **items, size_t *n, struct err *e);

/*
 * The tax benefit estimate on TAXABLE (应纳税所得额 before the R&D
 * super-deduction, fen ≥ 0) and RD (the year's R&D expense, fen ≥ 0) for
 * fiscal YEAR: the super-deduction rate of the year (data: 75 % before
 * 2023, 100 % since), tax at 25 % without and at 15 % with the HNTE
 * preference and the deduction. Each tax is rounded half up to the fen.
 */
struct tax_estimate {
	int64_t taxable, rd;
	int64_t deduction_bp, deduction; /* rd × bp / 10000, rounded down */
	int64_t tax_standard;		 /* 25 % of taxable */
	int64_t tax_hnte;		 /* 15 % of max(0, taxable - deduction) */
	int64_t saving_rate;		 /* 10 % of max(0, taxable - deduction) */
	int64_t saving;			 /* tax_standard - tax_hnte */
};
int64_t support_deduction_bp(int64_t year);
void support_tax_estimate(int64_t year, int64_t taxable, int64_t rd, struct tax_estimate *out);

#endif
