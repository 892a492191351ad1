/*
 * gaoqi — the table of sub-commands. Each lives in src/cmd/cmd_<name>.c.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{"help", cmd_help, "show this list"},
	{"version", cmd_version, "print the version"},
	{"uscc", cmd_uscc, "check unified social credit codes (GB 32100)"},
	{"serve", cmd_serve, "run the web server (JSON API and UI)"},
	{"assess", cmd_assess, "assess profiles (JSON) or screen a database"},
	{"plan", cmd_plan, "generate the one-enterprise-one-plan (一企一策) of a profile"},
	{"init", cmd_init, "create or migrate the database and seed the areas"},
	{"demo", cmd_demo, "create a demo database (synthetic Qujing ledger)"},
	{"user", cmd_user, "add, list, disable users; set passwords"},
	{"enterprise", cmd_enterprise, "list or show enterprises of the register"},
	{"backup", cmd_backup, "copy the database while it is in use"},
	{"migrate", cmd_migrate, "copy a SQLite database into a new PostgreSQL database"},
	{"restore", cmd_restore, "put a backup in place of the database (server stopped)"},
	{"import", cmd_import, "import a ledger from .xlsx or .csv (one transaction)"},
	{"outcomes", cmd_outcomes, "apply a batch's public-notice list or the TSME list"},
	{"export", cmd_export, "export the ledger to .xlsx or .csv, or the import template"},
	{"reassess", cmd_reassess,
	 "store every enterprise's assessment for today, rebuild reminders"},
	{"remind", cmd_remind,
	 "today's reminders (certificates, TSME, indicators, problems, risk)"},
	{"progress", cmd_progress, "the year's target progress, score and rank of every area"},
	{"awards", cmd_awards, "account a year's award funds (dry run, --apply) and export them"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("gaoqi — 高新技术企业培育管理系统\n\n"
	       "usage: gaoqi COMMAND [OPTIONS]   (gaoqi COMMAND --help for details)\n\n"
	       "commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		printf("  %-12s %s\n", commands[i].name, commands[i].summary);
	return CMD_OK;
}

int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("gaoqi 0.1.0\n");
	return CMD_OK;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		cmd_help(0, NULL);
		return CMD_USAGE;
	}
	const char *name = argv[1];
	if (!strcmp(name, "--help") || !strcmp(name, "-h"))
		return cmd_help(0, NULL);
	if (!strcmp(name, "--version"))
		return cmd_version(0, NULL);
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "gaoqi: 未知命令“%s”，运行 gaoqi help 查看可用命令\n", name);
	return CMD_USAGE;
}
