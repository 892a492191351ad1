// Uploaded files shown to people (policy documents, announcement attachments).

/** A file's size for people: "12 KB", "3.4 MB" (at least 1 KB). */
export function formatSize(n) {
	if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
	return `${Math.max(1, Math.round(n / 1024))} KB`;
}

/** The largest file the server accepts (ledger/publicity/upload.h). */
export const UPLOAD_MAX = 20 * 1024 * 1024;

/** The file types an announcement takes, for <input accept>. */
export const ATTACHMENT_ACCEPT = '.pdf,.docx,.doc,.xlsx,.png,.jpg,.jpeg';

/** A short tag of a file type: "PDF", "Word", "Excel", "图片". */
export function fileKind(type) {
	return { pdf: 'PDF', docx: 'Word', doc: 'Word', xlsx: 'Excel', png: '图片', jpg: '图片' }[type] ?? (type || '').toUpperCase();
}
