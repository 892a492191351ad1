// The HTTP client of the JSON API (docs/api.md). Sends the session cookie and,
// on every write, the X-CSRF-Token; turns every failure into an ApiError whose
// message is the server's Chinese error.message (never raw JSON); on 401 it
// calls the handler installed by the router, which goes to the login page.
// Only the domain modules beside this file (register.js, records.js, …) name
// endpoints; pages call their functions.
import { ElMessage } from 'element-plus';
import { retryDelay } from '../lib/retry.js';

let csrfToken = '';
let onUnauthorized = null;

export function setCsrfToken(t) {
	csrfToken = t || '';
}
export function setUnauthorizedHandler(fn) {
	onUnauthorized = fn;
}

export class ApiError extends Error {
	constructor(status, code, message, field) {
		super(message);
		this.status = status;
		this.code = code;
		this.field = field ?? null;
	}
}

function statusMessage(status) {
	if (status === 401) return '登录已失效，请重新登录';
	if (status === 403) return '您没有权限进行此操作';
	if (status === 404) return '未找到该记录，或不在您的管辖范围内';
	if (status === 409) return '数据冲突，请刷新后重试';
	if (status === 413) return '提交的数据过大';
	if (status === 429) return '操作过于频繁，请稍后再试';
	if (status === 503) return '系统繁忙，请稍后重试';
	return `服务器暂时无法处理请求（状态码 ${status}），请稍后再试`;
}

function buildQuery(query) {
	if (!query) return '';
	const p = new URLSearchParams();
	for (const [k, v] of Object.entries(query)) {
		if (v === undefined || v === null || v === '') continue;
		p.set(k, String(v));
	}
	const s = p.toString();
	return s ? '?' + s : '';
}

/**
 * The options every call of the domain modules takes last.
 * @typedef {object} RequestOptions
 * @property {boolean} [silent] the caller shows the error itself (no ElMessage)
 * @property {boolean} [skipAuthRedirect] a 401 is thrown, not sent to the login page
 */

/**
 * request(method, path, {query, body, silent, skipAuthRedirect}) → parsed JSON.
 * Throws ApiError. Unless `silent`, the message is also shown to the user.
 */
export async function request(method, path, opts = {}) {
	const headers = { Accept: 'application/json' };
	const init = { method, headers, credentials: 'same-origin' };
	if (opts.body !== undefined) {
		headers['Content-Type'] = 'application/json';
		init.body = JSON.stringify(opts.body);
	}
	if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
	let res;
	for (let attempt = 1; ; attempt++) {
		try {
			res = await fetch('/api/v1' + path + buildQuery(opts.query), init);
		} catch {
			const e = new ApiError(0, 'network', '无法连接服务器，请检查网络后重试');
			if (!opts.silent) ElMessage.error(e.message);
			throw e;
		}
		// 503 busy: the server asks to come back later (Retry-After); reads are retried
		const wait = retryDelay(method, res.status, res.headers.get('Retry-After'), attempt);
		if (wait < 0) break;
		await new Promise((resolve) => setTimeout(resolve, wait));
	}
	let data = null;
	const text = await res.text();
	if (text) {
		try {
			data = JSON.parse(text);
		} catch {
			data = null;
		}
	}
	if (res.ok) return data;
	const err = data && typeof data === 'object' && data.error ? data.error : {};
	const message = typeof err.message === 'string' && err.message ? err.message : statusMessage(res.status);
	const e = new ApiError(res.status, err.code || 'http', message, err.field);
	if (res.status === 401 && !opts.skipAuthRedirect && onUnauthorized) {
		onUnauthorized();
		throw e;
	}
	if (!opts.silent) ElMessage.error(message);
	throw e;
}

export const api = {
	get: (path, query, opts = {}) => request('GET', path, { ...opts, query }),
	post: (path, body, opts = {}) => request('POST', path, { ...opts, body }),
	put: (path, body, opts = {}) => request('PUT', path, { ...opts, body }),
	del: (path, opts = {}) => request('DELETE', path, opts),
};

/** The ApiError of a failed answer (STATUS, its body TEXT). */
function failure(status, text) {
	let data = null;
	try {
		data = text ? JSON.parse(text) : null;
	} catch {
		data = null;
	}
	const err = data && typeof data === 'object' && data.error ? data.error : {};
	const message = typeof err.message === 'string' && err.message ? err.message : statusMessage(status);
	return new ApiError(status, err.code || 'http', message, err.field);
}

function report(e, opts) {
	if (e.status === 401 && !opts.skipAuthRedirect && onUnauthorized) onUnauthorized();
	else if (!opts.silent) ElMessage.error(e.message);
	return e;
}

/**
 * upload(path, file, {query, onProgress, silent, method}) → parsed JSON.
 * POSTs (or METHOD) the File itself as the body (the server takes a raw body; its name
 * goes in the `filename` query parameter). onProgress(fraction 0…1) is
 * called while the bytes go out; once they are all sent the server is still
 * working. Throws ApiError like request().
 */
export function upload(path, file, opts = {}) {
	return new Promise((resolve, reject) => {
		const xhr = new XMLHttpRequest();
		xhr.open(opts.method || 'POST', '/api/v1' + path + buildQuery({ ...opts.query, filename: file.name }));
		xhr.withCredentials = true;
		xhr.setRequestHeader('Accept', 'application/json');
		xhr.setRequestHeader('Content-Type', file.type && !file.type.startsWith('multipart/') ? file.type : 'application/octet-stream');
		if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
		if (opts.onProgress) {
			xhr.upload.onprogress = (ev) => {
				if (ev.lengthComputable && ev.total > 0) opts.onProgress(ev.loaded / ev.total);
			};
			xhr.upload.onload = () => opts.onProgress(1);
		}
		xhr.onerror = () => reject(report(new ApiError(0, 'network', '无法连接服务器，请检查网络后重试'), opts));
		xhr.onload = () => {
			if (xhr.status >= 200 && xhr.status < 300) {
				try {
					resolve(xhr.responseText ? JSON.parse(xhr.responseText) : null);
				} catch {
					reject(report(new ApiError(xhr.status, 'http', '服务器返回的内容无法识别，请稍后再试'), opts));
				}
				return;
			}
			reject(report(failure(xhr.status, xhr.responseText), opts));
		};
		xhr.send(file);
	});
}

/**
 * download(path, query, filename, {silent}) — GETs a file (an export, a
 * template) and hands it to the browser as FILENAME. A failure is shown as
 * the server's Chinese message (never a page of JSON) and thrown as ApiError.
 * Returns the number of bytes.
 */
export async function download(path, query, filename, opts = {}) {
	let res;
	try {
		res = await fetch('/api/v1' + path + buildQuery(query), { credentials: 'same-origin' });
	} catch {
		throw report(new ApiError(0, 'network', '无法连接服务器，请检查网络后重试'), opts);
	}
	if (!res.ok) throw report(failure(res.status, await res.text()), opts);
	const blob = await res.blob();
	const a = document.createElement('a');
	a.href = URL.createObjectURL(blob);
	a.download = filename;
	document.body.appendChild(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(a.href), 10000);
	return blob.size;
}

/** Encodes one path segment (a USCC, a year, an id). */
export const seg = (s) => encodeURIComponent(String(s));
