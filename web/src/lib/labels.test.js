// The audit log names the login operations in Chinese (never the raw codes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditActionName, auditTableName, fieldLabel, LOGIN_FAILURE_REASONS } from './labels.js';

test('login operations of the audit log have Chinese names', () => {
	assert.equal(auditActionName('login'), '登录');
	assert.equal(auditActionName('login_failed'), '登录失败');
	assert.equal(auditActionName('login_throttled'), '登录受限（失败过多）');
	assert.equal(auditActionName('logout'), '退出登录');
	assert.equal(auditTableName('sessions'), '登录');
	assert.equal(fieldLabel('failures'), '连续失败次数');
	assert.equal(fieldLabel('retry_after'), '需等待（秒）');
	assert.deepEqual(Object.keys(LOGIN_FAILURE_REASONS).sort(), ['disabled', 'unknown_user', 'wrong_password']);
	assert.equal(LOGIN_FAILURE_REASONS.disabled, '账户已停用');
});

test('the audit table shows a login failure reason in words', async () => {
	const { auditValue } = await import('./display.js');
	assert.equal(auditValue('sessions', 'reason', 'wrong_password'), '密码错误');
	assert.equal(auditValue('sessions', 'reason', 'disabled'), '账户已停用');
});
