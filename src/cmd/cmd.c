/* cmd — shared helpers of the sub-commands. */
#include "cmd/cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/err.h"
#include "core/strbuf.h"
#include "store/store.h"

__attribute__((format(printf, 3, 0))) static int report(int rc, const char *cmd, const char *fmt,
							va_list ap)
{
	fprintf(stderr, "gaoqi %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	return rc;
}

int cmd_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = report(CMD_USAGE, cmd, fmt, ap);
	va_end(ap);
	return rc;
}

int cmd_fail(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = report(CMD_FAIL, cmd, fmt, ap);
	va_end(ap);
	return rc;
}

int cmd_file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

int cmd_read_file(const char *cmd, const char *path, struct strbuf *sb)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f)
		return cmd_fail(cmd, "无法打开文件 %s：%s", path, strerror(errno));
	int rc = CMD_OK;
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		if (strbuf_add(sb, buf, n)) {
			rc = cmd_fail(cmd, "%s 过大：最多%zu字节", path, sb->max);
			break;
		}
	}
	if (rc == CMD_OK && ferror(f))
		rc = cmd_fail(cmd, "读取 %s 失败：%s", path, strerror(errno));
	if (f != stdin)
		fclose(f);
	return rc;
}

int cmd_open_db(const char *path, struct store **db, struct err *e)
{
	if (!store_is_postgres(path) && !cmd_file_exists(path))
		return err_set(e, ERR_NOT_FOUND, "db",
			       "数据库文件不存在：%s（请先运行 gaoqi init）", path);
	int rc = store_open(path, 0, db, e);
	if (rc == 0)
		rc = store_check_schema(*db, e);
	return rc;
}

size_t cmd_char_width(const unsigned char *p, size_t *len)
{
	unsigned cp = *p;
	size_t n = 1;
	if (*p >= 0xF0) {
		cp = *p & 0x07;
		n = 4;
	} else if (*p >= 0xE0) {
		cp = *p & 0x0F;
		n = 3;
	} else if (*p >= 0xC0) {
		cp = *p & 0x1F;
		n = 2;
	}
	size_t i = 1;
	for (; i < n && p[i]; i++)
		cp = (cp << 6) | (p[i] & 0x3F);
	*len = i;
	int wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
		   (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
		   (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
		   (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000;
	return wide ? 2 : 1;
}

size_t cmd_text_width(const char *s)
{
	size_t w = 0, len;
	for (const unsigned char *p = (const unsigned char *)s; *p; p += len)
		w += cmd_char_width(p, &len);
	return w;
}

int cmd_file_and_db(const char *cmd, int argc, char **argv, const char *missing,
		    void (*usage)(void), const char **file, const char **db)
{
	*db = CMD_DEFAULT_DB;
	*file = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage();
			return CMD_HELP;
		} else if (!strcmp(a, "--db")) {
			if (i + 1 >= argc)
				return cmd_usage_error(cmd, "选项 --db 缺少参数");
			*db = argv[++i];
		} else if (a[0] == '-' && a[1] != '\0') {
			return cmd_usage_error(cmd, "未知选项“%s”（gaoqi %s --help 查看用法）", a,
					       cmd);
		} else if (!*file) {
			*file = a;
		} else {
			return cmd_usage_error(cmd, "多余的参数“%s”", a);
		}
	}
	if (!*file || !**file)
		return cmd_usage_error(cmd, "%s", missing);
	if (!**db)
		return cmd_usage_error(cmd, "--db 不能为空");
	return CMD_OK;
}
