/*
 * scorecard — progress and scoring arithmetic (see scorecard.h).
 */
#include "ledger/targets/scorecard.h"
#include "ledger/internal.h"

#include "core/date.h"

static const char *const status_names[] = {"none", "behind", "on_track", "ahead"};
static const char *const status_labels[] = {"未设目标", "滞后", "正常", "超前"};

int64_t scorecard_elapsed_bp(int year, int32_t as_of)
{
	int32_t first = date_from_ymd(year, 1, 1);
	int64_t days = date_is_leap(year) ? 366 : 365;
	int64_t done = (int64_t)as_of - first + 1;
	if (done <= 0)
		return 0;
	if (done >= days)
		return SCORE_FULL;
	return done * SCORE_FULL / days;
}

int64_t scorecard_completion_bp(int64_t achieved, int64_t target)
{
	if (target == LEDGER_NONE || target <= 0 || achieved == LEDGER_NONE)
		return LEDGER_NONE;
	return achieved * SCORE_FULL / target;
}

int scorecard_status(int64_t completion_bp, int64_t elapsed_bp, int stock)
{
	if (completion_bp == LEDGER_NONE)
		return STATUS_NONE;
	int64_t due = stock ? SCORE_FULL : elapsed_bp;
	if (completion_bp >= due + SCORE_MARGIN)
		return STATUS_AHEAD;
	if (completion_bp < due - SCORE_MARGIN)
		return STATUS_BEHIND;
	return STATUS_ON_TRACK;
}

const char *scorecard_status_name(int status)
{
	return ledger_code_at(status_names, 4, status);
}

const char *scorecard_status_label(int status)
{
	return ledger_code_at(status_labels, 4, status);
}

int64_t scorecard_score(const int64_t *completion_bp, const int64_t *weight, size_t n,
			int64_t cap_bp)
{
	int64_t num = 0, den = 0;
	for (size_t i = 0; i < n; i++) {
		if (completion_bp[i] == LEDGER_NONE)
			continue;
		int64_t c = completion_bp[i] < cap_bp ? completion_bp[i] : cap_bp;
		num += weight[i] * c;
		den += weight[i];
	}
	return den ? num / den : 0;
}

void scorecard_rank(const int64_t *score, size_t n, int *rank)
{
	for (size_t i = 0; i < n; i++) {
		int higher = 0;
		for (size_t k = 0; k < n; k++)
			higher += score[k] > score[i];
		rank[i] = 1 + higher;
	}
}
