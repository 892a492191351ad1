/*
 * cmd_uscc — `gaoqi uscc CODE...`: check unified social credit codes.
 *
 * One line per code on stdout: "CODE  有效  AUTHORITY·CATEGORY  区划REGION" or
 * "CODE  无效  why". `-` reads one code per line from standard input. Exit 0
 * when every code is valid, 1 when any is invalid, 2 on a usage error. No
 * database is touched.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "rules/uscc.h"

#define LINE_MAX_BYTES 4096

static void usage(void)
{
	printf("usage: gaoqi uscc CODE... | gaoqi uscc -\n"
	       "\n"
	       "Check unified social credit codes (统一社会信用代码, GB 32100-2015): the\n"
	       "alphabet, positions 1-2 (registration authority and category), the region\n"
	       "code (positions 3-8) and the check character (position 18). Lower case is\n"
	       "accepted. `-` reads one code per line from standard input.\n"
	       "Prints one line per code; exits 1 if any code is invalid.\n");
}

/* Check one code and print its line; returns 1 when valid. */
static int check_one(const char *s, size_t n)
{
	struct uscc u;
	struct err e;
	err_clear(&e);
	if (uscc_parse(s, n, 0, &u, &e) == 0) {
		printf("%s  有效  %s·%s  区划%s\n", u.code, u.authority, u.category, u.region);
		return 1;
	}
	/* Show the input as given, without surrounding white space. */
	while (n > 0 && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	printf("%.*s  无效  %s\n", (int)n, n ? s : "(空)", e.msg);
	return 0;
}

static int check_stdin(int *all_ok)
{
	char line[LINE_MAX_BYTES];
	long lineno = 0;
	while (fgets(line, sizeof line, stdin)) {
		lineno++;
		size_t n = strlen(line);
		if (n == sizeof line - 1 && line[n - 1] != '\n')
			return cmd_fail("uscc", "标准输入第%ld行过长（超过%d字节）", lineno,
					LINE_MAX_BYTES - 2);
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		if (n == 0)
			continue;
		if (!check_one(line, n))
			*all_ok = 0;
	}
	if (ferror(stdin))
		return cmd_fail("uscc", "读取标准输入失败");
	return CMD_OK;
}

int cmd_uscc(int argc, char **argv)
{
	if (argc < 2)
		return cmd_usage_error("uscc",
				       "缺少要检查的代码（gaoqi uscc CODE...，或 - 读标准输入）");
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage();
			return CMD_OK;
		}
		if (argv[i][0] == '-' && argv[i][1] != '\0')
			return cmd_usage_error("uscc", "未知选项“%s”", argv[i]);
	}
	int all_ok = 1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-")) {
			int rc = check_stdin(&all_ok);
			if (rc != CMD_OK)
				return rc;
		} else if (!check_one(argv[i], strlen(argv[i]))) {
			all_ok = 0;
		}
	}
	return all_ok ? CMD_OK : CMD_FAIL;
}
