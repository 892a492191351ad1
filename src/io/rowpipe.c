/*
 * rowpipe — the rows of a file read on one thread and used in order on
 * another, through a small pool of batches.
 */
#include "io/rowpipe.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

#define BATCH_ROWS 512
#define BATCH_TEXT (1u << 20)
#define PIPE_BATCHES 6

struct bcell {
	enum xlsx_type type;
	size_t off, n; /* text at batch->text + off, NUL-terminated */
};

struct brow {
	size_t row;
	size_t first, n; /* cells[first .. first + n) */
};

struct batch {
	struct brow rows[BATCH_ROWS];
	size_t nrows;
	struct bcell *cells;
	size_t ncells, cap_cells;
	char *text;
	size_t ntext, cap_text;
	uint64_t total_hint; /* the reader's row estimate when the batch was handed over */
	int end;	     /* the last batch: the reader has finished */
};

struct rowpipe {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch pool[PIPE_BATCHES];
	struct batch *free_q[PIPE_BATCHES], *full_q[PIPE_BATCHES];
	size_t nfree, full_head, nfull;
	atomic_int stop;     /* set by the writer: the reader ends at its next row */
	struct batch *cur;   /* reader: the batch being filled */
	uint64_t total_hint; /* reader: rows expected (0 = unknown) */
	struct xlsx *x;	     /* reader: the workbook (for its row estimate), or NULL */
	/* what the reader runs, and its outcome */
	rowpipe_read_fn read;
	void *src;
	int rc;
	struct err err;
};

static void pipe_put(struct rowpipe *p, struct batch *b, int full)
{
	pthread_mutex_lock(&p->mu);
	if (full)
		p->full_q[(p->full_head + p->nfull++) % PIPE_BATCHES] = b;
	else
		p->free_q[p->nfree++] = b;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

static struct batch *pipe_take(struct rowpipe *p, int full)
{
	pthread_mutex_lock(&p->mu);
	while (full ? p->nfull == 0 : p->nfree == 0)
		pthread_cond_wait(&p->cv, &p->mu);
	struct batch *b;
	if (full) {
		b = p->full_q[p->full_head];
		p->full_head = (p->full_head + 1) % PIPE_BATCHES;
		p->nfull--;
	} else {
		b = p->free_q[--p->nfree];
	}
	pthread_mutex_unlock(&p->mu);
	return b;
}

/* Reader: hand the current batch over and start a fresh one. */
static void pipe_flush(struct rowpipe *p)
{
	p->cur->total_hint = p->total_hint;
	pipe_put(p, p->cur, 1);
	struct batch *b = pipe_take(p, 0);
	b->nrows = b->ncells = b->ntext = 0;
	b->end = 0;
	p->cur = b;
}

int rowpipe_emit(struct rowpipe *p, size_t row, const struct xlsx_cell *cells, size_t n,
		 struct err *e)
{
	if (atomic_load_explicit(&p->stop, memory_order_relaxed))
		return err_set(e, ERR_INTERNAL, NULL, "导入已停止");
	if (p->x && !p->total_hint)
		p->total_hint = xlsx_rows_hint(p->x);
	struct batch *b = p->cur;
	size_t text = 0;
	for (size_t i = 0; i < n; i++)
		text += cells[i].n + 1;
	if (b->nrows == BATCH_ROWS || (b->nrows && b->ntext + text > BATCH_TEXT)) {
		pipe_flush(p);
		b = p->cur;
	}
	if (b->ncells + n > b->cap_cells) {
		b->cap_cells = (b->ncells + n) * 2;
		b->cells = xrealloc(b->cells, b->cap_cells * sizeof *b->cells);
	}
	if (b->ntext + text > b->cap_text) {
		b->cap_text = (b->ntext + text) * 2;
		b->text = xrealloc(b->text, b->cap_text);
	}
	struct brow *r = &b->rows[b->nrows++];
	r->row = row;
	r->first = b->ncells;
	r->n = n;
	for (size_t i = 0; i < n; i++) {
		struct bcell *c = &b->cells[b->ncells++];
		c->type = cells[i].type;
		c->off = b->ntext;
		c->n = cells[i].n;
		if (cells[i].n)
			memcpy(b->text + b->ntext, cells[i].s, cells[i].n);
		b->text[b->ntext + cells[i].n] = '\0';
		b->ntext += cells[i].n + 1;
	}
	return 0;
}

static void *pipe_reader(void *arg)
{
	struct rowpipe *p = arg;
	err_clear(&p->err);
	p->cur = pipe_take(p, 0);
	p->rc = p->read(p, p->src, &p->err);
	p->cur->end = 1;
	p->cur->total_hint = p->total_hint;
	pipe_put(p, p->cur, 1);
	return NULL;
}

int rowpipe_run(rowpipe_read_fn read, void *src, struct xlsx *x, uint64_t total_hint,
		const struct rowpipe_sink *sink, struct err *e)
{
	struct rowpipe *p = xcalloc(1, sizeof *p);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	for (size_t i = 0; i < PIPE_BATCHES; i++)
		p->free_q[p->nfree++] = &p->pool[i];
	p->read = read;
	p->src = src;
	p->x = x;
	p->total_hint = total_hint;
	pthread_t th;
	if (pthread_create(&th, NULL, pipe_reader, p)) {
		pthread_cond_destroy(&p->cv);
		pthread_mutex_destroy(&p->mu);
		free(p);
		return err_set(e, ERR_INTERNAL, NULL, "内部错误：无法启动读取线程");
	}
	int rc = 0;
	struct xlsx_cell *cells = NULL;
	size_t cap = 0;
	for (;;) {
		struct batch *b = pipe_take(p, 1);
		sink->batch(sink->ctx, b->total_hint);
		for (size_t i = 0; i < b->nrows && !rc; i++) {
			const struct brow *r = &b->rows[i];
			if (r->n > cap) {
				cap = r->n * 2;
				cells = xrealloc(cells, cap * sizeof *cells);
			}
			for (size_t k = 0; k < r->n; k++) {
				const struct bcell *c = &b->cells[r->first + k];
				cells[k].type = c->type;
				cells[k].s = b->text + c->off;
				cells[k].n = c->n;
			}
			rc = sink->row(sink->ctx, r->row, cells, r->n, e);
			if (rc)
				atomic_store(&p->stop, 1);
		}
		int end = b->end;
		pipe_put(p, b, 0);
		if (end)
			break;
	}
	pthread_join(th, NULL);
	if (!rc && p->rc) {
		*e = p->err;
		rc = p->rc;
	}
	free(cells);
	for (size_t i = 0; i < PIPE_BATCHES; i++) {
		free(p->pool[i].cells);
		free(p->pool[i].text);
	}
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free(p);
	return rc;
}

int rowpipe_xlsx_row(void *ctx, uint32_t row, const struct xlsx_cell *cells, size_t n,
		     struct err *e)
{
	return rowpipe_emit(ctx, row, cells, n, e);
}

int rowpipe_csv_record(void *ctx, size_t record, const struct csv_field *f, size_t n, struct err *e)
{
	struct xlsx_cell stack[64] = {{0}};
	struct xlsx_cell *cells = n <= 64 ? stack : xcalloc(n, sizeof *cells);
	for (size_t i = 0; i < n; i++) {
		cells[i].type = f[i].n ? XLSX_STRING : XLSX_EMPTY;
		cells[i].s = f[i].s;
		cells[i].n = f[i].n;
	}
	int rc = rowpipe_emit(ctx, record, cells, n, e);
	if (cells != stack)
		free(cells);
	return rc;
}
