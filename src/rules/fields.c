/* fields — the technology-field table, parsed from the embedded TSV. */
#include "rules/fields.h"

#include <stdlib.h>
#include <string.h>

#include "core/embed.h"

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct fields_entry *)a)->code,
		      ((const struct fields_entry *)b)->code);
}

/* Split the next TAB-separated cell of [*p, end) into (cell, len). */
static void next_cell(const char **p, const char *end, const char **cell, size_t *len)
{
	const char *s = *p, *q = s;
	while (q < end && *q != '\t')
		q++;
	*cell = s;
	*len = (size_t)(q - s);
	*p = q < end ? q + 1 : q;
}

static int copy_code(char *dst, size_t size, const char *s, size_t n)
{
	if (n == 0 || n >= size)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

int fields_parse(struct fields_table *t, const char *s, size_t n, struct err *e)
{
	const char *p = s, *end = s + n;
	int line = 0;
	memset(t->count, 0, sizeof t->count);
	t->n = 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end;
		line++;
		if (le > p && le[-1] == '\r')
			le--;
		if (le == p || *p == '#' || (le - p >= 4 && !memcmp(p, "code", 4))) {
			p = eol ? eol + 1 : end;
			continue;
		}
		if (t->n >= FIELDS_MAX)
			return err_set(e, ERR_TOO_BIG, "tech-fields.tsv", "技术领域表超过%d项",
				       FIELDS_MAX);
		struct fields_entry *f = &t->e[t->n];
		const char *c[4];
		size_t l[4];
		const char *q = p;
		for (int i = 0; i < 4; i++)
			next_cell(&q, le, &c[i], &l[i]);
		if (copy_code(f->code, sizeof f->code, c[0], l[0]) || l[1] != 1 || c[1][0] < '1' ||
		    c[1][0] > '3' || l[2] == 0)
			return err_set(e, ERR_INTERNAL, "tech-fields.tsv",
				       "技术领域表第%d行格式错误", line);
		f->level = c[1][0] - '0';
		f->name = c[2];
		f->name_len = l[2];
		f->parent[0] = '\0';
		if (f->level > 1 && copy_code(f->parent, sizeof f->parent, c[3], l[3]))
			return err_set(e, ERR_INTERNAL, "tech-fields.tsv",
				       "技术领域表第%d行缺少上级代码", line);
		t->count[f->level]++;
		t->n++;
		p = eol ? eol + 1 : end;
	}
	qsort(t->e, t->n, sizeof t->e[0], entry_cmp);
	for (size_t i = 1; i < t->n; i++)
		if (!strcmp(t->e[i].code, t->e[i - 1].code))
			return err_set(e, ERR_INTERNAL, "tech-fields.tsv", "技术领域代码%s重复",
				       t->e[i].code);
	return 0;
}

int fields_load(struct fields_table *t, struct err *e)
{
	const struct embed_file *f =
		embed_find(embed_data_files, embed_data_count, "tech-fields.tsv");
	if (!f)
		return err_set(e, ERR_INTERNAL, "tech-fields.tsv", "程序中缺少技术领域表");
	return fields_parse(t, (const char *)f->data, f->len, e);
}

const struct fields_entry *fields_find(const struct fields_table *t, const char *code)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(t->e[mid].code, code);
		if (c == 0)
			return &t->e[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct fields_entry *fields_find_name(const struct fields_table *t, const char *name,
					    size_t n)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->e[i].name_len == n && !memcmp(t->e[i].name, name, n))
			return &t->e[i];
	return NULL;
}
