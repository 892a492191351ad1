// A paged list whose query — page, page size, sort, filters — lives in the
// route's query string, so that a reload, a link or the back button shows
// the same list. The conversions are lib/listQuery.js.
//
//   const list = useListQuery({ filters: ['area', 'q'], sorts: { name: 'name' } }, load);
//   list.form          the filter inputs (reactive; applied by list.apply())
//   list.state         the applied query as the URL says: {page, pageSize, sort, order, filters}
//   list.apiQuery      the query for the API
//   list.defaultSort   el-table's :default-sort
//   list.apply() list.reset() list.setPage(p) list.setPageSize(s) list.onSortChange(e)
//
// ONCHANGE is called when the URL changes the list's query while the page is
// shown (the page loads its first data itself, in onMounted).
import { reactive, computed, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { parseListQuery, listRouteQuery, listApiQuery, tableSort, sortOfTable } from '../lib/listQuery.js';

export function useListQuery(spec, onChange) {
	const route = useRoute();
	const router = useRouter();
	const listRoute = route.name;
	const state = computed(() => parseListQuery(spec, route.query));
	const form = reactive({ ...state.value.filters });

	const key = computed(() => JSON.stringify(state.value));
	watch(key, () => {
		if (route.name !== listRoute) return; // leaving the page
		Object.assign(form, state.value.filters);
		onChange?.();
	});

	function go(next) {
		return router.push({ query: listRouteQuery(spec, { ...state.value, ...next }, route.query) });
	}
	/**
	 * Shows the first page of what the filter inputs say, in the same order
	 * and page size; when that is the list shown, loads it again.
	 */
	function apply() {
		const query = listRouteQuery(spec, { ...state.value, filters: { ...form }, page: 1 }, route.query);
		if (JSON.stringify(parseListQuery(spec, query)) === key.value) return onChange?.();
		return router.push({ query });
	}
	/** Clears the filter inputs, the sort and the page size. */
	function reset() {
		for (const k of spec.filters) form[k] = '';
		return go(parseListQuery(spec, {}));
	}
	const setPage = (page) => go({ page });
	const setPageSize = (pageSize) => go({ pageSize, page: 1 });
	/** el-table's sort-change: the first page in the new order. */
	const onSortChange = (e) => go({ ...sortOfTable(spec, e), page: 1 });

	return {
		form,
		state,
		page: computed(() => state.value.page),
		pageSize: computed(() => state.value.pageSize),
		filters: computed(() => state.value.filters),
		apiQuery: computed(() => listApiQuery(spec, state.value)),
		defaultSort: computed(() => tableSort(spec, state.value)),
		apply,
		reset,
		setPage,
		setPageSize,
		onSortChange,
	};
}
