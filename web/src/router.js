// Routes and the guard: every page but the login needs a session; a page
// with meta.can needs at least one of those capabilities (the server's, see
// lib/capabilities.js; the server enforces the same table and scope).
import { createRouter, createWebHistory } from 'vue-router';
import { session, loadSession, clearSession, homeFor, can } from './session.js';
import { setUnauthorizedHandler } from './api/client.js';

const Login = () => import('./pages/login/LoginPage.vue');
const Layout = () => import('./pages/layout/AppLayout.vue');
const Dashboard = () => import('./pages/dashboard/DashboardPage.vue');
const Ledger = () => import('./pages/ledger/LedgerPage.vue');
const Enterprise = () => import('./pages/enterprise/EnterprisePage.vue');
const Admin = () => import('./pages/admin/AdminPage.vue');
const Import = () => import('./pages/import/ImportPage.vue');
const MyWork = () => import('./pages/mywork/MyWorkPage.vue');
const Problems = () => import('./pages/problems/ProblemsPage.vue');
const Experts = () => import('./pages/experts/ExpertsPage.vue');
const Apply = () => import('./pages/apply/ApplyPage.vue');
const Reminders = () => import('./pages/reminders/RemindersPage.vue');
const Calendar = () => import('./pages/calendar/CalendarPage.vue');
// targets (issue 14)
const Board = () => import('./pages/targets/BoardPage.vue');
const Targets = () => import('./pages/targets/TargetsPage.vue');
const Scorecard = () => import('./pages/targets/ScorecardPage.vue');
const Announcements = () => import('./pages/announcements/AnnouncementsPage.vue');
const Questions = () => import('./pages/questions/QuestionsPage.vue');
const Awards = () => import('./pages/awards/AwardsPage.vue');
// policy library and trainings (issue 16)
const Policies = () => import('./pages/policies/PoliciesPage.vue');
const Trainings = () => import('./pages/trainings/TrainingsPage.vue');

const routes = [
	{ path: '/login', name: 'login', component: Login, meta: { public: true, title: '登录' } },
	{
		path: '/',
		component: Layout,
		children: [
			{ path: '', name: 'dashboard', component: Dashboard, meta: { title: '首页', can: ['dashboard'] } },
			{ path: 'ledger', name: 'ledger', component: Ledger, meta: { title: '企业台账', can: ['enterprises.list'] } },
			{ path: 'import', name: 'import', component: Import, meta: { title: '导入台账', can: ['imports'] } },
			{ path: 'enterprises/:uscc', name: 'enterprise', component: Enterprise, meta: { title: '企业详情' } },
			{ path: 'my-work', name: 'my-work', component: MyWork, meta: { title: '我的待办', can: ['casework.write'] } },
			{ path: 'problems', name: 'problems', component: Problems, meta: { title: '问题清单', can: ['enterprises.list'] } },
			{ path: 'applications', name: 'applications', component: Apply, meta: { title: '申报管理', can: ['applications.write', 'batches.manage'] } },
			{ path: 'awards', name: 'awards', component: Awards, meta: { title: '奖补资金', can: ['awards.read'] } },
			{ path: 'experts', name: 'experts', component: Experts, meta: { title: '专家服务团', can: ['dashboard'] } },
			{ path: 'reminders', name: 'reminders', component: Reminders, meta: { title: '提醒', can: ['reminders'] } },
			{ path: 'calendar', name: 'calendar', component: Calendar, meta: { title: '工作日历', can: ['reminders'] } },
			{ path: 'announcements', name: 'announcements', component: Announcements, meta: { title: '通知公告', can: ['announcements.read'] } },
			{ path: 'questions', name: 'questions', component: Questions, meta: { title: '问答', can: ['questions.read'] } },
			// targets (issue 14)
			{ path: 'board', name: 'board', component: Board, meta: { title: '挂图作战', can: ['targets.read'] } },
			{ path: 'targets', name: 'targets', component: Targets, meta: { title: '目标任务', can: ['targets.read'] } },
			{ path: 'scorecard', name: 'scorecard', component: Scorecard, meta: { title: '考核排名', can: ['targets.read'] } },
			// policy library and trainings (issue 16)
			{ path: 'policies', name: 'policies', component: Policies, meta: { title: '政策文件库', can: ['policies.read'] } },
			{ path: 'trainings', name: 'trainings', component: Trainings, meta: { title: '政策培训', can: ['trainings.read'] } },
			{
				path: 'admin',
				name: 'admin',
				component: Admin,
				meta: { title: '系统管理', can: ['users.manage', 'areas.manage', 'audit.read'] },
			},
		],
	},
	{ path: '/:rest(.*)*', redirect: '/' },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
	if (!session.loaded) await loadSession();
	if (to.meta.public) {
		if (to.name === 'login' && session.user) return homeFor(session.user);
		return true;
	}
	if (!session.user) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
	const need = to.meta.can;
	if (need && !need.some((c) => can(c))) {
		const home = homeFor(session.user);
		if (home.name === to.name) return true;
		return home;
	}
	return true;
});

router.afterEach((to) => {
	document.title = `${to.meta.title ?? ''} - 高新技术企业培育管理系统`;
});

setUnauthorizedHandler(() => {
	const current = router.currentRoute.value;
	clearSession();
	if (current.name !== 'login') {
		router.replace({ name: 'login', query: { redirect: current.fullPath, expired: '1' } });
	}
});
