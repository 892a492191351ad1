/*
 * colmap — header text → canonical field of the ledger (product.md C1, C2).
 *
 * County ledgers name their columns freely: "统一社会信用代码" or "信用代码",
 * "县（市、区）" or "所属区域", "销售收入（万元）" or "营业收入(元)". A header is
 * normalised before it is looked up: white space (ASCII, U+3000, line breaks
 * inside a cell) is removed, full-width ASCII (（）：，Ａ１) becomes half-width,
 * 【】〔〕［］ become round brackets, ASCII is lower-cased, '*' marks of
 * required columns are dropped. A money column may carry its unit — "（万元）",
 * "(元)", "（单位：万元）" or a bare trailing "万元"/"元" — which sets the unit of
 * that column (元 otherwise). Columns may come in any order.
 *
 * The tables are static and read-only: thread-safe.
 */
#ifndef GAOQI_IO_COLMAP_H
#define GAOQI_IO_COLMAP_H

#include <stddef.h>

#include "core/err.h"
#include "core/money.h"
#include "core/strbuf.h"

enum colmap_field {
	/* the enterprise (C1) */
	COL_USCC,
	COL_NAME,
	COL_AREA,
	COL_ADDRESS,
	COL_REGISTERED_ON,
	COL_LEGAL_REP,
	COL_CONTACT_NAME,
	COL_CONTACT_PHONE,
	COL_INDUSTRY,
	COL_FIELD,
	COL_MAIN_PRODUCTS,
	COL_ABOVE_SCALE,
	COL_LISTED,
	COL_TAGS,
	COL_TIER,
	COL_EXIT_REASON,
	COL_HNTE_CERT_NO,
	COL_HNTE_ISSUED_ON,
	COL_HNTE_EXPIRES_ON,
	COL_HNTE_BATCH,
	COL_TSME_REG_NO,
	COL_TSME_YEAR,
	COL_COUNTY_CONTACT,
	COL_CAPITAL, /* 注册资本 with its unit and currency */
	COL_TAX_NO,  /* 纳税人识别号 beside the credit code: compared, never stored */
	COL_STATUS,  /* 经营状态: a closed firm is not imported */
	/* the annual indicators (C2) */
	COL_YEAR,
	COL_STAFF,
	COL_ST_STAFF,
	COL_SALES,
	COL_SALES_MAIN,
	COL_SALES_OTHER,
	COL_GROSS_INCOME,
	COL_NON_TAXABLE_INCOME,
	COL_HITECH_INCOME,
	COL_RD_TOTAL,
	COL_RD_DOMESTIC,
	COL_RD_PERSONNEL,
	COL_RD_DIRECT,
	COL_RD_DEPRECIATION,
	COL_RD_AMORTIZATION,
	COL_RD_DESIGN,
	COL_RD_TRIALS,
	COL_RD_OTHER,
	COL_RD_ENTRUSTED_DOMESTIC,
	COL_RD_ENTRUSTED_OVERSEAS,
	COL_TOTAL_ASSETS,
	COL_TOTAL_LIABILITIES,
	COL_COST_EXPENSE_TOTAL,
	COL_CONVERSIONS,
	COL_INCIDENT,
	COL_COUNT
};

/* How a column's text is read. */
enum colmap_kind {
	COLK_TEXT,    /* free text */
	COLK_USCC,    /* 18-character credit code */
	COLK_DATE,    /* a date: 2023-05-20, 2023/5/20, 2023.5.20, 2023年5月20日 */
	COLK_MONEY,   /* an amount in 元 or 万元 (the column's unit) */
	COLK_COUNT,   /* head count, ≤ 2 decimals */
	COLK_INT,     /* a whole number (year, conversions) */
	COLK_BOOL,    /* 是/否, Y/N, TRUE/FALSE, 1/0 */
	COLK_TIER,    /* tier code or Chinese label */
	COLK_AREA,    /* area code or name */
	COLK_FIELD,   /* technology-field code or name */
	COLK_CAPITAL, /* registered capital "1000万元人民币" (io/registry.h) */
	COLK_TAX_NO,  /* a tax number, compared with the credit code */
	COLK_STATUS,  /* an operating status (经营状态) */
};

struct colmap_def {
	const char *key;   /* English name, as in the JSON API ("sales_main") */
	const char *label; /* canonical Chinese header, with its unit ("销售收入（元）") */
	enum colmap_kind kind;
	int indicator;		     /* 1 for a per-year indicator (C2) */
	const char *help;	     /* one line for the template's explanation sheet */
	const char *const *synonyms; /* normalised names, NULL-terminated */
};

/* The definition of F (static). F must be < COL_COUNT. */
const struct colmap_def *colmap_def(enum colmap_field f);

/*
 * Normalise the header (S, N) into OUT (reset first) as described above,
 * without removing a unit. 0 or ERR_TOO_BIG (a header over 1 KiB).
 */
int colmap_normalize(const char *s, size_t n, struct strbuf *out);

/*
 * The field the header (S, N) names, or -1 when none. *UNIT (may be NULL)
 * receives the unit a money header carries (MONEY_YUAN when none).
 */
int colmap_lookup(const char *s, size_t n, enum money_unit *unit);

/* A cell of the header row. */
struct colmap_cell {
	const char *s;
	size_t n;
};

#define COLMAP_MAX_UNKNOWN 64

struct colmap {
	long col[COL_COUNT];		     /* 0-based column of each field, -1 when absent */
	enum money_unit unit[COL_COUNT];     /* for money columns */
	unsigned char unit_given[COL_COUNT]; /* the header names the unit ("（万元）") */
	size_t nmapped;			     /* fields found */
	size_t unknown[COLMAP_MAX_UNKNOWN];  /* columns with a header that names no field */
	size_t nunknown;		     /* how many (capped at COLMAP_MAX_UNKNOWN) */
	size_t ignored[COLMAP_MAX_UNKNOWN];  /* registry columns ignored on purpose (colmap_ignored)
					      */
	size_t nignored;
	int has_indicator; /* some indicator column is present */
};

/*
 * 1 when the header (S, N) is a column of enterprise-registry exports that
 * the ledger keeps no field for and an import ignores on purpose: 所属省份,
 * 所属城市, 注册号, 组织机构代码, 经营范围 (not the 主要产品 of the ledger:
 * the licensed scope of business, not what the firm makes), 企业类型 (the
 * ledger has no field for the legal form), 实缴资本, 登记机关, 核准日期,
 * 营业期限, 英文名称, 曾用名, 参保人数, 邮箱, 网址, 更多电话 and the like.
 */
int colmap_ignored(const char *s, size_t n);

/*
 * Map the header row CELLS (N cells) into M. Empty header cells are ignored.
 * Errors (ERR_INVALID, field naming the column as "第3列"):
 * a field named by two columns ("第5列“营业收入”与第3列“销售收入”都表示销售收入");
 * "销售收入" together with "主营业务收入" or "其他业务收入".
 * Unknown headers are not an error: they are listed in M->unknown, and the
 * registry columns of colmap_ignored in M->ignored. A tax-number column
 * (纳税人识别号, 税号) beside the credit code is COL_TAX_NO; alone, it is
 * the credit code column (before the 2015 reform the two were one).
 */
int colmap_build(struct colmap *m, const struct colmap_cell *cells, size_t n, struct err *e);

/*
 * Check that M has what an import needs: the USCC column, and the year
 * column when any indicator column is present. ERR_INVALID with a Chinese
 * message naming the missing column.
 */
int colmap_check_required(const struct colmap *m, struct err *e);

/* Column letters of the 0-based COL ("A", "AB") into OUT (≥ 4 bytes); returns OUT. */
char *colmap_col_name(size_t col, char out[8]);

#endif
