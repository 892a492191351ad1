// The bell of the header: the number of the caller's open reminders, shared
// by the header and the reminders page (which refreshes it after a mark).
import { reactive } from 'vue';
import { reminderCount } from '../api/monitor.js';

export const bell = reactive({
	open: 0,
	async refresh() {
		try {
			bell.open = (await reminderCount({ silent: true })).open ?? 0;
		} catch {
			/* the bell stays as it was */
		}
	},
});
