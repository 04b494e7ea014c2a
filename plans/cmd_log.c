/* lockstep log [-C REPO] [--layout L] [--path P] [--store FILE] [--rev REV] [OBJECT]
 *
 * Like `git log` for the schema: each revision that changed it (or the
 * object), newest first, with what changed and — for one object — the
 * statements that did it. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "lockstep/render.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* "Sat Nov 22 10:04:05 2026 +0100", in the author's own offset, as git
 * prints it; the C locale's names, whatever the environment says. */
static void format_date(char *buf, size_t size, int64_t t, int offset)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t local = (time_t)(t + (int64_t)offset * 60);
	struct tm tm;
	gmtime_r(&local, &tm);
	int off = offset < 0 ? -offset : offset;
	snprintf(buf, size, "%s %s %d %02d:%02d:%02d %d %c%02d%02d", days[tm.tm_wday],
			months[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
			tm.tm_year + 1900, offset < 0 ? '-' : '+', off / 60, off % 60);
}

/* Every field of an entry is input — the author and subject of a commit,
 * names and statements of its migrations — and goes out on one line
 * (ls_render_line): a name holding a newline, or a subject holding a
 * terminal escape, cannot forge a line of the log or of a CI runner's. */
static int print_entry(void *ctx, const ls_history_entry *e, ls_error *err)
{
	(void)ctx;
	(void)err;
	char date[64];
	format_date(date, sizeof date, e->time, e->offset);
	printf("commit %s\nAuthor: ", e->commit);
	ls_render_line(stdout, e->author);
	printf("\nDate:   %s\n\n    ", date);
	ls_render_line(stdout, e->subject);
	fputs("\n\n", stdout);
	for (size_t i = 0; i < e->n_changes; i++) {
		const ls_history_change *c = &e->changes[i];
		printf("  %c ", c->op);
		ls_render_line(stdout, c->kind);
		fputc(' ', stdout);
		if (c->op == '>') {
			ls_render_line(stdout, c->old_name);
			fputs(" -> ", stdout);
		}
		ls_render_line(stdout, c->name);
		fputc('\n', stdout);
	}
	for (size_t i = 0; i < e->n_statements; i++) {
		fputs("  ", stdout);
		ls_render_line(stdout, e->statements[i].path);
		printf(":%d: ", e->statements[i].line);
		ls_render_line(stdout, e->statements[i].sql);
		fputc('\n', stdout);
	}
	printf("\n");
	return 0;
}

int ls_cmd_log(int argc, char **argv)
{
	const ls_command *self = &ls_commands[3];
	ls_cli_git git = {0};
	const char *store = NULL, *rev = NULL;
	const ls_cli_option opts[] = {
		{"-C", &git.repo, NULL},
		{"--layout", &git.layout, NULL},
		{"--path", &git.path, NULL},
		{"--store", &store, NULL},
		{"--rev", &rev, NULL},
		{NULL, NULL, NULL},
	};
	char *objects[1];
	int n = 0;
	if (ls_cli_parse(self, argc, argv, opts, objects, &n, 1))
		return 2;
	ls_error err;
	ls_error_clear(&err);
	ls_history *h = NULL;
	int rc = rev ? ls_cli_refuse_conninfo(rev, "revision", &err) : 0;
	if (rc == 0)
		rc = ls_cli_open_history(&h, &git, store, &err);
	if (rc == 0)
		rc = ls_history_log(h, rev, n ? objects[0] : NULL, print_entry, NULL, &err);
	ls_history_free(h);
	if (fflush(stdout) != 0 && rc == 0)
		rc = ls_error_set(&err, LS_EIO, "stdout", 0, 0, "write failed");
	return rc < 0 ? ls_cli_report(&err) : 0;
}
