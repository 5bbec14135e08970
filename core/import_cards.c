/* SPDX-License-Identifier: MIT */
/* import_cards.c - model cards from a folder or a tar archive (.tar,
 * .tar.gz, any compression libarchive reads) laid out as
 * <org>/<name>/README.md, one card per model.
 *
 * Which files are cards: regular files named exactly README.md, at least one
 * folder deep (a README.md at the very top describes the collection, not a
 * model). Every other file is ignored. In folders, hidden folders (".git")
 * are skipped and symbolic links to folders are not followed, so a walk
 * always ends; a symbolic link to a README.md file is read.
 *
 * Model ids from paths: Hub ids are "<org>/<name>" or, for the legacy models
 * that predate organisations, a bare "<name>" (bert-base-uncased; the 2022
 * Hub dump keeps those at model_cards_2022-02/bert-base-uncased/README.md).
 * So a card's folder path has 1 or 2 components once any wrapping folders
 * are removed, and the rule is: let M be the deepest card's folder depth;
 * when M > 2, the first M - 2 components are a wrapper common to every card
 * and are stripped (every card must lie under that wrapper, else the import
 * fails naming the first that does not); when M <= 2 nothing is stripped.
 * A README.md inside the wrapper itself (model_cards_2022-02/README.md)
 * describes the collection and is skipped like one at the top.
 * The one layout this cannot tell apart is a wrapper holding only legacy
 * ids (wrapper/bert-base-uncased/README.md and nothing deeper): it reads as
 * the id "wrapper/bert-base-uncased". Leading "./" and "/" in member names
 * are ignored.
 *
 * Text: a card must be UTF-8 without NUL bytes; anything else fails the
 * import naming the member and nothing is stored. The exception is a card
 * that starts with a UTF-16 byte order mark (Windows editors write these;
 * the 2022 Hub dump has two): it is converted to UTF-8 with iconv. An empty
 * README.md is stored as an empty card: the model has a card, and it says
 * nothing, which is itself a finding about its documentation. A card is
 * free text and keeps its control characters (they are escaped where it is
 * shown); the folder names that make its model id are identifiers
 * (untrusted.h), and a control or bidirectional control in them fails the
 * import.
 *
 * Size: a card larger than CARD_MAX_BYTES (4 MiB; cardsec.h says why) as
 * peat stores it is a bad record like any other: the import fails naming
 * it and its size, rather than store the archive but that card. A card
 * file is not read into memory past the most a card within the cap can be
 * (CARD_READ_MAX).
 *
 * Archives are read twice (first the member names, to find the wrapper,
 * then the cards), so memory stays at one card whatever the archive size.
 * A card member that is a hard or symbolic link to another member (tar
 * stores a hard link without data) gets that member's text, kept in memory
 * only for such targets; a link out of the archive fails the import.
 *
 * The same card twice: an archive may hold two members for one model (tar
 * -r appends a newer copy; "org/x/README.md" and "./org/x/README.md"). As
 * tar extracts it, the later one is the card; the earlier is left out,
 * counted once, and the import warns naming both (res->warnings). */
#include "import.h"

#include <dirent.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "archive_dl.h"
#include "cardsec.h"
#include "input.h"
#include "keyindex.h"
#include "strbuf.h"
#include "text.h"
#include "untrusted.h"

#define CARD_FILE "README.md"

/* The most bytes a card within CARD_MAX_BYTES can have as read: UTF-16
 * with a byte order mark, two bytes for each byte of its UTF-8. A file
 * larger is refused without being read into memory. */
#define CARD_READ_MAX (2 * CARD_MAX_BYTES + 2)

/* The cards found, in reading order: the path as the archive or folder
 * names it, and the model id worked out from it. */
typedef struct CardList {
	char **paths;
	char **ids;
	/* Archives only: a card that is a hard or symbolic link holds the
	 * normalised path of the member with its text; NULL otherwise. */
	char **links;
	size_t n, cap;
} CardList;

static void cards_add(CardList *cl, const char *path, const char *link)
{
	if (cl->n == cl->cap) {
		cl->cap = cl->cap ? cl->cap * 2 : 256;
		cl->paths = xrealloc(cl->paths, cl->cap * sizeof *cl->paths);
		cl->ids = xrealloc(cl->ids, cl->cap * sizeof *cl->ids);
		cl->links = xrealloc(cl->links, cl->cap * sizeof *cl->links);
	}
	cl->paths[cl->n] = xstrdup(path);
	cl->ids[cl->n] = NULL;
	cl->links[cl->n] = link ? xstrdup(link) : NULL;
	cl->n++;
}

static void cards_free(CardList *cl)
{
	for (size_t i = 0; i < cl->n; i++) {
		free(cl->paths[i]);
		free(cl->ids[i]);
		free(cl->links[i]);
	}
	free(cl->paths);
	free(cl->ids);
	free(cl->links);
}

/* Split a path into its folder components (without "", "." and the final
 * file name). Returns the count, or -1 when a component is "..". The
 * components point into *copy, which the caller frees. */
static int folder_components(const char *path, char **copy, const char ***comps)
{
	size_t n = 0, cap = 8;
	*copy = xstrdup(path);
	*comps = xmalloc(cap * sizeof **comps);
	char *last = strrchr(*copy, '/');
	if (!last)
		return 0;
	*last = '\0';
	for (char *s = *copy, *next; s; s = next) {
		char *slash = strchr(s, '/');
		next = slash ? slash + 1 : NULL;
		if (slash)
			*slash = '\0';
		if (*s == '\0' || strcmp(s, ".") == 0)
			continue;
		if (strcmp(s, "..") == 0)
			return -1;
		if (n == cap) {
			cap *= 2;
			*comps = xrealloc(*comps, cap * sizeof **comps);
		}
		(*comps)[n++] = s;
	}
	return (int)n;
}

/* A README.md at least one folder deep ("./README.md" is at the top). */
static int is_card_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash || strcmp(slash + 1, CARD_FILE) != 0)
		return 0;
	char *copy;
	const char **comps;
	int depth = folder_components(path, &copy, &comps);
	free(copy);
	free(comps);
	return depth != 0;
}

static int bad_path(ImportCtx *ctx, const char *path, PeatErr *err)
{
	return peat_err_set(err,
			    "%s: %s: cannot tell the model id from this path (expected <org>/<name>/" CARD_FILE
			    " or <name>/" CARD_FILE ", all under the same folders)",
			    ctx->name, path);
}

/* Work out every card's model id by the rule in the header comment. A
 * README.md inside the wrapper itself (model_cards/README.md) describes the
 * collection: its id stays NULL and it is skipped. */
static int assign_ids(ImportCtx *ctx, CardList *cl, PeatErr *err)
{
	int max_depth = 0;
	size_t deepest = 0;
	for (size_t i = 0; i < cl->n; i++) {
		char *copy;
		const char **comps;
		int depth = folder_components(cl->paths[i], &copy, &comps);
		free(copy);
		free(comps);
		if (depth < 0)
			return bad_path(ctx, cl->paths[i], err);
		if (depth > max_depth) {
			max_depth = depth;
			deepest = i;
		}
	}
	int strip = max_depth > 2 ? max_depth - 2 : 0;
	char *wrapper_copy;
	const char **wrapper;
	int rc = 0;
	folder_components(cl->paths[deepest], &wrapper_copy, &wrapper);
	for (size_t i = 0; i < cl->n && rc == 0; i++) {
		char *copy;
		const char **comps;
		int depth = folder_components(cl->paths[i], &copy, &comps);
		int in_wrapper = 1;
		for (int k = 0; k < strip && k < depth; k++)
			in_wrapper &= strcmp(comps[k], wrapper[k]) == 0;
		if (!in_wrapper) {
			rc = bad_path(ctx, cl->paths[i], err);
		} else if (depth > strip) {
			StrBuf id = {0};
			for (int k = strip; k < depth; k++)
				sb_printf(&id, "%s%s", k > strip ? "/" : "", comps[k]);
			/* A folder's name becomes a model id (untrusted.h). */
			rc = untrusted_check_id(sb_str(&id), id.len, err, "%s: %s: the model id", ctx->name,
						cl->paths[i]);
			cl->ids[i] = sb_take(&id);
		}
		free(copy);
		free(comps);
	}
	free(wrapper_copy);
	free(wrapper);
	return rc;
}

/* See import.h. */
int card_text(const char *data, size_t n, StrBuf *out)
{
	sb_reset(out);
	int utf16 = n >= 2 && ((data[0] == '\xFF' && data[1] == '\xFE') || (data[0] == '\xFE' && data[1] == '\xFF'));
	/* Too large whatever it holds: UTF-16 makes at least a byte of UTF-8
	 * of every two after its byte order mark. */
	if ((utf16 ? (n - 2) / 2 : n) > CARD_MAX_BYTES)
		return CARD_TEXT_TOO_LARGE;
	if (utf16) {
		/* glibc's "UTF-16" reads the byte order mark and drops it. */
		iconv_t cd = iconv_open("UTF-8", "UTF-16");
		if (cd == (iconv_t)-1)
			return -1;
		char *in = (char *)data;
		size_t in_left = n;
		int ok = 1;
		while (ok && in_left > 0) {
			char chunk[4096];
			char *o = chunk;
			size_t o_left = sizeof chunk;
			if (iconv(cd, &in, &in_left, &o, &o_left) == (size_t)-1 && errno != E2BIG)
				ok = 0;
			sb_add(out, chunk, sizeof chunk - o_left);
		}
		iconv_close(cd);
		if (!ok)
			return -1;
	} else {
		sb_add(out, data, n);
	}
	if (out->len > CARD_MAX_BYTES)
		return CARD_TEXT_TOO_LARGE;
	if (memchr(sb_str(out), '\0', out->len) || !utf8_valid(sb_str(out), out->len))
		return -1;
	return 0;
}

/* See import.h. */
void card_size_words(size_t size, char *buf, size_t bufsize)
{
	snprintf(buf, bufsize, "%zu bytes (%.1f MiB), more than the %zu MiB peat takes", size,
		 (double)size / (1 << 20), CARD_MAX_BYTES >> 20);
}

/* A card larger than peat takes fails the import, named with its size. */
static int card_too_large(ImportCtx *ctx, const char *path, const char *id, size_t size, PeatErr *err)
{
	char words[128];
	card_size_words(size, words, sizeof words);
	return peat_err_set(err, "%s: %s: the card of %s is %s", ctx->name, path, id, words);
}

/* The line (from 1) of the first byte of data that is no UTF-8 text (an
 * invalid sequence or a NUL), so a refused card's message can point at it;
 * 0 for a UTF-16 card (its lines are not bytes apart) or none found.
 * *nul_column is the column (from 1) when that byte is a NUL, else 0. */
static long first_bad_line(const char *data, size_t n, long *nul_column)
{
	long line = 1;
	size_t line_start = 0;
	*nul_column = 0;
	if (n >= 2 && ((data[0] == '\xFF' && data[1] == '\xFE') || (data[0] == '\xFE' && data[1] == '\xFF')))
		return 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_decode(data + i, n - i, &cp);
		if (data[i] == '\0')
			*nul_column = (long)(i - line_start) + 1;
		if (data[i] == '\0' || (cp == 0xFFFD && len == 1 && (unsigned char)data[i] >= 0x80))
			return line;
		if (data[i] == '\n') {
			line++;
			line_start = i + 1;
		}
		i += len;
	}
	return 0;
}

/* Store one card read from `path` (as listed) with `source`: its n bytes
 * at data, of `size` as read (larger when reading stopped at
 * CARD_READ_MAX). */
static int store_one(ImportCtx *ctx, int64_t registry, const char *id, const char *path, const char *source,
		     const char *data, size_t n, size_t size, StrBuf *text, PeatErr *err)
{
	ctx->res->records++;
	if (size > n)
		return card_too_large(ctx, path, id, size, err);
	int bad = card_text(data, n, text);
	if (bad == CARD_TEXT_TOO_LARGE)
		return card_too_large(ctx, path, id, text->len ? text->len : n, err);
	if (bad < 0) {
		long nul_column;
		long line = first_bad_line(data, n, &nul_column);
		/* A NUL is valid UTF-8: named as what it is, as input.h does. */
		if (line > 0 && nul_column > 0)
			return peat_err_set(err, "%s: %s:%ld: a NUL byte (column %ld); a card is text and holds none",
					    ctx->name, path, line, nul_column);
		if (line > 0)
			return peat_err_set(err, "%s: %s:%ld: not valid UTF-8 text (a card must be UTF-8, or UTF-16 with "
					    "a byte order mark)", ctx->name, path, line);
		return peat_err_set(err, "%s: %s: not valid UTF-8 text", ctx->name, path);
	}
	int64_t model = store_model(ctx->st, registry, id, err);
	if (model < 0)
		return -1;
	CardFields c = {.body = sb_str(text), .source = source, .fetched = ctx->date};
	if (store_card(ctx->st, model, &c, err) < 0)
		return -1;
	ctx->res->cards++;
	return 0;
}

/* ---- folders ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join_path(const char *dir, const char *rel)
{
	StrBuf sb = {0};
	size_t n = strlen(dir);
	sb_puts(&sb, dir);
	if (n == 0 || dir[n - 1] != '/')
		sb_putc(&sb, '/');
	sb_puts(&sb, rel);
	return sb_take(&sb);
}

/* Collect the README.md files under root/rel (rel NULL for root itself). */
static int walk_folder(ImportCtx *ctx, const char *rel, CardList *cl, PeatErr *err)
{
	char *dir = rel ? join_path(ctx->path, rel) : xstrdup(ctx->path);
	DIR *d = opendir(dir);
	struct dirent *de;
	int rc = 0;

	if (!d) {
		peat_err_set(err, "%s: %s: cannot read the folder: %s", ctx->name, rel ? rel : ".", strerror(errno));
		free(dir);
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue; /* ".", ".." and hidden folders such as .git */
		char *child_rel = rel ? join_path(rel, de->d_name) : xstrdup(de->d_name);
		char *full = join_path(dir, de->d_name);
		struct stat sb;
		if (lstat(full, &sb) != 0) {
			rc = peat_err_set(err, "%s: %s: %s", ctx->name, child_rel, strerror(errno));
		} else if (S_ISDIR(sb.st_mode)) {
			rc = walk_folder(ctx, child_rel, cl, err);
		} else if (rel && strcmp(de->d_name, CARD_FILE) == 0 &&
			   (S_ISREG(sb.st_mode) || (S_ISLNK(sb.st_mode) && stat(full, &sb) == 0 && S_ISREG(sb.st_mode)))) {
			cards_add(cl, child_rel, NULL);
		}
		free(child_rel);
		free(full);
	}
	closedir(d);
	free(dir);
	return rc;
}

/* Read a card file into out; *size is its size. A file larger than a card
 * can be (CARD_READ_MAX) is not read: out is then empty. */
static int read_card_file(const char *path, StrBuf *out, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char buf[65536];
	size_t n;
	struct stat st;
	sb_reset(out);
	*size = 0;
	if (!f)
		return -1;
	if (fstat(fileno(f), &st) == 0 && (uintmax_t)st.st_size > CARD_READ_MAX) {
		*size = (size_t)st.st_size;
		fclose(f);
		return 0;
	}
	/* A file that grows while it is read stops past the bound too. */
	while (out->len <= CARD_READ_MAX && (n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_add(out, buf, n);
	int bad = ferror(f);
	fclose(f);
	*size = out->len;
	if (*size > CARD_READ_MAX)
		sb_reset(out);
	return bad ? -1 : 0;
}

static int import_folder(ImportCtx *ctx, int64_t registry, PeatErr *err)
{
	CardList cl = {0};
	StrBuf raw = {0}, text = {0};
	int rc = -1;

	if (walk_folder(ctx, NULL, &cl, err) < 0)
		goto out;
	if (cl.n == 0) {
		peat_err_set(err, "%s: no model cards found (expected <org>/<name>/" CARD_FILE " files)", ctx->name);
		goto out;
	}
	/* readdir order depends on the file system: sort for a repeatable import. */
	qsort(cl.paths, cl.n, sizeof *cl.paths, cmp_str);
	if (assign_ids(ctx, &cl, err) < 0)
		goto out;
	for (size_t i = 0; i < cl.n; i++) {
		if (!cl.ids[i])
			continue;
		char *full = join_path(ctx->path, cl.paths[i]);
		size_t size;
		int bad;
		if (read_card_file(full, &raw, &size) < 0)
			bad = peat_err_set(err, "%s: %s: cannot read: %s", ctx->name, cl.paths[i], strerror(errno));
		else
			bad = store_one(ctx, registry, cl.ids[i], cl.paths[i], full, raw.data ? raw.data : "", raw.len,
					size, &text, err);
		free(full);
		if (bad < 0)
			goto out;
		progress_report(ctx->opt->progress, ctx->name, (int64_t)i + 1, (int64_t)cl.n, ctx->res->records);
	}
	rc = 0;
out:
	cards_free(&cl);
	sb_free(&raw);
	sb_free(&text);
	return rc;
}

/* ---- archives ---- */

/* libarchive's functions (archive_dl.h), set by the first open_archive:
 * every other use is on an archive it opened. */
static const ArchiveApi *ar;

static int archive_fail(ImportCtx *ctx, struct archive *a, const char *where, PeatErr *err)
{
	const char *why = ar->error_string(a);
	if (where)
		return peat_err_set(err, "%s: %s: %s", ctx->name, where, why ? why : "cannot read the archive");
	return peat_err_set(err, "%s: not a readable tar archive of model cards: %s", ctx->name,
			    why ? why : "unknown error");
}

static struct archive *open_archive(ImportCtx *ctx, PeatErr *err)
{
	if (!ar && !(ar = archive_load(err)))
		return NULL;
	struct archive *a = ar->read_new();
	ar->read_support_filter_all(a);
	ar->read_support_format_tar(a);
	ar->read_support_format_gnutar(a);
	if (ar->read_open_filename(a, ctx->path, 65536) != ARCHIVE_OK) {
		archive_fail(ctx, a, NULL, err);
		ar->read_free(a);
		return NULL;
	}
	return a;
}

/* A member path in canonical form ("./a//b/../c" -> "a/c"); `base`, when
 * not NULL, is the folder a relative path starts from. NULL when ".."
 * climbs out of the archive. */
static char *normalize_path(const char *base, const char *path)
{
	StrBuf joined = {0}, out = {0};
	size_t *starts = NULL, depth = 0, cap = 0;
	if (base && path[0] != '/')
		sb_printf(&joined, "%s/", base);
	sb_puts(&joined, path);
	char *copy = sb_take(&joined);
	for (char *s = copy, *next; s; s = next) {
		char *slash = strchr(s, '/');
		next = slash ? slash + 1 : NULL;
		if (slash)
			*slash = '\0';
		if (*s == '\0' || strcmp(s, ".") == 0)
			continue;
		if (strcmp(s, "..") == 0) {
			if (depth == 0) {
				free(copy);
				free(starts);
				sb_free(&out);
				return NULL;
			}
			out.len = starts[--depth];
			out.data[out.len] = '\0';
			continue;
		}
		if (depth == cap) {
			cap = cap ? cap * 2 : 8;
			starts = xrealloc(starts, cap * sizeof *starts);
		}
		starts[depth++] = out.len;
		sb_printf(&out, "%s%s", out.len ? "/" : "", s);
	}
	free(copy);
	free(starts);
	return sb_take(&out);
}

/* How a card member holds its text. */
enum card_kind {
	NOT_A_CARD,
	CARD_FILE_ENTRY, /* a regular file: the text is its data */
	CARD_LINK_ENTRY, /* a hard or symbolic link to another member */
};

/* Stands for a link target that climbs out of the archive: normalize_path()
 * never returns it, so it never matches a member. */
#define LINK_OUTSIDE ".."

/* Is this archive entry a card? Sets *path to its name and, for a link, *link
 * to the normalised member it shares its text with (heap). */
static enum card_kind entry_is_card(struct archive_entry *e, const char **path, char **link)
{
	const char *hard = ar->entry_hardlink(e);
	const char *sym = ar->entry_symlink(e);
	*path = ar->entry_pathname(e);
	*link = NULL;
	if (!*path || !is_card_path(*path))
		return NOT_A_CARD;
	if (hard) {
		*link = normalize_path(NULL, hard);
	} else if (sym && ar->entry_filetype(e) == AE_IFLNK) {
		char *dir = xstrdup(*path);
		*strrchr(dir, '/') = '\0';
		*link = normalize_path(sym[0] == '/' ? NULL : dir, sym);
		free(dir);
	} else {
		return ar->entry_filetype(e) == AE_IFREG ? CARD_FILE_ENTRY : NOT_A_CARD;
	}
	if (!*link)
		*link = xstrdup(LINK_OUTSIDE);
	return CARD_LINK_ENTRY;
}

/* First pass: the names of the card members, in archive order. */
static int list_archive(ImportCtx *ctx, CardList *cl, PeatErr *err)
{
	struct archive *a = open_archive(ctx, err);
	struct archive_entry *e;
	const char *path = NULL, *last = NULL;
	int r;

	if (!a)
		return -1;
	while ((r = ar->read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		char *link;
		last = ar->entry_pathname(e);
		if (entry_is_card(e, &path, &link) != NOT_A_CARD)
			cards_add(cl, path, link);
		free(link);
		/* Skipping data without reading it still checks the stream. */
		if (ar->read_data_skip(a) < ARCHIVE_WARN) {
			archive_fail(ctx, a, path ? path : "reading the archive", err);
			ar->read_free(a);
			return -1;
		}
	}
	if (r != ARCHIVE_EOF) {
		/* Nothing read at all: the file is no archive. */
		archive_fail(ctx, a, last ? "reading the archive" : NULL, err);
		ar->read_free(a);
		return -1;
	}
	ar->read_free(a);
	return 0;
}

/* A member's data into out, *size its size: past CARD_READ_MAX + 1 bytes
 * (more than any card can be) the data is read through, not kept. */
static int read_entry_data(struct archive *a, StrBuf *out, size_t *size)
{
	char buf[65536];
	la_ssize_t n;
	sb_reset(out);
	*size = 0;
	while ((n = ar->read_data(a, buf, sizeof buf)) > 0) {
		if (out->len <= CARD_READ_MAX)
			sb_add(out, buf, (size_t)n);
		*size += (size_t)n;
	}
	return n < 0 ? -1 : 0;
}

/* The texts link cards point to: sorted target paths, their data and its
 * size (as read_entry_data() gives them). */
typedef struct LinkTargets {
	char **paths;
	StrBuf *data;
	size_t *size;
	int *found;
	size_t n;
} LinkTargets;

static void targets_init(LinkTargets *t, const CardList *cl)
{
	memset(t, 0, sizeof *t);
	for (size_t i = 0; i < cl->n; i++)
		if (cl->links[i] && cl->ids[i])
			t->n++;
	if (t->n == 0)
		return;
	t->paths = xmalloc(t->n * sizeof *t->paths);
	t->n = 0;
	for (size_t i = 0; i < cl->n; i++)
		if (cl->links[i] && cl->ids[i])
			t->paths[t->n++] = cl->links[i];
	qsort(t->paths, t->n, sizeof *t->paths, cmp_str);
	t->data = xcalloc(t->n, sizeof *t->data);
	t->size = xcalloc(t->n, sizeof *t->size);
	t->found = xcalloc(t->n, sizeof *t->found);
}

static long targets_find(const LinkTargets *t, const char *path)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(t->paths[mid], path);
		if (c == 0) {
			while (mid > 0 && strcmp(t->paths[mid - 1], path) == 0)
				mid--;
			return (long)mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void targets_free(LinkTargets *t)
{
	for (size_t i = 0; i < t->n; i++)
		sb_free(&t->data[i]);
	free(t->paths); /* the strings belong to the CardList */
	free(t->data);
	free(t->size);
	free(t->found);
}

/* A link to a member that is itself a link shares that member's target.
 * Chains are short in practice; the bound stops a cycle. */
static void resolve_link_chains(CardList *cl)
{
	for (size_t i = 0; i < cl->n; i++) {
		for (int hops = 0; cl->links[i] && hops < 16; hops++) {
			size_t j;
			for (j = 0; j < cl->n; j++) {
				if (j == i || !cl->links[j])
					continue;
				char *norm = normalize_path(NULL, cl->paths[j]);
				int same = norm && strcmp(norm, cl->links[i]) == 0;
				free(norm);
				if (same)
					break;
			}
			if (j == cl->n)
				break;
			free(cl->links[i]);
			cl->links[i] = xstrdup(cl->links[j]);
		}
	}
}

/* Leave out every card but the last of each model id (see the header),
 * with a warning naming the first repeat. */
static void drop_repeated_cards(ImportCtx *ctx, CardList *cl)
{
	KeyIndex later = {0}; /* id -> the index of its last card */
	for (size_t i = cl->n; i-- > 0;) {
		if (!cl->ids[i])
			continue;
		long kept = keyindex_get_or_put(&later, cl->ids[i], strlen(cl->ids[i]), (long)i);
		if (kept == (long)i)
			continue;
		if (ctx->res->warnings++ == 0)
			snprintf(ctx->res->warning, sizeof ctx->res->warning,
				 "%s: %s and %s are both the card of %s; the later one is kept, as tar extracts it",
				 ctx->name, cl->paths[i], cl->paths[kept], cl->ids[i]);
		free(cl->ids[i]);
		cl->ids[i] = NULL;
	}
	keyindex_free(&later);
}

static int import_archive(ImportCtx *ctx, int64_t registry, PeatErr *err)
{
	CardList cl = {0};
	LinkTargets targets = {0};
	StrBuf raw = {0}, text = {0}, source = {0};
	struct archive *a = NULL;
	struct archive_entry *e;
	const char *path;
	size_t i = 0, size = 0;
	int r, rc = -1;
	/* A card's source is "ARCHIVE:MEMBER" with the archive's file name only,
	 * so it does not depend on where the archive was read from. */
	const char *archive_name = path_basename(ctx->path);

	if (list_archive(ctx, &cl, err) < 0)
		goto out;
	if (cl.n == 0) {
		peat_err_set(err, "%s: no model cards found (expected members <org>/<name>/" CARD_FILE ")", ctx->name);
		goto out;
	}
	if (assign_ids(ctx, &cl, err) < 0)
		goto out;
	drop_repeated_cards(ctx, &cl);
	resolve_link_chains(&cl);
	targets_init(&targets, &cl);
	a = open_archive(ctx, err);
	if (!a)
		goto out;
	while ((r = ar->read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		char *link;
		int is_card = entry_is_card(e, &path, &link) != NOT_A_CARD;
		free(link);
		int has_data = ar->entry_filetype(e) == AE_IFREG && !ar->entry_hardlink(e);
		long target = -1;
		if (has_data && targets.n > 0 && path) {
			char *norm = normalize_path(NULL, path);
			target = norm ? targets_find(&targets, norm) : -1;
			free(norm);
		}
		if (is_card && (i >= cl.n || strcmp(path, cl.paths[i]) != 0)) {
			peat_err_set(err, "%s: the archive changed while it was read", ctx->name);
			goto out;
		}
		int wanted = is_card && cl.ids[i] && !cl.links[i];
		if (!wanted && target < 0) {
			i += is_card;
			continue;
		}
		if (read_entry_data(a, &raw, &size) < 0) {
			archive_fail(ctx, a, path, err);
			goto out;
		}
		/* Keep the text for the link cards that point here. */
		for (long k = target; k >= 0 && (size_t)k < targets.n &&
				      strcmp(targets.paths[k], targets.paths[target]) == 0; k++) {
			sb_reset(&targets.data[k]);
			sb_add(&targets.data[k], raw.data ? raw.data : "", raw.len);
			targets.size[k] = size;
			targets.found[k] = 1;
		}
		if (!is_card)
			continue;
		if (wanted) {
			sb_reset(&source);
			sb_printf(&source, "%s:%s", archive_name, path);
			if (store_one(ctx, registry, cl.ids[i], path, sb_str(&source), raw.data ? raw.data : "", raw.len,
				      size, &text, err) < 0)
				goto out;
			progress_report(ctx->opt->progress, ctx->name, (int64_t)i + 1, (int64_t)cl.n, ctx->res->records);
		}
		i++;
	}
	if (r != ARCHIVE_EOF) {
		archive_fail(ctx, a, "reading the archive", err);
		goto out;
	}
	if (i != cl.n) {
		peat_err_set(err, "%s: the archive changed while it was read", ctx->name);
		goto out;
	}
	/* Link cards last: their text may come later in the archive. */
	for (i = 0; i < cl.n; i++) {
		if (!cl.links[i] || !cl.ids[i])
			continue;
		long k = targets_find(&targets, cl.links[i]);
		if (strcmp(cl.links[i], LINK_OUTSIDE) == 0) {
			peat_err_set(err, "%s: %s: a link that points outside the archive", ctx->name, cl.paths[i]);
			goto out;
		}
		if (k < 0 || !targets.found[k]) {
			peat_err_set(err, "%s: %s: a link to %s, which is not a file in the archive", ctx->name,
				     cl.paths[i], cl.links[i]);
			goto out;
		}
		sb_reset(&source);
		sb_printf(&source, "%s:%s", archive_name, cl.paths[i]);
		if (store_one(ctx, registry, cl.ids[i], cl.paths[i], sb_str(&source), sb_str(&targets.data[k]),
			      targets.data[k].len, targets.size[k], &text, err) < 0)
			goto out;
		progress_report(ctx->opt->progress, ctx->name, (int64_t)cl.n, (int64_t)cl.n, ctx->res->records);
	}
	rc = 0;
out:
	if (a)
		ar->read_free(a);
	targets_free(&targets);
	cards_free(&cl);
	sb_free(&raw);
	sb_free(&text);
	sb_free(&source);
	return rc;
}

int import_cards(ImportCtx *ctx, PeatErr *err)
{
	struct stat sb;
	int rc;

	if (stat(ctx->path, &sb) != 0)
		return peat_err_set(err, "%s: cannot open: %s", ctx->name, strerror(errno));
	if (!S_ISDIR(sb.st_mode) && !S_ISREG(sb.st_mode))
		return peat_err_set(err, "%s: not a folder or an archive of model cards", ctx->name);
	int64_t registry = store_registry(ctx->st, ctx->opt->registry ? ctx->opt->registry : "hf", err);
	if (registry < 0)
		return -1;
	/* The cards are those of a snapshot: as of it, each is its model's. */
	int64_t snapshot = import_join_snapshot(ctx, registry, err);
	if (snapshot < 0)
		return -1;
	rc = S_ISDIR(sb.st_mode) ? import_folder(ctx, registry, err) : import_archive(ctx, registry, err);
	if (rc < 0)
		return -1;
	return store_log_import(ctx->st, ctx->path, import_format_name(IMPORT_CARDS), snapshot, ctx->res->records, err);
}
