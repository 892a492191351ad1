// What the 申报管理 page may offer on an application, by stage (the legal
// moves of docs/api.md "Applications"; the server checks them again).

/** Stages an outcome (认定通过 / 未通过) may be recorded from (batches.manage). */
export const OUTCOME_FROM = ['submitted', 'under_review', 'publicised'];
/** Stages an application may be withdrawn from (applications.write). */
export const WITHDRAW_FROM = ['intended', 'county_recommended', 'submitted', 'under_review'];

/**
 * The warning for an incomplete outcome form D ({stage, cert_no, reason}),
 * or '' when it may be sent.
 */
export function decideError(d) {
	if (d.stage === 'recognised' && !String(d.cert_no ?? '').trim()) return '请填写证书编号';
	if (d.stage === 'not_recognised' && !String(d.reason ?? '').trim()) return '请填写未通过原因';
	return '';
}
