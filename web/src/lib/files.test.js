// node --test: the file helpers of lib/files.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSize, fileKind, UPLOAD_MAX } from './files.js';

test('sizes in KB and MB, never 0 KB', () => {
	assert.equal(formatSize(45), '1 KB');
	assert.equal(formatSize(9321), '9 KB');
	assert.equal(formatSize(3.4 * 1024 * 1024), '3.4 MB');
	assert.equal(UPLOAD_MAX, 20971520);
});

test('file kinds', () => {
	assert.equal(fileKind('docx'), 'Word');
	assert.equal(fileKind('xlsx'), 'Excel');
	assert.equal(fileKind('jpg'), '图片');
	assert.equal(fileKind('zip'), 'ZIP');
});
