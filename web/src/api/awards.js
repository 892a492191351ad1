// The awards domain (ledger/awards, product C8): award policies as data by
// year, the accounting run with its diff, the award lines and their
// approval and payment by budget part, the budgets, the finance bureau's
// exports, a firm's support records and the tax benefit estimate.
// docs/api.md "Award funds". Money travels as 元 text with two decimals.
//
// Who may do what is the server's (capabilities awards.read, awards.manage,
// awards.confirm, support.write); lines and budgets are scoped by area.
import { api, download, seg } from './client.js';

export const AWARD_KINDS = [
	['first_recognition', '首次认定奖励'],
	['re_recognition', '重新认定奖励'],
	['relocation', '整体迁入奖励'],
	['tsme_registration', '科技型中小企业入库奖励'],
	['leader', '领军企业奖励'],
	['other', '其他'],
];
export const BAND_BASES = [
	['none', '固定金额'],
	['rd_expense', '按研发费用分档'],
	['revenue', '按营业收入分档'],
];
export const AWARD_STATUSES = [
	['computed', '已核算'],
	['approved', '已审批'],
	['disbursed', '已拨付'],
	['rejected', '已退回'],
];
export const SUPPORT_KINDS = [
	['credit_loan', '科技信贷'],
	['rd_subsidy', '研发费用补助'],
	['voucher', '创新券'],
	['tax_benefit', '税收优惠'],
	['other', '其他'],
];

/** GET /award-policies?year= */
export function listAwardPolicies(year, opts) {
	return api.get('/award-policies', year ? { year } : {}, opts);
}

/** POST /award-policies (id absent) or PUT /award-policies/{id}. */
export function saveAwardPolicy(p, opts) {
	return p.id ? api.put(`/award-policies/${seg(p.id)}`, p, opts) : api.post('/award-policies', p, opts);
}

export function deleteAwardPolicy(id, opts) {
	return api.del(`/award-policies/${seg(id)}`, opts);
}

/** GET /awards?year=&area=&status=&uscc= — {items, totals}. */
export function listAwards(query, opts) {
	return api.get('/awards', query, opts);
}

/** POST /awards/run?year=&dry_run= — the diff {added, changed, removed, locked, skipped, items}. */
export function runAwards(year, dryRun, opts) {
	return api.post('/awards/run', undefined, { ...opts, query: { year, dry_run: dryRun ? 1 : 0 } });
}

/** POST /awards/{id}/approve|reject|confirm|disburse with BODY ({on}, {reason}, {part, voucher, on}). */
export function awardStep(id, step, body, opts) {
	return api.post(`/awards/${seg(id)}/${seg(step)}`, body ?? {}, opts);
}

/** GET /awards/export?year=&area=&view=&format= — downloads FILENAME. */
export function exportAwards(query, filename, opts) {
	return download('/awards/export', query, filename, opts);
}

/** GET /budgets?year= */
export function listBudgets(year, opts) {
	return api.get('/budgets', { year }, opts);
}

/** PUT /budgets/{year}/{source} {amount, note} */
export function saveBudget(year, source, body, opts) {
	return api.put(`/budgets/${seg(year)}/${seg(source)}`, body, opts);
}

/** GET /enterprises/{uscc}/support — {awards, records, totals}. */
export function firmSupport(uscc, opts) {
	return api.get(`/enterprises/${seg(uscc)}/support`, undefined, opts);
}

/** POST /enterprises/{uscc}/support or PUT …/support/{id}. */
export function saveSupport(uscc, rec, opts) {
	return rec.id ? api.put(`/enterprises/${seg(uscc)}/support/${seg(rec.id)}`, rec, opts) : api.post(`/enterprises/${seg(uscc)}/support`, rec, opts);
}

export function deleteSupport(uscc, id, opts) {
	return api.del(`/enterprises/${seg(uscc)}/support/${seg(id)}`, opts);
}

/** GET /tax-estimate?year=&taxable_income=&rd_expense= (元). */
export function taxEstimate(query, opts) {
	return api.get('/tax-estimate', query, opts);
}
