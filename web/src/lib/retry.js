// When a read answered 503 busy (the server bounds heavy work, or the
// database is held by a long import) is worth asking again, and after how long.

/** Milliseconds to wait before retry number ATTEMPT (1-based) of METHOD after STATUS, or -1: do not retry. */
export function retryDelay(method, status, retryAfter, attempt) {
	if (status !== 503 || (method !== 'GET' && method !== 'HEAD') || attempt > 2) return -1;
	const s = Number.parseInt(retryAfter ?? '', 10);
	const seconds = Number.isFinite(s) && s >= 0 ? Math.min(s, 10) : 2;
	return seconds * 1000;
}
