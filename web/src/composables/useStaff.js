// The colleagues the caller may give casework to (listStaff: city, county of
// its areas, experts), for the owner and participant pickers. Asked once per
// session, like useExperts.
//
//   const { staff, load } = useStaff();   // load() when a form opens
import { ref, watch } from 'vue';
import { listStaff } from '../api/cultivate.js';
import { session } from '../session.js';

const staff = ref([]);
let pending = null;

watch(
	() => session.user?.id,
	() => {
		staff.value = [];
		pending = null;
	},
	{ flush: 'sync' },
);

/** Asks for the staff unless this session already did. */
function load() {
	if (pending) return pending;
	const p = listStaff({ silent: true })
		.then((r) => {
			if (pending === p) staff.value = r?.items ?? [];
		})
		.catch(() => {
			if (pending === p) pending = null;
		});
	pending = p;
	return p;
}

export function useStaff() {
	return { staff, load };
}
