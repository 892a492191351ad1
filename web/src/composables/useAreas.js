// The areas the logged-in user may see (listAreas: all of them for the city,
// only its own for a county), asked once per session and shared by every
// page: the ledger's filter, the enterprise form, the users and areas tabs.
//
//   const { areas, areaName } = useAreas();             // asks now unless already asked
//   const { areas, load } = useAreas({ lazy: true });   // asks on load()
import { ref, watch } from 'vue';
import { listAreas } from '../api/register.js';
import { session } from '../session.js';

const areas = ref([]);
let pending = null; // the request of this session, under way or answered

// Another login (or a logout) starts again: a county sees other areas than the city.
watch(
	() => session.user?.id,
	() => {
		areas.value = [];
		pending = null;
	},
	{ flush: 'sync' },
);

/** Asks for the areas unless this session already did; resolves when they are there. */
function load() {
	if (pending) return pending;
	const p = listAreas()
		.then((r) => {
			if (pending === p) areas.value = r?.items ?? [];
		})
		.catch(() => {
			// shown by the API client; the next page that needs them asks again
			if (pending === p) pending = null;
		});
	pending = p;
	return p;
}

/** The name of area CODE, or the code itself when it is not in the list. */
const areaName = (code) => areas.value.find((a) => a.code === code)?.name ?? code;

export function useAreas({ lazy = false } = {}) {
	if (!lazy) load();
	return { areas, areaName, load };
}
