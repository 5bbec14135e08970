/* SPDX-License-Identifier: MIT */
/* export.c - the export keys: the current view's rows as its export op
 * builds them, written with the CLI's table writer and headed with the
 * provenance the view's CLI twin (its cli_args op) would write, so that
 * running the command in the header prints the file byte for byte. The
 * file is named on the prompt line: peat-VIEW.EXT in the current folder
 * by default, never an existing file unless the user asks again. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "provenance.h"
#include "strbuf.h"
#include "text.h"
#include "tui.h"

static const char *const extension[FMT_COUNT] = {
	[FMT_CSV] = "csv", [FMT_TSV] = "tsv", [FMT_JSON] = "json", [FMT_MD] = "md", [FMT_LATEX] = "tex"};

/* ---- the CLI twin ---- */

void twin_word(CliTwin *c, const char *word)
{
	c->words = xrealloc(c->words, (c->nwords + 1) * sizeof *c->words);
	c->words[c->nwords++] = xstrdup(word);
}

void twin_option(CliTwin *c, const char *option, const char *fmt, ...)
{
	StrBuf value = {0};
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&value, fmt, ap);
	va_end(ap);
	twin_word(c, option);
	twin_word(c, sb_str(&value));
	sb_free(&value);
}

void twin_snapshot(CliTwin *c, const SnapshotInfo *s)
{
	c->snaps = xrealloc(c->snaps, (c->nsnaps + 1) * sizeof *c->snaps);
	c->snaps[c->nsnaps++] = *s;
}

int twin_snapshot_and_previous(CliTwin *c, Tui *t, const SnapshotInfo *s)
{
	SnapshotInfo two[2];
	PeatErr err = {0};
	int n = snapshot_and_previous(t->store, s, two, &err);
	if (n < 0) {
		tui_message(t, 1, "export: %s", err.msg);
		return -1;
	}
	for (int i = 0; i < n; i++)
		twin_snapshot(c, &two[i]);
	return 0;
}

/* The card filter as `peat ls --card` takes it (a value of the filter's
 * card: field that parses to the same range). */
static void card_option(const ModelFilter *f, char *buf, size_t n)
{
	if (f->card_filter == CARD_NONE)
		snprintf(buf, n, "none");
	else if (f->card_min == f->card_max)
		snprintf(buf, n, "%d", f->card_min);
	else if (f->card_max == 5 && f->card_min <= 5)
		snprintf(buf, n, ">=%d", f->card_min);
	else if (f->card_max == 5)
		snprintf(buf, n, ">5"); /* nothing: card:>5 */
	else if (f->card_max >= 0)
		snprintf(buf, n, "<=%d", f->card_max);
	else
		snprintf(buf, n, "<0"); /* nothing: card:<0 */
}

void twin_filter(CliTwin *c, const ModelFilter *f)
{
	if (f->search[0])
		twin_option(c, "--search", "%s", f->search);
	if (f->library[0])
		twin_option(c, "--library", "%s", f->library);
	if (f->pipeline[0])
		twin_option(c, "--pipeline", "%s", f->pipeline);
	if (f->card_filter != CARD_ANY) {
		char card[16];
		card_option(f, card, sizeof card);
		twin_option(c, "--card", "%s", card);
	}
	if (f->author[0])
		twin_option(c, "--author", "%s", f->author);
	if (f->id[0])
		twin_option(c, "--id", "%s", f->id);
	if (f->license[0])
		twin_option(c, "--license", "%s", f->license);
	if (f->tag[0])
		twin_option(c, "--tag", "%s", f->tag);
	if (f->language[0])
		twin_option(c, "--language", "%s", f->language);
	if (f->downloads.on)
		twin_option(c, "--downloads", "%s", f->downloads_text);
	if (f->likes.on)
		twin_option(c, "--likes", "%s", f->likes_text);
	if (f->created.on)
		twin_option(c, "--created", "%s", f->created_text);
}

void twin_card(CliTwin *c, const char *label, const char *date)
{
	c->source_kind = "card";
	c->source_label = label ? xstrdup(label) : NULL;
	c->source_date = date ? xstrdup(date) : NULL;
}

static void twin_free(CliTwin *c)
{
	for (size_t i = 0; i < c->nwords; i++)
		free(c->words[i]);
	free(c->words);
	free(c->snaps);
	free(c->source_label);
	free(c->source_date);
	memset(c, 0, sizeof *c);
}

/* "peat [--db PATH] --format FMT WORDS...", each word as cmdline_join()
 * quotes the CLI's own command line (heap). */
static char *twin_command(const Tui *t, const CliTwin *c, OutFormat f)
{
	StrBuf sb = {0};
	sb_puts(&sb, "peat");
	if (t->db_path) {
		sb_puts(&sb, " --db ");
		cmdline_put_word(&sb, t->db_path);
	}
	sb_printf(&sb, " --format %s", out_format_name(f));
	for (size_t i = 0; i < c->nwords; i++) {
		sb_putc(&sb, ' ');
		cmdline_put_word(&sb, c->words[i]);
	}
	return sb_take(&sb);
}

/* ---- the file name ---- */

/* peat-VIEW.EXT in folder `dir` ("" = the current one), else the first of
 * peat-VIEW-1.EXT, peat-VIEW-2.EXT, ... that does not exist. */
static void default_name(const char *dir, const char *view, const char *ext, char *buf, size_t n)
{
	size_t len = strlen(dir);
	const char *sep = len && dir[len - 1] != '/' ? "/" : "";
	snprintf(buf, n, "%s%speat-%s.%s", dir, sep, view, ext);
	for (int i = 1; i < 10000 && access(buf, F_OK) == 0; i++)
		snprintf(buf, n, "%s%speat-%s-%d.%s", dir, sep, view, i, ext);
}

/* `typed` with a leading ~ (the home folder) or ~USER expanded, as a
 * shell would: 0, or -1 when the user is unknown or the path too long
 * (said on the status line). */
static int expand_home(Tui *t, const char *typed, char *out, size_t n)
{
	const char *home = NULL, *rest = typed;
	if (typed[0] == '~') {
		size_t ulen = strcspn(typed + 1, "/");
		rest = typed + 1 + ulen;
		char user[256];
		snprintf(user, sizeof user, "%.*s", (int)ulen, typed + 1);
		struct passwd *pw = ulen ? getpwnam(user) : NULL;
		if (!ulen && !((home = getenv("HOME")) && *home))
			pw = getpwuid(getuid());
		if (pw)
			home = pw->pw_dir;
		if (!home) {
			tui_message(t, 1, "export: no home folder for %s", ulen ? user : "you");
			return -1;
		}
	}
	if ((size_t)snprintf(out, n, "%s%s", home ? home : "", rest) >= n) {
		tui_message(t, 1, "export: the file name is too long");
		return -1;
	}
	return 0;
}

/* The file to write, asked on the prompt line with the default name in
 * it: 0 with path set, and *overwrite when it exists and the user asked
 * for it again; -1 when cancelled or refused (said on the status line).
 * A folder gets the default name inside it. */
static int ask_path(Tui *t, const char *view, OutFormat f, char *path, size_t n, int *overwrite)
{
	char name[PATH_MAX], label[96], refused[PATH_MAX] = "";
	default_name("", view, extension[f], name, sizeof name);
	snprintf(label, sizeof label, "export %s to: ", out_format_name(f));
	for (;;) {
		if (!tui_prompt(t, label, name, sizeof name, NULL) || !name[0]) {
			tui_message(t, 0, "export cancelled");
			return -1;
		}
		if (expand_home(t, name, path, n) < 0)
			return -1;
		struct stat sb;
		if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			char dir[PATH_MAX];
			snprintf(dir, sizeof dir, "%s", path);
			default_name(dir, view, extension[f], path, n);
		}
		*overwrite = 0;
		if (stat(path, &sb) != 0)
			return 0;
		if (!S_ISREG(sb.st_mode)) {
			/* A device or a socket is never replaced by a file. */
			tui_message(t, 1, "export: %s is not a file", path);
			return -1;
		}
		if (!strcmp(path, refused)) {
			*overwrite = 1;
			return 0;
		}
		/* Asked again with the same name, it is overwritten. */
		snprintf(refused, sizeof refused, "%s", path);
		snprintf(label, sizeof label, "file exists: Enter overwrites it, Esc cancels: ");
	}
}

/* ---- writing ---- */

/* Write the table to `path`: a new file (never one that appeared since it
 * was asked for), or with `overwrite` a temporary file beside it renamed
 * over it, so a failed write leaves the old file whole. 0, or -1 with
 * errno set and nothing left behind. */
static int write_file(const char *path, int overwrite, const Table *tab, const WriteOptions *opt, const Provenance *prov)
{
	char tmp[PATH_MAX + 32];
	const char *target = path;
	if (overwrite) {
		snprintf(tmp, sizeof tmp, "%s.peat-%ld.tmp", path, (long)getpid());
		target = tmp;
	}
	int fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0)
		return -1;
	FILE *out = fdopen(fd, "w");
	if (!out) {
		close(fd);
	} else {
		errno = 0;
		int rc = table_write(tab, opt, prov, out);
		if (fclose(out) == 0 && rc >= 0 && (!overwrite || rename(tmp, path) == 0))
			return 0;
	}
	int saved = errno ? errno : EIO;
	unlink(target);
	errno = saved;
	return -1;
}

/* The rows and their provenance, written to `path`; said on the status
 * line either way. */
static void write_export(Tui *t, Table *tab, const CliTwin *twin, OutFormat f, const char *path, int overwrite)
{
	char *command = twin_command(t, twin, f);
	DataSources src = {.snaps = twin->snaps,
			   .nsnaps = twin->nsnaps,
			   .source_kind = twin->source_kind,
			   .source_label = twin->source_label,
			   .source_date = twin->source_date};
	ProvenanceBuf prov;
	provenance_build(&prov, command, &src, t->demo);
	/* The glyphs the CLI draws in this locale (LaTeX: ASCII always). */
	WriteOptions opt = {.format = f, .glyphs = text_utf8() ? &glyphs_unicode : &glyphs_ascii};
	if (write_file(path, overwrite, tab, &opt, &prov.prov) < 0) {
		tui_message(t, 1, "cannot write %s: %s", path, strerror(errno));
	} else {
		char *full = realpath(path, NULL);
		tui_message(t, 0, "exported %zu rows to %s", tab->nrows, full ? full : path);
		free(full);
	}
	provenance_release(&prov);
	free(command);
}

void tui_export(Tui *t, OutFormat f)
{
	View *v = t->view;
	if (!v->ops->export || !v->ops->cli_args) {
		tui_message(t, 1, "this view has nothing to export");
		return;
	}
	t->status[0] = '\0';
	CliTwin twin = {0};
	char path[PATH_MAX];
	int overwrite;
	if (v->ops->cli_args(v, t, &twin) < 0) {
		if (!t->status[0])
			tui_message(t, 1, "nothing to export");
	} else if (ask_path(t, v->ops->name, f, path, sizeof path, &overwrite) == 0) {
		Table *tab = v->ops->export(v, t, t->ascii);
		if (tab)
			write_export(t, tab, &twin, f, path, overwrite);
		else if (!t->status[0])
			tui_message(t, 1, "export failed");
		table_free(tab);
	}
	twin_free(&twin);
}
