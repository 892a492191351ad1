// A paged list's query — page, page size, sort, filters — and its two forms:
// the route's query string (what a link or a reload keeps) and the API's
// query. Pure functions for composables/useListQuery.js, tested by node.
//
// A list is described by a spec:
//   filters   the names of its filters, the same in the URL and the API
//   pageSize  the default page size (50 when not given)
//   sorts     table column prop → the API's sort key, for el-table's sorting
// and its state is {page, pageSize, sort, order, filters: {name: text}}, with
// sort '' (the server's default order) or an API key and order 'asc'/'desc'.

const OWN = ['page', 'page_size', 'sort', 'order'];

const DEFAULT_PAGE_SIZE = 50;
const defaultPageSize = (spec) => spec.pageSize ?? DEFAULT_PAGE_SIZE;

// One route query value as text: vue-router gives null for "?a" and an array
// for "?a=1&a=2"; neither is a value of ours.
const text = (v) => (typeof v === 'string' ? v.trim() : '');

// A positive whole number written in decimal, else null.
function positive(v) {
	const s = text(v);
	return /^[0-9]+$/.test(s) && Number(s) >= 1 ? Number(s) : null;
}

/** The state of SPEC's list that the route QUERY describes; anything malformed is the default. */
export function parseListQuery(spec, query) {
	const q = query ?? {};
	const filters = {};
	for (const k of spec.filters) filters[k] = text(q[k]);
	const sort = text(q.sort);
	return {
		page: positive(q.page) ?? 1,
		pageSize: positive(q.page_size) ?? defaultPageSize(spec),
		sort,
		order: sort ? (text(q.order) === 'desc' ? 'desc' : 'asc') : '',
		filters,
	};
}

/**
 * The route query of STATE: the members of CURRENT (the route's query) that
 * the list does not own, such as a page's `tab`, then the list's own members
 * that differ from the defaults (no empty filter, no page 1, no default page
 * size), all as strings.
 */
export function listRouteQuery(spec, state, current = {}) {
	const out = {};
	for (const [k, v] of Object.entries(current ?? {})) if (!OWN.includes(k) && !spec.filters.includes(k)) out[k] = v;
	for (const k of spec.filters) {
		const v = text(String(state.filters?.[k] ?? ''));
		if (v) out[k] = v;
	}
	if (state.sort) {
		out.sort = state.sort;
		out.order = state.order === 'desc' ? 'desc' : 'asc';
	}
	if (state.page > 1) out.page = String(state.page);
	if (state.pageSize && state.pageSize !== defaultPageSize(spec)) out.page_size = String(state.pageSize);
	return out;
}

/** The API query of STATE: the filters that are set, the sort when there is one, always the page and its size. */
export function listApiQuery(spec, state) {
	const out = {};
	for (const k of spec.filters) if (state.filters[k]) out[k] = state.filters[k];
	if (state.sort) {
		out.sort = state.sort;
		out.order = state.order;
	}
	out.page = state.page;
	out.page_size = state.pageSize;
	return out;
}

/** el-table's default-sort for STATE: {prop, order: 'ascending'|'descending'}, {} when no column sorts that way. */
export function tableSort(spec, state) {
	const prop = Object.keys(spec.sorts ?? {}).find((p) => spec.sorts[p] === state.sort);
	if (!state.sort || !prop) return {};
	return { prop, order: state.order === 'desc' ? 'descending' : 'ascending' };
}

/** The sort of an el-table sort-change {prop, order}: {sort, order}, both '' when the column is unsorted or not sortable. */
export function sortOfTable(spec, { prop, order }) {
	const key = spec.sorts?.[prop];
	if (!order || !key) return { sort: '', order: '' };
	return { sort: key, order: order === 'descending' ? 'desc' : 'asc' };
}
