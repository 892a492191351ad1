import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retryDelay } from './retry.js';

test('a busy read is asked again after Retry-After, twice at most; writes never', () => {
	assert.equal(retryDelay('GET', 503, '2', 1), 2000);
	assert.equal(retryDelay('GET', 503, '2', 2), 2000);
	assert.equal(retryDelay('GET', 503, '2', 3), -1);
	assert.equal(retryDelay('GET', 503, null, 1), 2000);
	assert.equal(retryDelay('GET', 503, '600', 1), 10000);
	assert.equal(retryDelay('PUT', 503, '2', 1), -1);
	assert.equal(retryDelay('POST', 503, '2', 1), -1);
	assert.equal(retryDelay('GET', 500, '2', 1), -1);
	assert.equal(retryDelay('GET', 429, '2', 1), -1);
});
