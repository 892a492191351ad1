// The enterprise user's unread announcements, shared by the layout (the
// notice shown after login and the count in the menu) and the announcements
// page (which lowers it when one is opened).
import { ref } from 'vue';
import { listAnnouncements } from '../../api/publicity.js';

/** The unread announcements of the first page (newest first) and their total. */
export const unread = ref({ items: [], total: 0 });

/** Asks the server again (after a reading, or at login). */
export async function unreadChanged() {
	try {
		const r = await listAnnouncements({ unread: '1', page_size: 10 }, { silent: true });
		unread.value = { items: r?.items ?? [], total: r?.total ?? 0 };
	} catch {
		unread.value = { items: [], total: 0 };
	}
}
