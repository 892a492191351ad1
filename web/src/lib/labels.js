// Chinese names and tag colours of the codes used by the API (product.md §1,
// C1; rules.md §1, §7).

export const TIERS = [
	{ code: 'prospect', name: '排查对象', type: 'info' },
	{ code: 'tsme', name: '科技型中小企业', type: 'primary' },
	{ code: 'reserve', name: '后备培育库', type: 'warning' },
	{ code: 'key', name: '当年重点培育', type: 'danger' },
	{ code: 'hnte', name: '高新技术企业', type: 'success' },
	{ code: 'leader', name: '科技领军企业', type: 'success', effect: 'dark' },
	{ code: 'exited', name: '已退出', type: 'info', effect: 'plain' },
];
export const tierOf = (code) => TIERS.find((t) => t.code === code) ?? { code, name: code || '—', type: 'info' };

export const VERDICTS = [
	{ code: 'pass', name: '符合', type: 'success' },
	{ code: 'borderline', name: '待专家评判', type: 'warning' },
	{ code: 'fail', name: '不符合', type: 'danger' },
	{ code: 'incomplete', name: '数据不全', type: 'info' },
];
export const verdictOf = (code) => VERDICTS.find((v) => v.code === code) ?? { code, name: code || '—', type: 'info' };

export const CONDITION_STATUS = {
	pass: { name: '满足', type: 'success', icon: '✔' },
	fail: { name: '不满足', type: 'danger', icon: '✘' },
	unknown: { name: '待定', type: 'warning', icon: '？' },
};

/** The short tag of a gap of the diagnosis: the condition id (C1…C8), or a Chinese word for the others. */
export function gapTag(id) {
	return { score: '评分', C5_domestic: 'C5境内', revoked: '撤销', tsme_data_year: '科小' }[id] ?? id;
}

export const CONDITIONS = {
	C1: '注册成立一年以上',
	C2: '拥有核心自主知识产权',
	C3: '属于重点支持的高新技术领域',
	C4: '科技人员占比不低于10%',
	C5: '近三年研发费用占比达标',
	C6: '高新技术产品（服务）收入占比不低于60%',
	C7: '创新能力评价得分70分以上',
	C8: '申请前一年内无重大安全、质量事故或严重违法行为',
};

// The Chinese names of the role codes, to show and to pick a role from. What a
// role may do is the server's (session.js can()), never decided from these.
export const ROLES = [
	{ code: 'admin', name: '系统管理员' },
	{ code: 'city', name: '市科技局' },
	{ code: 'county', name: '县级科技部门' },
	{ code: 'expert', name: '服务专家' },
	{ code: 'enterprise', name: '企业用户' },
	{ code: 'viewer', name: '只读用户' },
];
export const roleName = (code) => ROLES.find((r) => r.code === code)?.name ?? code;

export const FIELDS_L1 = [
	{ code: '10', name: '电子信息' },
	{ code: '20', name: '生物与新医药' },
	{ code: '30', name: '航空航天' },
	{ code: '40', name: '新材料' },
	{ code: '50', name: '高技术服务' },
	{ code: '60', name: '新能源与节能' },
	{ code: '70', name: '资源与环境' },
	{ code: '80', name: '先进制造与自动化' },
];

export const IP_KINDS = [
	{ code: 'invention_patent', name: '发明专利', cls: 'I' },
	{ code: 'defense_patent', name: '国防专利', cls: 'I' },
	{ code: 'plant_variety', name: '植物新品种', cls: 'I' },
	{ code: 'crop_variety', name: '国家级农作物品种', cls: 'I' },
	{ code: 'new_drug', name: '国家新药', cls: 'I' },
	{ code: 'tcm_protected_grade1', name: '国家一级中药保护品种', cls: 'I' },
	{ code: 'ic_layout', name: '集成电路布图设计专有权', cls: 'I' },
	{ code: 'utility_model', name: '实用新型专利', cls: 'II' },
	{ code: 'design_patent', name: '外观设计专利', cls: 'II' },
	{ code: 'software_copyright', name: '软件著作权', cls: 'II' },
	{ code: 'other_ii', name: '其他Ⅱ类知识产权', cls: 'II' },
];
export const ipKindName = (code) => IP_KINDS.find((k) => k.code === code)?.name ?? code;

export const ACQUIRED = [
	{ code: 'self', name: '自主研发' },
	{ code: 'transfer', name: '受让' },
	{ code: 'gift', name: '受赠' },
	{ code: 'merger', name: '并购' },
];
export const acquiredName = (code) => ACQUIRED.find((a) => a.code === code)?.name ?? code;

// Casework (docs/api.md "Casework"): problem categories and statuses, visit
// kinds, the effect of a visit on a problem, expert specialities, escalation.
export const PROBLEM_CATEGORIES = [
	{ code: 'ip', name: '知识产权', type: 'primary' },
	{ code: 'rd_accounting', name: '研发费用归集', type: 'warning' },
	{ code: 'staff', name: '科技人员', type: 'success' },
	{ code: 'revenue', name: '收入结构', type: 'danger' },
	{ code: 'management', name: '管理制度', type: 'info' },
	{ code: 'finance', name: '财务', type: 'warning' },
	{ code: 'materials', name: '申报材料', type: 'primary' },
	{ code: 'other', name: '其他', type: 'info' },
];
export const categoryOf = (code) => PROBLEM_CATEGORIES.find((c) => c.code === code) ?? { code, name: code || '—', type: 'info' };

// closed: no longer counts as open work (not overdue, may only be reopened)
export const PROBLEM_STATUSES = [
	{ code: 'open', name: '待解决', type: 'danger', closed: false },
	{ code: 'in_progress', name: '解决中', type: 'warning', closed: false },
	{ code: 'resolved', name: '已解决', type: 'success', closed: true },
	{ code: 'wont_fix', name: '不予解决', type: 'info', closed: true },
];
export const statusOf = (code) => PROBLEM_STATUSES.find((s) => s.code === code) ?? { code, name: code || '—', type: 'info', closed: false };

export const VISIT_KINDS = [
	{ code: 'onsite', name: '实地走访', type: 'primary' },
	{ code: 'online', name: '线上辅导', type: 'success' },
	{ code: 'phone', name: '电话沟通', type: 'info' },
	{ code: 'meeting', name: '座谈会', type: 'warning' },
];
export const visitKindOf = (code) => VISIT_KINDS.find((k) => k.code === code) ?? { code, name: code || '—', type: 'info' };

export const VISIT_EFFECTS = [
	{ code: 'raised', name: '提出', type: 'warning' },
	{ code: 'resolved', name: '解决', type: 'success' },
];
export const visitEffectOf = (code) => VISIT_EFFECTS.find((e) => e.code === code) ?? { code, name: code || '—', type: 'info' };

export const SPECIALITIES = [
	{ code: 'rd_accounting', name: '财务与研发费用归集' },
	{ code: 'ip', name: '知识产权' },
	{ code: 'technology', name: '技术领域' },
	{ code: 'management', name: '管理体系' },
	{ code: 'application', name: '申报材料' },
];
export const specialityName = (code) => SPECIALITIES.find((s) => s.code === code)?.name ?? code;

export const ESCALATIONS = [
	{ code: 'none', name: '', type: 'info' },
	{ code: 'county', name: '县级督办', type: 'warning' },
	{ code: 'city', name: '市级督办', type: 'danger' },
];
export const escalationOf = (code) => ESCALATIONS.find((e) => e.code === code) ?? { code, name: '', type: 'info' };

export const BANDS = ['A', 'B', 'C', 'D', 'E'];

export const AUDIT_ACTIONS = [
	{ code: 'create', name: '新增' },
	{ code: 'update', name: '修改' },
	{ code: 'delete', name: '删除' },
	{ code: 'tier', name: '梯度调整' },
	{ code: 'login', name: '登录' },
	{ code: 'login_failed', name: '登录失败' },
	{ code: 'login_throttled', name: '登录受限（失败过多）' },
	{ code: 'logout', name: '退出登录' },
	{ code: 'throttled', name: '登录受限' },
	{ code: 'lock', name: '锁定' },
	{ code: 'unlock', name: '解锁' },
	{ code: 'disable', name: '停用' },
	{ code: 'enable', name: '启用' },
	{ code: 'password', name: '重置密码' },
	{ code: 'import', name: '导入' },
	{ code: 'demo', name: '生成演示数据' },
];
export const auditActionName = (code) => AUDIT_ACTIONS.find((a) => a.code === code)?.name ?? code;

export const AUDIT_TABLES = [
	{ code: 'enterprises', name: '企业' },
	{ code: 'indicators', name: '年度指标' },
	{ code: 'ip_items', name: '知识产权' },
	{ code: 'users', name: '用户' },
	{ code: 'sessions', name: '登录' },
	{ code: 'problems', name: '问题清单' },
	{ code: 'problem_comments', name: '问题评论' },
	{ code: 'visits', name: '走访记录' },
	{ code: 'expert_profiles', name: '专家信息' },
	{ code: 'expert_assignments', name: '专家指派' },
	{ code: 'areas', name: '地区' },
	{ code: 'qualitative', name: '定性评价' },
	{ code: 'sessions', name: '登录会话' },
];
export const auditTableName = (code) => AUDIT_TABLES.find((a) => a.code === code)?.name ?? code;

/** Chinese names of the record fields shown in the audit log. */
export const FIELD_LABELS = {
	uscc: '信用代码', name: '企业名称', area: '地区', areas: '管辖地区', address: '地址', registered_on: '成立日期',
	legal_rep: '法定代表人', contact_name: '联系人', contact_phone: '联系电话', industry: '行业', field: '技术领域',
	main_products: '主要产品', above_scale: '规上企业', listed: '上市', tags: '标签', tier: '梯度', exit_reason: '退出原因',
	hnte_cert_no: '高企证书编号', hnte_issued_on: '发证日期', hnte_expires_on: '证书到期', hnte_batch: '认定批次',
	tsme_reg_no: '科小编号', tsme_year: '科小年度', county_contact: '县级联系人', registered_capital: '注册资本', capital_currency: '注册资本币种', username: '用户名', display_name: '姓名/单位',
	role: '角色', enterprise: '所属企业', disabled: '停用', year: '年度', staff: '职工总数', st_staff: '科技人员数',
	sales_main: '主营业务收入', sales_other: '其他业务收入', sales: '销售收入', gross_income: '总收入',
	non_taxable_income: '不征税收入', hitech_income: '高新收入', rd_total: '研发费用总额', rd_domestic: '境内研发费用',
	total_assets: '资产总额', total_liabilities: '负债总额', cost_expense_total: '成本费用总额', conversions: '成果转化数',
	incident: '重大事故', locked: '锁定', kind: '种类', number: '编号', title: '名称', granted_on: '授权日期',
	expires_on: '到期日期', legal_status: '法律状态', valid: '有效', acquired: '获得方式', used_in_recognition: '已用于认定',
	'rd.personnel': '研发-人员人工', 'rd.direct': '研发-直接投入', 'rd.depreciation': '研发-折旧', 'rd.amortization': '研发-摊销',
	'rd.design': '研发-设计', 'rd.trials': '研发-试验', 'rd.other': '研发-其他', 'rd.entrusted_domestic': '研发-委托境内',
	'rd.entrusted_overseas': '研发-委托境外',
	rd_personnel: '研发-人员人工', rd_direct: '研发-直接投入', rd_depreciation: '研发-折旧', rd_amortization: '研发-摊销',
	rd_design: '研发-设计', rd_trials: '研发-试验', rd_other: '研发-其他', rd_entrusted_domestic: '研发-委托境内',
	rd_entrusted_overseas: '研发-委托境外',
	category: '问题类别', description: '问题描述', owner: '负责人', owner_id: '负责人', due_on: '截止日期', status: '状态',
	reason: '原因', resolution: '解决情况', resolved_on: '解决日期', gap_id: '诊断差距', gap_amount: '差距大小',
	body: '评论', visited_on: '走访日期', others: '其他参加人员', content: '走访内容', next_step: '下一步工作', next_on: '下一步日期',
	participants: '参加人员', problems: '涉及问题', organisation: '工作单位', phone: '联系电话', specialities: '专业特长', note: '备注',
	expert: '专家', expert_id: '专家',
	code: '代码', old_codes: '曾用代码', advancement: '技术先进程度', core_support: '核心支持作用', rd_org_band: '研发组织管理档次',
	rd_org: '研发组织管理', standards: '参与标准制定', rated_by: '评价人', file: '文件', rows: '行数',
	failures: '连续失败次数', retry_after: '需等待（秒）',
};

/** Why a login failed (audit "login_failed", member "reason"). */
export const LOGIN_FAILURE_REASONS = {
	unknown_user: '用户名不存在',
	wrong_password: '密码错误',
	disabled: '账户已停用',
};
export const fieldLabel = (k) => FIELD_LABELS[k] ?? k;

/** The kinds of areas (the "kind" of an area, docs/api.md "Areas"). */
export const AREA_KINDS = [
	{ code: 'district', name: '市辖区' },
	{ code: 'county', name: '县' },
	{ code: 'city', name: '县级市' },
	{ code: 'zone', name: '开发区/功能区' },
];
export const areaKindName = (code) => AREA_KINDS.find((k) => k.code === code)?.name ?? code;

/** Who did it: a user name, or the command line's "system" (demo data, CLI imports). */
export const operatorName = (user) => (!user ? '—' : user === 'system' ? '系统' : user);

/** Rule-set names of rules.md §7 ("hnte-2016+tsme-2022") as people know the documents. */
const RULE_DOCS = { hnte: '高企认定办法', tsme: '科小评价办法' };
export function rulesetName(name) {
	if (!name) return '—';
	const parts = String(name).split('+').map((p) => {
		const m = /^([a-z]+)-(\d{4})$/.exec(p);
		return m && RULE_DOCS[m[1]] ? `${RULE_DOCS[m[1]]}（${m[2]}年版）` : null;
	});
	return parts.every(Boolean) ? parts.join('、') : name;
}

/** Today as YYYY-MM-DD in local time. */
export function today() {
	const d = new Date();
	const p = (n) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
export const thisYear = () => new Date().getFullYear();

/** "2026-03-01T08:00:00Z" → "2026-03-01 16:00" in local time. */
export function formatTimestamp(ts) {
	if (!ts) return '';
	const d = new Date(ts);
	if (Number.isNaN(d.getTime())) return ts;
	const p = (n) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
