/*
 * cmd_user — `gaoqi user add|list|passwd|disable|enable`: accounts from the
 * command line.
 *
 * Runs with the command line's admin scope (ledger_system_scope): the writes
 * are audited as user "system", source "cli". Passwords are read from
 * standard input (one line), never from the command line where other users
 * of the machine could see them, and hashed with argon2id by the ledger.
 * The database must exist and be initialised (gaoqi init).
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/arena.h"
#include "ledger/ledger.h"
#include "ledger/access/user.h"
#include "store/store.h"

#define MAX_AREAS 64

static void usage(void)
{
	printf("usage: gaoqi user add NAME --role ROLE [--area CODE]... [--enterprise USCC]\n"
	       "                     [--display TEXT] --password-stdin [--db PATH]\n"
	       "       gaoqi user list [--db PATH]\n"
	       "       gaoqi user passwd NAME --password-stdin [--db PATH]\n"
	       "       gaoqi user disable NAME [--db PATH]\n"
	       "       gaoqi user enable NAME [--db PATH]\n"
	       "\n"
	       "ROLE is admin, city, county, expert, enterprise or viewer. county and viewer\n"
	       "need at least one --area; enterprise needs --enterprise USCC. The password\n"
	       "(%d to %d bytes) is read as one line from standard input, e.g.\n"
	       "  printf '%%s\\n' \"$PW\" | gaoqi user add li --role county --area 530302 "
	       "--password-stdin\n"
	       "Runs as the system administrator; every change is audited. The database\n"
	       "(default %s) must have been created with gaoqi init.\n",
	       USER_PASSWORD_MIN, USER_PASSWORD_MAX, CMD_DEFAULT_DB);
}

/* ---- display width of UTF-8 text (CJK counts two columns) -------------------- */

/* Print S left-aligned in WIDTH columns followed by two spaces. */
static void cell(const char *s, size_t width)
{
	size_t w = cmd_text_width(s);
	fputs(s, stdout);
	for (; w < width + 2; w++)
		putchar(' ');
}

/* ---- helpers ------------------------------------------------------------------ */

/* Read the password: one line of standard input without its line end. */
static int read_password(char *out, size_t size, struct err *e)
{
	if (!fgets(out, (int)size, stdin))
		return err_set(e, ERR_INVALID, "password", "没有从标准输入读到密码");
	size_t n = strlen(out);
	int complete = n > 0 && out[n - 1] == '\n';
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	if (!complete && !feof(stdin))
		return err_set(e, ERR_INVALID, "password", "密码过长（最多%d个字节）",
			       USER_PASSWORD_MAX);
	if (n < USER_PASSWORD_MIN || n > USER_PASSWORD_MAX)
		return err_set(e, ERR_INVALID, "password", "密码应为%d到%d个字节，实际为%zu个",
			       USER_PASSWORD_MIN, USER_PASSWORD_MAX, n);
	return 0;
}

struct args {
	const char *db;
	const char *name;
	const char *role;
	const char *enterprise;
	const char *display;
	const char *areas[MAX_AREAS];
	size_t n_areas;
	int password_stdin;
};

/* Parse ARGV after the sub-command; the options allowed are in ALLOWED ("rade" letters). */
static int parse(int argc, char **argv, const char *sub, const char *allowed, struct args *a)
{
	memset(a, 0, sizeof *a);
	a->db = CMD_DEFAULT_DB;
	for (int i = 2; i < argc; i++) {
		const char *o = argv[i];
		char key = 0;
		if (!strcmp(o, "--db"))
			key = 'b';
		else if (!strcmp(o, "--role"))
			key = 'r';
		else if (!strcmp(o, "--area"))
			key = 'a';
		else if (!strcmp(o, "--enterprise"))
			key = 'e';
		else if (!strcmp(o, "--display"))
			key = 'd';
		else if (!strcmp(o, "--password-stdin"))
			key = 'p';
		if (key == 'p' && strchr(allowed, 'p')) {
			a->password_stdin = 1;
			continue;
		}
		if (key && (key == 'b' || strchr(allowed, key))) {
			if (i + 1 >= argc)
				return cmd_usage_error("user", "选项 %s 缺少参数", o);
			const char *v = argv[++i];
			switch (key) {
			case 'b': a->db = v; break;
			case 'r': a->role = v; break;
			case 'e': a->enterprise = v; break;
			case 'd': a->display = v; break;
			case 'a':
				if (a->n_areas == MAX_AREAS)
					return cmd_fail("user", "区域最多%d个", MAX_AREAS);
				a->areas[a->n_areas++] = v;
				break;
			}
			continue;
		}
		if (o[0] == '-')
			return cmd_usage_error(
				"user", "user %s 不接受选项“%s”（gaoqi user --help）", sub, o);
		if (a->name || !strchr(allowed, 'n'))
			return cmd_usage_error("user", "多余的参数“%s”", o);
		a->name = o;
	}
	if (strchr(allowed, 'n') && !a->name)
		return cmd_usage_error("user", "user %s 缺少用户名", sub);
	if (strchr(allowed, 'p') && !a->password_stdin)
		return cmd_usage_error("user",
				       "需要 --password-stdin：密码从标准输入读取，不放在命令行上");
	if (strchr(allowed, 'r') && !a->role)
		return cmd_usage_error("user", "user add 需要 --role");
	if (!*a->db)
		return cmd_usage_error("user", "--db 不能为空");
	return -1; /* parsed */
}

/* ---- sub-commands ------------------------------------------------------------- */

static int do_add(struct ledger *l, const struct args *a, struct err *e)
{
	struct user u;
	memset(&u, 0, sizeof u);
	int rc = ledger_role_parse(a->role, &u.role, e);
	if (rc)
		return rc;
	char pw[USER_PASSWORD_MAX + 2];
	if ((rc = read_password(pw, sizeof pw, e)))
		return rc;
	u.name = a->name;
	u.display_name = a->display ? a->display : "";
	u.areas = (const char **)a->areas;
	u.n_areas = a->n_areas;
	u.enterprise_uscc = a->enterprise;
	int64_t id = 0;
	rc = user_create(l, &u, pw, NULL, &id, e);
	memset(pw, 0, sizeof pw);
	if (rc)
		return rc;
	printf("已创建用户 %s（%s）\n", a->name, ledger_role_label(u.role));
	return 0;
}

static int find_user(struct ledger *l, const char *name, struct arena *arena, struct user *u,
		     struct err *e)
{
	return user_get_by_name(l, name, arena, u, e);
}

static int do_list(struct ledger *l, struct arena *arena, struct err *e)
{
	struct user *users = NULL;
	size_t n = 0;
	int rc = user_list(l, arena, &users, &n, e);
	if (rc)
		return rc;
	size_t wn = cmd_text_width("用户名"), wd = cmd_text_width("显示名");
	for (size_t i = 0; i < n; i++) {
		size_t w = cmd_text_width(users[i].name);
		if (w > wn)
			wn = w;
		w = cmd_text_width(users[i].display_name ? users[i].display_name : "");
		if (w > wd)
			wd = w;
	}
	cell("用户名", wn);
	cell("角色", 10);
	cell("显示名", wd);
	cell("状态", 4);
	printf("区域/企业\n");
	for (size_t i = 0; i < n; i++) {
		const struct user *u = &users[i];
		cell(u->name, wn);
		cell(ledger_role_name(u->role), 10);
		cell(u->display_name ? u->display_name : "", wd);
		cell(u->disabled ? "停用" : "正常", 4);
		if (u->enterprise_uscc)
			fputs(u->enterprise_uscc, stdout);
		for (size_t k = 0; k < u->n_areas; k++)
			printf("%s%s", k ? "," : "", u->areas[k]);
		putchar('\n');
	}
	printf("共 %zu 个用户\n", n);
	return 0;
}

int cmd_user(int argc, char **argv)
{
	if (argc < 2)
		return cmd_usage_error("user", "缺少子命令：add、list、passwd、disable 或 enable");
	const char *sub = argv[1];
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		usage();
		return CMD_OK;
	}
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage();
			return CMD_OK;
		}
	const char *allowed = !strcmp(sub, "add")	? "nradep"
			      : !strcmp(sub, "list")	? ""
			      : !strcmp(sub, "passwd")	? "np"
			      : !strcmp(sub, "disable") ? "n"
			      : !strcmp(sub, "enable")	? "n"
							: NULL;
	if (!allowed)
		return cmd_usage_error(
			"user", "未知子命令“%s”：应为 add、list、passwd、disable 或 enable", sub);
	struct args a;
	int prc = parse(argc, argv, sub, allowed, &a);
	if (prc >= 0)
		return prc;

	struct store *db = NULL;
	struct arena *arena = arena_new();
	struct err e;
	err_clear(&e);
	int rc = cmd_open_db(a.db, &db, &e);
	if (rc)
		goto out;
	struct ledger l;
	struct scope sys = ledger_system_scope();
	ledger_init(&l, db, &sys, "cli");
	struct user u;
	if (!strcmp(sub, "add")) {
		rc = do_add(&l, &a, &e);
	} else if (!strcmp(sub, "list")) {
		rc = do_list(&l, arena, &e);
	} else if ((rc = find_user(&l, a.name, arena, &u, &e)) == 0) {
		if (!strcmp(sub, "passwd")) {
			char pw[USER_PASSWORD_MAX + 2];
			rc = read_password(pw, sizeof pw, &e);
			if (rc == 0)
				rc = user_set_password(&l, u.id, NULL, pw, NULL, &e);
			memset(pw, 0, sizeof pw);
			if (rc == 0)
				printf("已修改用户 %s 的密码\n", a.name);
		} else {
			int disable = !strcmp(sub, "disable");
			rc = user_set_disabled(&l, u.id, disable, &e);
			if (rc == 0)
				printf("已%s用户 %s\n", disable ? "停用" : "启用", a.name);
		}
	}
out:
	store_close(db);
	arena_free(arena);
	if (rc)
		return cmd_fail("user", "%s", e.msg);
	return CMD_OK;
}
