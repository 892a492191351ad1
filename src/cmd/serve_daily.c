/*
 * serve_daily — the daily run of `gaoqi serve` (see cmd.h): one thread, its
 * own store connection, woken every minute or by serve_daily_stop.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "cmd/cmd.h"
#include "core/date.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "ledger/ledger.h"
#include "ledger/monitor/daily.h"
#include "ledger/targets/snapshot.h"
#include "store/store.h"

#define CHECK_SECONDS 60

struct serve_daily {
	const char *db_path; /* borrowed */
	pthread_t thread;
	pthread_mutex_t lock; /* guards stop */
	pthread_cond_t wake;
	int stop;
};

/* One check: run the day when it is due. */
static void check_day(struct store *db, int32_t *last_day)
{
	struct ledger l;
	struct scope sys = ledger_system_scope();
	struct err e;
	struct daily_report r;
	int32_t today = date_today();
	int due = 0;
	err_clear(&e);
	ledger_init(&l, db, &sys, "daily");
	if (daily_due(&l, today, &due, &e)) {
		log_error("daily run: %s", e.msg);
		return;
	}
	/*
	 * due (a stale row, reminders of another day), or a new day for this
	 * thread; on PostgreSQL only when due: several servers share the
	 * database and one run of the day is enough for all.
	 */
	if (!due && (*last_day == today || store_dialect(db) == STORE_POSTGRES))
		return;
	if (daily_run(&l, today, 0, &r, &e)) {
		log_error("daily run: %s", e.msg);
		return;
	}
	*last_day = today;
	log_info("daily run: %zu enterprises assessed, %zu reminders", r.assessed, r.reminders);
	/* the targets' weekly progress snapshot: once a week (the first day the week has none) */
	size_t taken = 0;
	if (snapshot_take(&l, today, 0, &taken, &e))
		log_error("daily run: progress snapshot: %s", e.msg);
	else if (taken)
		log_info("daily run: progress snapshot of the week, %zu rows", taken);
}

/*
 * The check under the job lock "serve.daily": with several servers on one
 * PostgreSQL database, the one that gets the lock runs the day and the
 * others skip this minute (they check again the next; the day's rows show
 * it done by then). SQLite: always granted, as before.
 */
static void check(struct store *db, int32_t *last_day)
{
	struct err e;
	int held = 0;
	err_clear(&e);
	if (store_try_job_lock(db, "serve.daily", &held, &e)) {
		log_error("daily run: job lock: %s", e.msg);
		return;
	}
	if (!held) {
		log_debug("daily run: another server holds the job lock");
		return;
	}
	check_day(db, last_day);
	if (store_job_unlock(db, "serve.daily", &e))
		log_error("daily run: job unlock: %s", e.msg);
}

static void *run(void *arg)
{
	struct serve_daily *d = arg;
	struct store *db = NULL;
	struct err e;
	int32_t last_day = LEDGER_NO_DATE;
	err_clear(&e);
	if (store_open(d->db_path, 0, &db, &e)) {
		log_error("daily run: cannot open %s: %s", d->db_path, e.msg);
		return NULL;
	}
	pthread_mutex_lock(&d->lock);
	while (!d->stop) {
		pthread_mutex_unlock(&d->lock);
		check(db, &last_day);
		pthread_mutex_lock(&d->lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += CHECK_SECONDS;
		while (!d->stop && pthread_cond_timedwait(&d->wake, &d->lock, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&d->lock);
	store_close(db);
	return NULL;
}

struct serve_daily *serve_daily_start(const char *db_path)
{
	struct serve_daily *d = xcalloc(1, sizeof *d);
	d->db_path = db_path;
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->wake, NULL);
	if (pthread_create(&d->thread, NULL, run, d)) {
		log_error("daily run: cannot start its thread");
		pthread_cond_destroy(&d->wake);
		pthread_mutex_destroy(&d->lock);
		free(d);
		return NULL;
	}
	return d;
}

void serve_daily_stop(struct serve_daily *d)
{
	if (!d)
		return;
	pthread_mutex_lock(&d->lock);
	d->stop = 1;
	pthread_cond_signal(&d->wake);
	pthread_mutex_unlock(&d->lock);
	pthread_join(d->thread, NULL);
	pthread_cond_destroy(&d->wake);
	pthread_mutex_destroy(&d->lock);
	free(d);
}
