// The qualitative ratings of a year (GET/PUT /enterprises/{uscc}/ratings/{year})
// as the ratings card's form and back. Ratings are "A"–"E", whole points or
// null; rd_org a band letter or the four items' points (rules.md §3).

/** The maxima of the four R&D-management items. */
export const RD_ORG_MAX = [6, 6, 4, 4];
/** Their names, as the recognition guidelines word them. */
export const RD_ORG_ITEMS = ['研发组织管理制度（≤6分）', '研发机构与产学研合作（≤6分）', '成果转化激励制度（≤4分）', '人才培养与激励（≤4分）'];

const band = (v) => (typeof v === 'string' ? v : '');

/**
 * The form of stored ratings R (null: nothing recorded): selects hold a band
 * or ''; rd_org_mode is a band, 'points' or ''.
 * @param {object|null} r
 */
export function ratingsForm(r) {
	const items = Array.isArray(r?.rd_org) ? r.rd_org.map((x) => (x == null ? 0 : x)) : [0, 0, 0, 0];
	return {
		advancement: band(r?.advancement),
		core_support: band(r?.core_support),
		rd_org_mode: Array.isArray(r?.rd_org) ? 'points' : band(r?.rd_org),
		rd_org: items,
		standards: r?.standards == null ? '' : r.standards ? 'yes' : 'no',
	};
}

/**
 * The PUT body of form F. A rating in points that the form cannot show
 * (e.g. 6 of 8) is kept as stored in STORED when the form leaves it empty
 * and it was not a band, so that saving the self-check does not erase it.
 * SELF_ONLY (an enterprise user): the expert's two ratings are sent absent
 * (null), which the server keeps as they are — this year's, or those carried
 * over from the latest earlier year.
 * @param {object} f
 * @param {object|null} stored
 * @param {boolean} selfOnly
 */
export function ratingsBody(f, stored, selfOnly) {
	const keep = (k) => (typeof stored?.[k] === 'number' && stored.recorded ? stored[k] : null);
	const body = {
		advancement: f.advancement || keep('advancement'),
		core_support: f.core_support || keep('core_support'),
		rd_org: f.rd_org_mode === 'points' ? f.rd_org.map((x) => (Number.isInteger(x) ? x : 0)) : f.rd_org_mode || null,
		standards: f.standards === '' ? null : f.standards === 'yes',
	};
	if (selfOnly) {
		body.advancement = null;
		body.core_support = null;
	}
	return body;
}
