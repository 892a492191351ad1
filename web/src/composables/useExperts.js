// The expert service team (listExperts: every expert for the bureau and
// viewers, itself for an expert), for the pickers of the casework forms:
// whom to give a problem to, who took part in a visit, whom to assign.
// Asked once per session; refresh() asks again (after an assignment or a
// profile change, when workloads and specialities matter).
//
//   const { experts, load, refresh } = useExperts();   // load() when a form opens
import { ref, watch } from 'vue';
import { listExperts } from '../api/cultivate.js';
import { session } from '../session.js';

const experts = ref([]);
let pending = null; // the request of this session, under way or answered

watch(
	() => session.user?.id,
	() => {
		experts.value = [];
		pending = null;
	},
	{ flush: 'sync' },
);

/** Asks for the experts unless this session already did; resolves when they are there. */
function load() {
	if (pending) return pending;
	const p = listExperts({ silent: true })
		.then((r) => {
			if (pending === p) experts.value = r?.items ?? [];
		})
		.catch(() => {
			// a user who may not list them (an enterprise) offers no expert
			if (pending === p) pending = null;
		});
	pending = p;
	return p;
}

/** Asks again. */
function refresh() {
	pending = null;
	return load();
}

export function useExperts() {
	return { experts, load, refresh };
}
