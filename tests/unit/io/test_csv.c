/* Tests of io/csv: RFC 4180 records, encodings as Excel saves them, caps, the writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "io/csv.h"

/* Records joined as "a|b;c|d;" so that a case states its whole result in one string. */
static int collect(void *ctx, size_t record, const struct csv_field *f, size_t n, struct err *e)
{
	(void)record;
	(void)e;
	struct strbuf *sb = ctx;
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addc(sb, '|');
		strbuf_add(sb, f[i].s, f[i].n);
		/* every field is NUL-terminated */
		assert_int_equal(f[i].s[f[i].n], '\0');
	}
	strbuf_addc(sb, ';');
	return 0;
}

struct read_case {
	const char *in;
	int rc;
	const char *out;
	enum csv_encoding enc;
	const char *why;
};

static const struct read_case read_cases[] = {
	{"a,b\nc,d\n", 0, "a|b;c|d;", CSV_UTF8, "two records with LF"},
	{"a,b\r\nc,d\r\n", 0, "a|b;c|d;", CSV_UTF8, "CRLF as Excel writes"},
	{"a,b\rc,d", 0, "a|b;c|d;", CSV_UTF8, "lone CR (old Mac) and no final newline"},
	{"\"a,1\",\"say \"\"hi\"\"\"\n", 0, "a,1|say \"hi\";", CSV_UTF8,
	 "separator and doubled quotes inside quotes"},
	{"\"line1\nline2\",x\n", 0, "line1\nline2|x;", CSV_UTF8, "a line break inside quotes"},
	{"a,,c\n", 0, "a||c;", CSV_UTF8, "an empty field in the middle"},
	{"a,b,\n", 0, "a|b|;", CSV_UTF8, "a trailing empty field"},
	{"\n", 0, ";", CSV_UTF8, "a blank line is one empty field"},
	{"", 0, "", CSV_UTF8, "an empty input has no record"},
	{"ab\"c,d\n", 0, "ab\"c|d;", CSV_UTF8, "a quote inside an unquoted field stays"},
	{"\"ab\"c,d\n", 0, "abc|d;", CSV_UTF8, "text after a closing quote is kept (Excel)"},
	{"\"abc\n", ERR_INVALID, "", CSV_UTF8, "an unterminated quote is an error"},
	{"\xef\xbb\xbf企业,代码\n", 0, "企业|代码;", CSV_UTF8_BOM, "the UTF-8 mark is dropped"},
	{"\xc6\xf3\xd2\xb5\xc3\xfb\xb3\xc6,1\n", 0, "企业名称|1;", CSV_GB18030,
	 "GBK bytes of 企业名称 are converted"},
	{"\xff\xfe\x61\x00", ERR_INVALID, "", CSV_UTF8, "UTF-16 is refused"},
};

static void test_read_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof read_cases / sizeof read_cases[0]; i++) {
		const struct read_case *c = &read_cases[i];
		struct strbuf sb;
		strbuf_init(&sb, 0);
		struct err e;
		err_clear(&e);
		enum csv_encoding enc = (enum csv_encoding) - 1;
		int rc = csv_read_mem(c->in, strlen(c->in), NULL, collect, &sb, &enc, &e);
		if (rc != c->rc)
			fail_msg("%s: rc %d, expected %d (%s)", c->why, rc, c->rc, e.msg);
		if (rc == 0 && strcmp(strbuf_cstr(&sb), c->out))
			fail_msg("%s: got \"%s\", expected \"%s\"", c->why, strbuf_cstr(&sb),
				 c->out);
		if (rc == 0 && enc != c->enc)
			fail_msg("%s: encoding %d, expected %d", c->why, (int)enc, (int)c->enc);
		if (rc)
			assert_true(e.msg[0] != '\0');
		strbuf_cleanup(&sb);
	}
}

/* Errors name the record as a spreadsheet shows it (a quoted line break stays in its row). */
static void test_error_names_row(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		const char *msg;
		const char *why;
	} cases[] = {
		{"h\n\"x\ny\"\nz,\"open\nmore\n", "第3行：引号未闭合",
		 "quote opened in record 3 (physical line 4) and never closed"},
		{"\xef\xbb\xbf"
		 "a\n\nc\xff\n",
		 "第3行不是有效的 UTF-8",
		 "a BOM file with a bad byte in record 3, after a blank record"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct strbuf sb;
		strbuf_init(&sb, 0);
		struct err e;
		err_clear(&e);
		int rc = csv_read_mem(cases[i].in, strlen(cases[i].in), NULL, collect, &sb, NULL,
				      &e);
		if (rc != ERR_INVALID || !strstr(e.msg, cases[i].msg))
			fail_msg("%s: rc %d, %s", cases[i].why, rc, e.msg);
		strbuf_cleanup(&sb);
	}
}

/* A GB18030 file whose Chinese characters straddle the 64 KiB chunk boundary. */
static void test_gb18030_across_chunks(void **state)
{
	(void)state;
	struct strbuf in, out;
	strbuf_init(&in, 0);
	strbuf_init(&out, 0);
	/* 企 = C6 F3 in GBK; an odd prefix puts a pair across every chunk edge */
	strbuf_addc(&in, 'x');
	for (int i = 0; i < 50000; i++)
		strbuf_add(&in, "\xc6\xf3", 2);
	strbuf_addc(&in, '\n');
	FILE *f = tmpfile();
	assert_non_null(f);
	fwrite(in.buf, 1, in.len, f);
	rewind(f);
	enum csv_encoding enc;
	struct err e;
	err_clear(&e);
	struct csv_limits lim = {.max_field = 1 << 20, .max_record = 1 << 20};
	assert_int_equal(csv_read_file(f, &lim, collect, &out, &enc, &e), 0);
	assert_int_equal(enc, CSV_GB18030);
	/* 'x' + 50,000 × 3 UTF-8 bytes + ';' */
	assert_int_equal(out.len, 1 + 150000 + 1);
	assert_memory_equal(out.buf + 1, "企", 3);
	assert_memory_equal(out.buf + out.len - 4, "企;", 4);
	fclose(f);
	strbuf_cleanup(&in);
	strbuf_cleanup(&out);
}

/* The number of records and the text of the last one, as "a|b". */
struct last_record {
	size_t records;
	struct strbuf last;
};

static int keep_last(void *ctx, size_t record, const struct csv_field *f, size_t n, struct err *e)
{
	(void)e;
	struct last_record *lr = ctx;
	lr->records = record;
	strbuf_reset(&lr->last);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addc(&lr->last, '|');
		strbuf_add(&lr->last, f[i].s, f[i].n);
	}
	return 0;
}

/*
 * The encoding stays open while the input is ASCII and is decided by the first
 * non-ASCII bytes, however far into the file (Excel's GB18030 "CSV (逗号分隔)"
 * of a ledger whose first Chinese text is in row 7,001). Input: HEAD, then
 * ROWS lines "abcdefghi\n" (10 bytes each), then PAD, then TAIL.
 */
struct late_case {
	const char *head;
	int rows;
	const char *pad;
	const char *tail;
	int rc;
	enum csv_encoding enc;
	size_t records;	 /* on success: records read */
	const char *out; /* on success: the last record; on error: in the message */
	const char *why;
};

static const struct late_case late_cases[] = {
	{"", 7000, "", "\xc6\xf3\xd2\xb5,1\n", 0, CSV_GB18030, 7001, "企业|1",
	 "70,000 ASCII bytes then GBK 企业 in record 7001 → GB18030, text 企业"},
	{"", 7000, "", "企业,1\n", 0, CSV_UTF8, 7001, "企业|1",
	 "70,000 ASCII bytes then UTF-8 企业 in record 7001 → UTF-8"},
	{"", 7000, "", "", 0, CSV_UTF8, 7000, "abcdefghi", "pure ASCII, 7000 records → UTF-8"},
	{"", 6553, "abcde", "\xc6\xf3\n", 0, CSV_GB18030, 6554, "abcde企",
	 "first non-ASCII is GBK 企 cut by the 64 KiB chunk edge (C6 | F3) → GB18030"},
	{"", 6553, "abcde", "\xe4\xbc\x81\n", 0, CSV_UTF8, 6554, "abcde企",
	 "first non-ASCII is UTF-8 企 cut by the 64 KiB chunk edge (E4 | BC 81) → UTF-8"},
	{"", 6553, "abcdef", "\xc6\xf3\n", 0, CSV_GB18030, 6554, "abcdef企",
	 "GBK 企 as the first bytes of the second chunk → GB18030"},
	{"代码\n陆良绿源生物科技有限公司\n", 7000, "", "x\xb0y\n", ERR_INVALID, CSV_UTF8, 0,
	 "第7003行不是有效的 UTF-8",
	 "UTF-8 Chinese in record 2, stray B0 in record 7003 (second chunk) → error row 7003"},
	{"代码\n陆良绿源生物科技有限公司\nx\xb0y\n", 0, "", "", ERR_INVALID, CSV_UTF8, 0,
	 "第3行不是有效的 UTF-8",
	 "12 UTF-8 characters then a stray B0 in the same chunk → still UTF-8, error row 3"},
	{"", 7000, "", "\xff\xff\n", ERR_INVALID, CSV_GB18030, 0, "第7001行：无法识别的字符编码",
	 "70,000 ASCII bytes then FF FF (neither UTF-8 nor GB18030) → error row 7001"},
	{"", 7000, "", "\xc6", ERR_INVALID, CSV_GB18030, 0, "第7001行",
	 "a lone GBK lead byte at the end of the file → error row 7001"},
};

static void test_encoding_decided_late(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof late_cases / sizeof late_cases[0]; i++) {
		const struct late_case *c = &late_cases[i];
		struct strbuf in;
		strbuf_init(&in, 0);
		strbuf_adds(&in, c->head);
		for (int k = 0; k < c->rows; k++)
			strbuf_adds(&in, "abcdefghi\n");
		strbuf_adds(&in, c->pad);
		strbuf_adds(&in, c->tail);
		/* both entry points: memory and a file read in chunks */
		for (int from_file = 0; from_file < 2; from_file++) {
			struct last_record lr = {0};
			strbuf_init(&lr.last, 0);
			struct err e;
			err_clear(&e);
			enum csv_encoding enc = (enum csv_encoding) - 1;
			int rc;
			if (from_file) {
				FILE *f = tmpfile();
				assert_non_null(f);
				assert_int_equal(fwrite(in.buf, 1, in.len, f), in.len);
				rewind(f);
				rc = csv_read_file(f, NULL, keep_last, &lr, &enc, &e);
				fclose(f);
			} else {
				rc = csv_read_mem(in.buf, in.len, NULL, keep_last, &lr, &enc, &e);
			}
			if (rc != c->rc)
				fail_msg("%s (file %d): rc %d, expected %d (%s)", c->why, from_file,
					 rc, c->rc, e.msg);
			if (enc != c->enc)
				fail_msg("%s (file %d): encoding %d, expected %d", c->why,
					 from_file, (int)enc, (int)c->enc);
			if (rc == 0 &&
			    (lr.records != c->records || strcmp(strbuf_cstr(&lr.last), c->out)))
				fail_msg("%s (file %d): %zu records, last \"%s\"; expected %zu, "
					 "\"%s\"",
					 c->why, from_file, lr.records, strbuf_cstr(&lr.last),
					 c->records, c->out);
			if (rc && !strstr(e.msg, c->out))
				fail_msg("%s (file %d): message \"%s\" lacks \"%s\"", c->why,
					 from_file, e.msg, c->out);
			strbuf_cleanup(&lr.last);
		}
		strbuf_cleanup(&in);
	}
}

static void test_caps(void **state)
{
	(void)state;
	struct csv_limits lim = {.max_field = 4, .max_fields = 3, .max_rows = 2};
	struct strbuf out;
	strbuf_init(&out, 0);
	struct err e;
	err_clear(&e);
	assert_int_equal(csv_read_mem("abcd,x\n", 7, &lim, collect, &out, NULL, &e), 0);
	assert_int_equal(csv_read_mem("abcde\n", 6, &lim, collect, &out, NULL, &e), ERR_TOO_BIG);
	assert_non_null(strstr(e.msg, "第1行第1列"));
	assert_int_equal(csv_read_mem("a,b,c,d\n", 8, &lim, collect, &out, NULL, &e), ERR_TOO_BIG);
	assert_int_equal(csv_read_mem("a\nb\nc\n", 6, &lim, collect, &out, NULL, &e), ERR_TOO_BIG);
	strbuf_cleanup(&out);
}

static int stop_at_2(void *ctx, size_t record, const struct csv_field *f, size_t n, struct err *e)
{
	(void)ctx;
	(void)f;
	(void)n;
	if (record == 2)
		return err_set(e, ERR_CONFLICT, NULL, "stop");
	return 0;
}

static void test_callback_stops(void **state)
{
	(void)state;
	struct err e;
	err_clear(&e);
	assert_int_equal(csv_read_mem("a\nb\nc\n", 6, NULL, stop_at_2, NULL, NULL, &e),
			 ERR_CONFLICT);
}

struct write_case {
	const char *field;
	const char *out;
};

static const struct write_case write_cases[] = {
	{"plain", "plain"},	  {"a,b", "\"a,b\""},	{"say \"hi\"", "\"say \"\"hi\"\"\""},
	{"l1\nl2", "\"l1\nl2\""}, {" pad", "\" pad\""}, {"", ""},
	{"企业", "企业"},
};

static void test_write_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof write_cases / sizeof write_cases[0]; i++) {
		struct strbuf sb;
		strbuf_init(&sb, 0);
		csv_write_field(&sb, write_cases[i].field, strlen(write_cases[i].field), 1);
		assert_string_equal(strbuf_cstr(&sb), write_cases[i].out);
		strbuf_cleanup(&sb);
	}
}

/* What the writer writes, the reader reads back unchanged. */
static void test_round_trip(void **state)
{
	(void)state;
	static const char *const fields[] = {"统一社会信用代码", "a,b", "q\"q", "l1\r\nl2", ""};
	struct strbuf sb, out;
	strbuf_init(&sb, 0);
	strbuf_init(&out, 0);
	csv_write_bom(&sb);
	for (size_t i = 0; i < 5; i++)
		csv_write_field(&sb, fields[i], strlen(fields[i]), i == 0);
	csv_write_eol(&sb);
	enum csv_encoding enc;
	assert_int_equal(csv_read_mem(sb.buf, sb.len, NULL, collect, &out, &enc, NULL), 0);
	assert_int_equal(enc, CSV_UTF8_BOM);
	assert_string_equal(strbuf_cstr(&out), "统一社会信用代码|a,b|q\"q|l1\r\nl2|;");
	strbuf_cleanup(&sb);
	strbuf_cleanup(&out);
}

/* The committed fixture saved as GB18030 reads as the same text as the UTF-8 one. */
static void test_fixture_files(void **state)
{
	(void)state;
	static const char *const files[] = {"ledger_gb18030.csv", "ledger_utf8bom.csv"};
	static const enum csv_encoding encs[] = {CSV_GB18030, CSV_UTF8_BOM};
	struct strbuf got[2];
	for (size_t i = 0; i < 2; i++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/tests/data/io/%s", GAOQI_SOURCE_DIR, files[i]);
		FILE *f = fopen(path, "rb");
		assert_non_null(f);
		strbuf_init(&got[i], 0);
		enum csv_encoding enc;
		assert_int_equal(csv_read_file(f, NULL, collect, &got[i], &enc, NULL), 0);
		assert_int_equal(enc, encs[i]);
		fclose(f);
	}
	assert_string_equal(strbuf_cstr(&got[0]), strbuf_cstr(&got[1]));
	assert_non_null(strstr(strbuf_cstr(&got[0]), "陆良绿源生物科技有限公司，\"绿源\""));
	strbuf_cleanup(&got[0]);
	strbuf_cleanup(&got[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_table),
		cmocka_unit_test(test_error_names_row),
		cmocka_unit_test(test_gb18030_across_chunks),
		cmocka_unit_test(test_encoding_decided_late),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_write_table),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_fixture_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
