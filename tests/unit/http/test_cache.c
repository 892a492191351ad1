/*
 * cache: a fresh entry is served; a write (bump) hides everything computed
 * before it; an answer computed across a write is never stored; entries
 * expire after the TTL; keys differ by user; oversized answers are not kept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <time.h>

#include <cmocka.h>

#include "http/cache.h"

static int get(struct cache *c, const char *key, char *out, size_t cap)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	int status = 0;
	int hit = cache_get(c, key, strlen(key), &sb, &status);
	if (hit) {
		assert_int_equal(status, 200);
		snprintf(out, cap, "%s", strbuf_cstr(&sb));
	}
	strbuf_cleanup(&sb);
	return hit;
}

static void put(struct cache *c, const char *key, uint64_t gen, const char *body)
{
	cache_put(c, key, strlen(key), gen, body, strlen(body), 200);
}

static void test_generation(void **state)
{
	(void)state;
	struct cache *c = cache_new(64, 1024, 60000);
	char buf[64];
	uint64_t g = cache_generation(c);
	put(c, "1:2:0:/api/v1/areas?", g, "{\"items\":[]}");
	assert_true(get(c, "1:2:0:/api/v1/areas?", buf, sizeof buf));
	assert_string_equal(buf, "{\"items\":[]}");
	/* Another user's key misses. */
	assert_false(get(c, "7:2:0:/api/v1/areas?", buf, sizeof buf));
	/* A write makes it stale at once. */
	cache_bump(c);
	assert_false(get(c, "1:2:0:/api/v1/areas?", buf, sizeof buf));
	/* An answer computed before the write (generation g) is not stored after it. */
	put(c, "1:2:0:/api/v1/areas?", g, "{\"old\":1}");
	assert_false(get(c, "1:2:0:/api/v1/areas?", buf, sizeof buf));
	/* One computed now is. */
	put(c, "1:2:0:/api/v1/areas?", cache_generation(c), "{\"new\":1}");
	assert_true(get(c, "1:2:0:/api/v1/areas?", buf, sizeof buf));
	assert_string_equal(buf, "{\"new\":1}");
	cache_free(c);
}

static void test_ttl_and_cap(void **state)
{
	(void)state;
	struct cache *c = cache_new(8, 16, 30);
	char buf[64];
	put(c, "k", cache_generation(c), "0123456789");
	assert_true(get(c, "k", buf, sizeof buf));
	struct timespec ts = {0, 60 * 1000 * 1000};
	nanosleep(&ts, NULL);
	/* 60 ms later, past the 30 ms TTL. */
	assert_false(get(c, "k", buf, sizeof buf));
	/* 17 bytes is over the 16-byte cap: not kept. */
	put(c, "big", cache_generation(c), "01234567890123456");
	assert_false(get(c, "big", buf, sizeof buf));
	cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generation),
		cmocka_unit_test(test_ttl_and_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
