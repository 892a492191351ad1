/* Tests of core/strbuf and core/arena: growth, the hard cap, ownership, JSON escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/strbuf.h"

static void test_cap_is_hard(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb, 8);
	assert_int_equal(strbuf_adds(&sb, "12345678"), 0);
	assert_int_equal(strbuf_addc(&sb, '9'), ERR_TOO_BIG);
	assert_int_equal(sb.len, 8);
	assert_string_equal(strbuf_cstr(&sb), "12345678");
	strbuf_cleanup(&sb);
}

static void test_addf_long_and_take(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	assert_string_equal(strbuf_cstr(&sb), "");
	for (int i = 0; i < 100; i++)
		strbuf_addf(&sb, "%0300d", i);
	assert_int_equal(sb.len, 30000);
	size_t len;
	char *p = strbuf_take(&sb, &len);
	assert_int_equal(len, 30000);
	assert_int_equal(strlen(p), 30000);
	assert_null(sb.buf);
	free(p);
}

static void test_json_escape(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	const char in[] = "a\"b\\c\n\x01高";
	strbuf_add_json_escaped(&sb, in, sizeof in - 1);
	assert_string_equal(strbuf_cstr(&sb), "a\\\"b\\\\c\\n\\u0001高");
	strbuf_cleanup(&sb);
}

static void test_arena(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *s = arena_strdup(a, "曲靖");
	assert_string_equal(s, "曲靖");
	char *big = arena_alloc(a, 100000);
	big[99999] = 1;
	char *p = arena_printf(a, "%d-%s", 7, "x");
	assert_string_equal(p, "7-x");
	assert_string_equal(s, "曲靖");
	assert_true(arena_used(a) >= 100000);
	arena_reset(a);
	assert_int_equal(arena_used(a), 0);
	assert_string_equal(arena_strndup(a, "abc", 2), "ab");
	arena_free(a);
	arena_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cap_is_hard),
		cmocka_unit_test(test_addf_long_and_take),
		cmocka_unit_test(test_json_escape),
		cmocka_unit_test(test_arena),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
