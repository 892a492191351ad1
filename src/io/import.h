/*
 * import — the import use case (product.md C10): a county's ledger file
 * (.xlsx from Excel, WPS, LibreOffice; .csv in UTF-8 or GB18030) → validated
 * records → one ledger/intake call per row (ledger/intake/intake.h), all in
 * ONE transaction. This module keeps to the file: opened once, header and
 * columns mapped, cells turned into typed rows, issues named by row and
 * column, the report.
 *
 * The file type is recognised by its first bytes (a ZIP is an .xlsx; an old
 * .xls is refused with advice). The header row is the row, among the first
 * 20, that names the most known columns (see colmap.h) including the USCC
 * column; a second header row right below it (a two-row header with merged
 * cells) replaces it. Blank rows are skipped.
 *
 * Each data row is parsed and validated (USCC check character, dates,
 * amounts in the column's unit, head counts, area by name or code, field by
 * code or name, tier by code or label, year between 1990 and this year, then
 * the ledger's own validation such as S&T staff ≤ staff) and applied at once
 * inside the open transaction: the enterprise is created, or updated with the
 * columns the file has (an empty cell keeps the stored value), and the year's
 * indicators likewise; upserts are keyed by USCC and (USCC, year), so
 * importing the same file twice changes nothing. Every change is audited
 * with the source "import:FILENAME". A bad row is undone alone (savepoint)
 * and reported with its row number, column and Chinese reason.
 *
 * Registry exports (企查查-style lists saved by WPS) import as they are:
 * beside 统一社会信用代码 a 纳税人识别号/税号 column is only compared — an
 * 18-character number that differs is a warning naming both, a 15- or
 * 20-character old tax number is ignored; a row whose 经营状态 is 注销,
 * 吊销, 撤销, 停业, 歇业 or 责令关闭 is a warning (a closed firm) and is not
 * imported (counted in closed_rows); 注册资本 is read with its unit and
 * currency (io/registry.h); the registry columns the ledger keeps no field
 * for (企业类型, 经营范围, 注册号, …, colmap_ignored) are listed as ignored.
 * A new enterprise whose row has no area takes O->area when given, else
 * the area named by its credit code's registration-authority code
 * (characters 3–8, an area's code or old code) or by an area name in its
 * address — listed in the report's inferred areas for the clerk to
 * confirm, never silently; when neither decides, the row is refused as a
 * row without area, saying why. A stored enterprise keeps its area.
 *
 * At the end the transaction is committed only when not a dry run and either
 * no row was bad or skip_invalid was asked; otherwise it is rolled back, so
 * the database is exactly as before (also when the process is killed
 * midway). A dry run therefore reports exact new/changed/unchanged counts.
 *
 * Memory does not grow with the number of rows (rows stream; only the first
 * max_issues problems are kept in the report).
 */
#ifndef GAOQI_IO_IMPORT_H
#define GAOQI_IO_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/strbuf.h"
#include "ledger/ledger.h"

/* Progress: DONE rows of about TOTAL (0 when unknown). */
typedef void (*import_progress_fn)(void *ctx, uint64_t done, uint64_t total);

struct import_options {
	int dry_run;	      /* validate and count, write nothing */
	int skip_invalid;     /* apply the good rows even when some are bad */
	const char *sheet;    /* worksheet name (xlsx); NULL = the first worksheet */
	const char *filename; /* name shown in the audit source "import:NAME" (NULL: "-") */
	/*
	 * The area (code or name) of new enterprises whose row has none, checked
	 * against the caller's scope. NULL: such an area is inferred from the
	 * credit code or the address, and listed in the report's inferred areas.
	 */
	const char *area;
	size_t max_issues; /* problems kept in the report (0 = 1000) */
	import_progress_fn progress;
	void *progress_ctx;
};

/* One problem of one row. */
struct import_issue {
	size_t row;	   /* row number as the spreadsheet shows it (header row = its number) */
	char column[96];   /* the column's header text as in the file ("" for the whole row) */
	char message[400]; /* Chinese reason */
};

/* A row whose area was inferred (a new enterprise without area, no default area). */
struct import_inferred {
	size_t row;
	char uscc[19];
	char name[160]; /* the enterprise's name as in the file (cut on a character) */
	char area[17];	/* the area code taken */
	char area_name[97];
	char basis[16];	    /* "uscc", "address" or "uscc+address" */
	char evidence[200]; /* Chinese: what named the area */
};

struct import_report {
	char format[8];	   /* "xlsx" or "csv" */
	char encoding[32]; /* csv: "UTF-8", "UTF-8（带BOM）", "GB18030"; xlsx: "" */
	char sheet[128];   /* xlsx: the worksheet read */
	size_t header_row; /* row number of the header */
	size_t rows;	   /* data rows read (blank rows not counted) */
	size_t valid_rows; /* rows applied (or that would be) */
	size_t invalid_rows;
	size_t ent_new, ent_changed, ent_unchanged; /* enterprises */
	size_t ind_new, ind_changed, ind_unchanged; /* indicator years */
	char unknown_columns[1024]; /* headers that name no field, "、"-separated ("" when none) */
	char ignored_columns[1024]; /* registry columns ignored on purpose (colmap_ignored),
				       likewise */
	size_t closed_rows; /* rows of closed firms (经营状态 注销/吊销/…): warned, not imported */
	char area[17]; /* the default area given (import_options.area), "" when none */
	char area_name[97];
	int committed;		     /* 1 when the changes were written */
	struct import_issue *issues; /* malloc'd; import_report_cleanup frees it */
	size_t nissues;
	size_t issues_dropped; /* problems beyond max_issues, counted only */
	/* warnings: rows imported (or skipped as closed) with something to check */
	struct import_issue *warnings; /* malloc'd */
	size_t nwarnings;
	size_t warnings_dropped;
	struct import_inferred *inferred; /* malloc'd: new enterprises given an inferred area */
	size_t ninferred;
	size_t inferred_dropped;
};

/*
 * Import the file at PATH into the database of L (whose scope applies: a
 * county user imports only enterprises of its areas). Fills *R (clean it up
 * with import_report_cleanup, also after a failure). Returns 0 when the file
 * was read to the end — check R->invalid_rows and R->committed —, or a
 * negative ERR_* for what stops an import as a whole: ERR_FORBIDDEN (only
 * admin, city and county users import), ERR_IO (cannot read),
 * ERR_INVALID (not a spreadsheet, no header, a duplicated or missing
 * column, no such sheet, an unknown area in O->area), ERR_FORBIDDEN (also
 * O->area outside a county user's areas), ERR_TOO_BIG (a cap), ERR_DB (the
 * database failed; nothing is written). L->source is set to "import:NAME"
 * during the call.
 */
int import_file(struct ledger *l, const char *path, const struct import_options *o,
		struct import_report *r, struct err *e);

/* As import_file on the bytes (P, N) of an uploaded file. */
int import_mem(struct ledger *l, const void *p, size_t n, const struct import_options *o,
	       struct import_report *r, struct err *e);

/* Free what R holds and zero it. NULL-safe. */
void import_report_cleanup(struct import_report *r);

/*
 * Append R as a JSON object: {"format","encoding","sheet","header_row","rows",
 * "valid_rows","invalid_rows","enterprises":{"new","changed","unchanged"},
 * "indicators":{…},"unknown_columns":[…],"ignored_columns":[…],
 * "closed_rows","area":{"code","name"}|null,"committed","dry_run",
 * "issues":[{"row","column","message"}],"issues_dropped",
 * "warnings":[{"row","column","message"}],"warnings_dropped",
 * "inferred_areas":[{"row","uscc","name","area","area_name","basis",
 * "evidence"}],"inferred_dropped"}. 0 or ERR_TOO_BIG.
 */
int import_report_json(const struct import_report *r, int dry_run, struct strbuf *sb);

#endif
