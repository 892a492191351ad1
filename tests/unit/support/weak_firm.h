/*
 * A weak firm for the casework tests: three fiscal years before this one
 * with 5 S&T staff of 100 (C4 fails), R&D 100,000.00 of 10,000,000.00 sales
 * (C5 fails), 80% high-tech income, one invention patent (2022-03-01).
 * Needs ledger_fixture.h and cmocka.
 */
#ifndef GAOQI_TESTS_WEAK_FIRM_H
#define GAOQI_TESTS_WEAK_FIRM_H

#include "ledger/records/indicator.h"
#include "ledger/records/ip.h"
#include "support/ledger_fixture.h"

/* Firm USCC fails C4 (5 of 100 staff), C5 (R&D 1% of sales) and the score. */
static inline void store_weak_firm(struct fixture *f, const char *uscc)
{
	int y0 = date_year(date_today());
	for (int y = y0 - 3; y < y0; y++) {
		struct indicator in;
		indicator_init(&in, y);
		in.staff = 10000;
		in.st_staff = 500;
		in.sales_main = 1000000000LL;
		in.sales_other = 0;
		in.gross_income = 1000000000LL;
		in.non_taxable_income = 0;
		in.hitech_income = 800000000LL;
		in.rd_personnel = 10000000LL;
		assert_int_equal(indicator_upsert(&f->sys, uscc, &in, NULL, NULL), 0);
	}
	struct ip_item it;
	ip_item_init(&it);
	it.kind = "invention_patent";
	it.number = "ZL202010000001.0";
	it.granted_on = date_from_ymd(2022, 3, 1);
	assert_int_equal(ip_add(&f->sys, uscc, &it, NULL, NULL), 0);
}

#endif
