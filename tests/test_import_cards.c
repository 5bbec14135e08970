/* SPDX-License-Identifier: MIT */
/* test_import_cards.c - model cards from folders and tar archives: model ids
 * from paths (wrapper folders, legacy ids), bodies, sources, refused inputs
 * that leave the store unchanged, and the real card collections when
 * SHARED_DATA is set. Edge-case archives are written here with libarchive. */
#include <archive.h>
#include <archive_entry.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cardsec.h"
#include "check.h"
#include "check_store.h"
#include "import.h"
#include "store.h"
#include "store_dump.h"
#include "strbuf.h"

static const char *fixture(const char *name)
{
	return check_fixture("cards", name);
}

/* A card's body, source or fetched date by model name. */
static char *card_field(Store *st, const char *field, const char *model)
{
	StrBuf sql = {0};
	sb_printf(&sql, "SELECT c.%s FROM card_now c JOIN model m ON m.id = c.model_id WHERE m.name = '%s'", field, model);
	char *v = check_q_str(st, sb_str(&sql));
	sb_free(&sql);
	return v;
}

#define CHECK_CARD(st, field, model, expected)                  \
	do {                                                    \
		char *got_ = card_field((st), (field), (model)); \
		CHECK_STR(got_, (expected));                    \
		free(got_);                                     \
	} while (0)

static int run_import(Store *st, const char *path, const ImportOptions *opt, ImportResult *res, PeatErr *err)
{
	memset(err, 0, sizeof *err);
	return import_file(st, path, opt, res, err);
}

static const char base_lm_card[] =
	"---\nlicense: apache-2.0\ntags:\n- text-generation\n---\n# base-lm\n\n"
	"A small base language model, written as a test fixture.\n\n## Limitations\nIt knows very little.\n";
static const char chat_card[] =
	"---\nbase_model: acme/base-lm\n---\n# chat-ft — fine-tuned for chat\n\n"
	"Trained on dialogues: «bonjour», 你好, 🙂.\n";
static const char gpt2_card[] = "# gpt2\n\nA legacy model id without an organisation.\n";

static void check_fixture_cards(Store *st)
{
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM card_now"), 4);
	CHECK_Q(st, "SELECT group_concat(name, ' ') FROM (SELECT m.name FROM card_now c JOIN model m ON m.id = c.model_id"
		    " ORDER BY 1)", "acme/base-lm alice/chat-ft bob/empty gpt2");
	CHECK_CARD(st, "body", "acme/base-lm", base_lm_card);
	CHECK_CARD(st, "body", "alice/chat-ft", chat_card);
	CHECK_CARD(st, "body", "gpt2", gpt2_card);
	CHECK_CARD(st, "body", "bob/empty", "");
	/* Cards make models known by name only: the cards of a snapshot
	 * (made for them: no numbers). */
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM model_now WHERE has_record = 0"), 4);
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM snapshot WHERE measure = 'none'"), 1);
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM stat"), 0);
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM state WHERE recorded = 8192"), 4);
}

static void test_folder(void)
{
	const char *dir = fixture("model_cards");
	Store *st = check_new_store("folder.store");
	ImportOptions opt = {.date = "2024-05-20"};
	ImportResult res;
	PeatErr err;

	CHECK_INT(run_import(st, dir, &opt, &res, &err), 0);
	CHECK_STR(err.msg, "");
	CHECK_INT(res.format, IMPORT_CARDS);
	CHECK_INT(res.records, 4);
	CHECK_INT(res.cards, 4);
	CHECK_INT(res.snapshots, 1);
	check_fixture_cards(st);
	CHECK_Q(st, "SELECT r.name FROM model m JOIN registry r ON r.id = m.registry_id WHERE m.name = 'gpt2'", "hf");
	StrBuf src = {0};
	sb_printf(&src, "%s/acme/base-lm/README.md", dir);
	CHECK_CARD(st, "source", "acme/base-lm", sb_str(&src));
	sb_free(&src);
	CHECK_CARD(st, "fetched", "gpt2", "2024-05-20");
	CHECK_Q(st, "SELECT format || '|' || coalesce(snapshot_id, 'null') || '|' || records FROM import_log",
		"cards|1|4");
	CHECK_Q(st, "SELECT source FROM import_log", dir);

	/* The same folder again changes nothing. */
	char *before = store_dump(st);
	CHECK_INT(run_import(st, dir, &opt, &res, &err), 0);
	char *after = store_dump(st);
	CHECK_STR(after, before);
	free(before);
	free(after);
	store_close(st);

	/* Pointing at the parent folder: model_cards/ is a wrapper, stripped;
	 * the tarball beside it is not a README.md and is ignored. */
	const char *parent = fixture("");
	st = check_new_store("parent.store");
	CHECK_INT(run_import(st, parent, &opt, &res, &err), 0);
	CHECK_STR(err.msg, "");
	CHECK_INT(res.cards, 4);
	check_fixture_cards(st);
	store_close(st);
}

static void test_tarball(void)
{
	const char *tgz = fixture("cards-2024-05.tar.gz");
	Store *st = check_new_store("tgz.store");
	ImportOptions opt = {0};
	ImportResult res;
	PeatErr err;

	CHECK_INT(run_import(st, tgz, &opt, &res, &err), 0);
	CHECK_STR(err.msg, "");
	CHECK_INT(res.format, IMPORT_CARDS);
	CHECK_INT(res.records, 4);
	CHECK_INT(res.cards, 4);
	check_fixture_cards(st);
	CHECK_CARD(st, "source", "alice/chat-ft", "cards-2024-05.tar.gz:model_cards/alice/chat-ft/README.md");
	CHECK_CARD(st, "source", "gpt2", "cards-2024-05.tar.gz:model_cards/gpt2/README.md");
	/* The date comes from the archive's name. */
	CHECK_CARD(st, "fetched", "acme/base-lm", "2024-05-01");

	char *before = store_dump(st);
	CHECK_INT(run_import(st, tgz, &opt, &res, &err), 0);
	char *after = store_dump(st);
	CHECK_STR(after, before);
	free(before);
	free(after);

	/* --registry puts the cards on another registry's models. */
	opt.registry = "mirror";
	CHECK_INT(run_import(st, tgz, &opt, &res, &err), 0);
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM card_now c JOIN model m ON m.id = c.model_id JOIN registry r"
			    " ON r.id = m.registry_id WHERE r.name = 'mirror'"), 4);
	store_close(st);
}

typedef struct Member {
	const char *path;
	const char *data;
	size_t len;
	const char *hardlink; /* the member is a hard link to this one */
	const char *symlink;  /* the member is a symbolic link with this target */
} Member;

/* Write a tar archive (gzip-compressed when asked) with regular files. */
static void write_tar(const char *path, const Member *m, size_t n, int gzip)
{
	struct archive *a = archive_write_new();
	archive_write_set_format_pax_restricted(a);
	if (gzip)
		archive_write_add_filter_gzip(a);
	if (archive_write_open_filename(a, path) != ARCHIVE_OK) {
		fprintf(stderr, "%s: %s\n", path, archive_error_string(a));
		exit(99);
	}
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_pathname(e, m[i].path);
		archive_entry_set_perm(e, 0644);
		if (m[i].symlink) {
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, m[i].symlink);
		} else {
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_size(e, (la_int64_t)m[i].len);
		}
		if (m[i].hardlink)
			archive_entry_set_hardlink(e, m[i].hardlink);
		archive_write_header(a, e);
		if (m[i].data)
			archive_write_data(a, m[i].data, m[i].len);
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len) {
		perror(path);
		exit(99);
	}
	fclose(f);
}

static void make_dirs(const char *path)
{
	char *copy = xstrdup(path);
	for (char *p = copy + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(copy, 0755);
			*p = '/';
		}
	mkdir(copy, 0755);
	free(copy);
}

#define MEMBER(p, s) {(p), (s), sizeof(s) - 1, NULL, NULL}
#define HARDLINK(p, to) {(p), NULL, 0, (to), NULL}
#define SYMLINK(p, to) {(p), NULL, 0, NULL, (to)}

/* Each refused input fails with `expected` and leaves the store unchanged. */
static void check_refused(Store *st, const char *path, ImportFormat format, const char *expected)
{
	ImportOptions opt = {.format = format};
	ImportResult res;
	PeatErr err;
	char *before = store_dump(st);
	CHECK_INT(run_import(st, path, &opt, &res, &err), -1);
	CHECK_STR(err.msg, check_in_dir(path, expected));
	char *after = store_dump(st);
	CHECK_STR(after, before);
	free(before);
	free(after);
}

static void test_refused(void)
{
	Store *st = check_new_store("refused.store");
	const char *tgz = fixture("cards-2024-05.tar.gz");
	ImportOptions opt = {0};
	ImportResult res;
	PeatErr err;
	char *path;

	/* Start from a store with cards, so "unchanged" means something. */
	CHECK_INT(run_import(st, tgz, &opt, &res, &err), 0);

	/* Invalid UTF-8 in an archive: nothing stored, not even the good card
	 * read before it. */
	Member bad_utf8[] = {
		MEMBER("org/good/README.md", "# good\n"),
		MEMBER("org/bad/README.md", "# title\n\ncaf\xe9 latin-1\n"),
	};
	path = xstrdup(check_tmp("bad.tar"));
	write_tar(path, bad_utf8, 2, 0);
	/* The message points at the line of the first bad byte. */
	check_refused(st, path, IMPORT_AUTO, "bad.tar: org/bad/README.md:3: not valid UTF-8 text (a card must be "
					      "UTF-8, or UTF-16 with a byte order mark)");
	free(path);

	/* The same in a folder. */
	path = xstrdup(check_tmp("badfolder/org/bad"));
	make_dirs(path);
	free(path);
	path = xstrdup(check_tmp("badfolder/org/good"));
	make_dirs(path);
	free(path);
	write_file(check_tmp("badfolder/org/good/README.md"), "# good\n", 7);
	write_file(check_tmp("badfolder/org/bad/README.md"), "\x80\x81 not text\n", 11);
	path = xstrdup(check_tmp("badfolder"));
	check_refused(st, path, IMPORT_AUTO, "badfolder: org/bad/README.md:1: not valid UTF-8 text (a card must be "
					      "UTF-8, or UTF-16 with a byte order mark)");
	free(path);

	/* A NUL byte is not text either (it would cut the stored card short),
	 * and is named as what it is. */
	Member nul[] = {MEMBER("org/nul/README.md", "# a\n\ncard\0b\n")};
	path = xstrdup(check_tmp("nul.tar.gz"));
	write_tar(path, nul, 1, 1);
	check_refused(st, path, IMPORT_AUTO, "nul.tar.gz: org/nul/README.md:3: a NUL byte (column 5); a card is text "
					       "and holds none");
	free(path);

	/* No cards: an archive of other files, an empty folder. */
	Member others[] = {MEMBER("org/model/config.json", "{}\n"), MEMBER("README.md", "top\n")};
	path = xstrdup(check_tmp("nocards.tar"));
	write_tar(path, others, 2, 0);
	check_refused(st, path, IMPORT_AUTO,
		      "nocards.tar: no model cards found (expected members <org>/<name>/README.md)");
	free(path);
	path = xstrdup(check_tmp("emptydir"));
	make_dirs(path);
	check_refused(st, path, IMPORT_AUTO, "emptydir: no model cards found (expected <org>/<name>/README.md files)");
	free(path);

	/* Cards under different wrappers: no id can be trusted. */
	Member mixed[] = {
		MEMBER("dump/org/a/README.md", "# a\n"),
		MEMBER("other/b/README.md", "# b\n"),
	};
	path = xstrdup(check_tmp("mixed.tar"));
	write_tar(path, mixed, 2, 0);
	check_refused(st, path, IMPORT_AUTO,
		      "mixed.tar: other/b/README.md: cannot tell the model id from this path (expected "
		      "<org>/<name>/README.md or <name>/README.md, all under the same folders)");
	free(path);

	/* Not an archive at all (forced: detection would not call it cards). */
	path = xstrdup(check_tmp("notes.txt"));
	write_file(path, "just some notes\n", 16);
	ImportOptions forced = {.format = IMPORT_CARDS};
	char *before = store_dump(st);
	CHECK_INT(run_import(st, path, &forced, &res, &err), -1);
	CHECK_STR(err.msg, check_in_dir(path, "notes.txt: not a readable tar archive of model cards: Unrecognized archive format"));
	char *after = store_dump(st);
	CHECK_STR(after, before);
	free(before);
	free(after);
	free(path);

	/* A truncated .tar.gz: the error names the file. */
	FILE *f = fopen(tgz, "rb");
	char buf[4096];
	size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
	if (f)
		fclose(f);
	CHECK(n > 200);
	path = xstrdup(check_tmp("cut.tar.gz"));
	write_file(path, buf, n / 2);
	before = store_dump(st);
	CHECK_INT(run_import(st, path, &forced, &res, &err), -1);
	CHECK(strncmp(err.msg, path, strlen(path)) == 0 && strncmp(err.msg + strlen(path), ": ", 2) == 0);
	after = store_dump(st);
	CHECK_STR(after, before);
	free(before);
	free(after);
	free(path);

	store_close(st);
}

/* A card of `len` bytes: a title, then lines of text. */
static char *big_card(size_t len)
{
	char *md = xmalloc(len + 1);
	for (size_t i = 0; i < len; i++)
		md[i] = i % 64 == 63 ? '\n' : 'a' + (char)(i % 26);
	memcpy(md, "# big\n", len < 6 ? len : 6);
	md[len] = '\0';
	return md;
}

/* A card larger than CARD_MAX_BYTES (4 MiB) is a bad record: the import
 * fails naming it and its size, and stores nothing; one at the cap is
 * taken. Measured as peat stores it (a UTF-16 card once converted), and
 * whether it is a file, a tar member or a link to one. */
static void test_too_large(void)
{
	Store *st = check_new_store("large.store");
	ImportOptions opt = {0};
	ImportResult res;
	PeatErr err;
	char *md = big_card(CARD_MAX_BYTES + 1);

	/* At the cap: stored whole. */
	char *path = xstrdup(check_tmp("atcap/org/big"));
	make_dirs(path);
	free(path);
	write_file(check_tmp("atcap/org/big/README.md"), md, CARD_MAX_BYTES);
	CHECK_INT(run_import(st, check_tmp("atcap"), &opt, &res, &err), 0);
	CHECK_INT(check_q_int(st, "SELECT length(body) FROM card"), (long long)CARD_MAX_BYTES);

	/* A byte more: refused, in a folder and in an archive. */
	path = xstrdup(check_tmp("overcap/org/big"));
	make_dirs(path);
	free(path);
	write_file(check_tmp("overcap/org/big/README.md"), md, CARD_MAX_BYTES + 1);
	path = xstrdup(check_tmp("overcap"));
	check_refused(st, path, IMPORT_AUTO, "overcap: org/big/README.md: the card of org/big is 4194305 bytes "
					     "(4.0 MiB), more than the 4 MiB peat takes");
	free(path);
	Member over[] = {
		MEMBER("org/small/README.md", "# small\n"),
		{"org/big/README.md", md, CARD_MAX_BYTES + 1, NULL, NULL},
	};
	path = xstrdup(check_tmp("overcap.tar.gz"));
	write_tar(path, over, 2, 1);
	check_refused(st, path, IMPORT_AUTO, "overcap.tar.gz: org/big/README.md: the card of org/big is 4194305 bytes "
					       "(4.0 MiB), more than the 4 MiB peat takes");
	free(path);

	/* A file larger than any card can be as read (9 MiB) is refused
	 * unread; so is a link card whose member is, with its size. */
	char *huge = big_card(9 << 20);
	path = xstrdup(check_tmp("huge/org/huge"));
	make_dirs(path);
	free(path);
	write_file(check_tmp("huge/org/huge/README.md"), huge, 9 << 20);
	path = xstrdup(check_tmp("huge"));
	check_refused(st, path, IMPORT_AUTO, "huge: org/huge/README.md: the card of org/huge is 9437184 bytes "
					     "(9.0 MiB), more than the 4 MiB peat takes");
	free(path);
	Member linked[] = {
		{"org/data/blob.txt", huge, 9 << 20, NULL, NULL},
		HARDLINK("org/huge/README.md", "org/data/blob.txt"),
	};
	path = xstrdup(check_tmp("linked.tar"));
	write_tar(path, linked, 2, 0);
	check_refused(st, path, IMPORT_AUTO, "linked.tar: org/huge/README.md: the card of org/huge is 9437184 bytes "
					     "(9.0 MiB), more than the 4 MiB peat takes");
	free(path);
	free(huge);

	/* UTF-16 within the cap as read, over it as UTF-8: 1,500,000 CJK
	 * characters are 3,000,002 bytes of UTF-16 and 4,500,000 stored. */
	size_t units = 1500000;
	char *u16 = xmalloc(2 + 2 * units);
	u16[0] = '\xFF';
	u16[1] = '\xFE';
	for (size_t i = 0; i < units; i++) {
		u16[2 + 2 * i] = '\x2D'; /* U+4E2D, little-endian */
		u16[3 + 2 * i] = '\x4E';
	}
	Member wide[] = {{"org/wide/README.md", u16, 2 + 2 * units, NULL, NULL}};
	path = xstrdup(check_tmp("wide.tar"));
	write_tar(path, wide, 1, 0);
	check_refused(st, path, IMPORT_AUTO, "wide.tar: org/wide/README.md: the card of org/wide is 4500000 bytes "
					   "(4.3 MiB), more than the 4 MiB peat takes");
	free(path);
	free(u16);
	free(md);
	store_close(st);
}

/* Untrusted text (core/untrusted.h): a card folder's or a tar member's name
 * becomes a model id, and a control or bidirectional control in it is
 * refused, naming the member and the character; a card's own text is free
 * and keeps its escapes as they are. */
static void test_hostile_text(void)
{
	Store *st = check_new_store("hostile.store");
	ImportOptions opt = {0};
	ImportResult res;
	PeatErr err;
	char *path;
	CHECK_INT(run_import(st, fixture("cards-2024-05.tar.gz"), &opt, &res, &err), 0);

	Member rlo[] = {MEMBER("org/good/README.md", "# good\n"), MEMBER("org/evil\xe2\x80\xaegpj/README.md", "# e\n")};
	path = xstrdup(check_tmp("rlo.tar"));
	write_tar(path, rlo, 2, 0);
	check_refused(st, path, IMPORT_AUTO, "rlo.tar: org/evil\xe2\x80\xaegpj/README.md: the model id: U+202E "
					      "(right-to-left override) is not allowed in an identifier "
					      "(\"org/evil<U+202E>gpj\")");
	free(path);
	Member c1[] = {MEMBER("org/x\xc2\x9b" "2J/README.md", "# e\n")};
	path = xstrdup(check_tmp("c1.tar.gz"));
	write_tar(path, c1, 1, 1);
	check_refused(st, path, IMPORT_AUTO, "c1.tar.gz: org/x\xc2\x9b" "2J/README.md: the model id: U+009B (control "
					       "sequence introducer) is not allowed in an identifier (\"org/x<U+009B>2J\")");
	free(path);

	path = xstrdup(check_tmp("escfolder/org/evil\x1b]0;pwned\x07"));
	make_dirs(path);
	free(path);
	write_file(check_tmp("escfolder/org/evil\x1b]0;pwned\x07/README.md"), "# e\n", 4);
	path = xstrdup(check_tmp("escfolder"));
	check_refused(st, path, IMPORT_AUTO, "escfolder: org/evil\x1b]0;pwned\x07/README.md: the model id: U+001B "
					      "(escape) is not allowed in an identifier (\"org/evil\\x1b]0;pwned\\x07\")");
	free(path);

	/* The card body keeps what it says, escape sequences included. */
	static const char body[] = "# Title \x1b]52;c;aGk=\x07\n\n\xe2\x80\xae \xc2\x9b" "2J \x1b[2J\r\n";
	Member free_text[] = {MEMBER("org/free/README.md", body)};
	path = xstrdup(check_tmp("free.tar"));
	write_tar(path, free_text, 1, 0);
	CHECK_INT(run_import(st, path, &opt, &res, &err), 0);
	char *stored = card_field(st, "body", "org/free");
	CHECK_STR(stored, body);
	free(stored);
	free(path);
	store_close(st);
}

/* Member names with "./", a wrapper's own README.md, UTF-16 cards. */
static void test_layouts(void)
{
	Store *st = check_new_store("layouts.store");
	ImportOptions opt = {.date = "2023-01-02"};
	ImportResult res;
	PeatErr err;

	static const char utf16[] = "\xFF\xFEh\0i\0 \0\xE9\0\n\0"; /* "hi é\n", little-endian */
	static const char utf16be[] = "\xFE\xFF\0o\0k"; /* "ok", big-endian */
	Member members[] = {
		MEMBER("./dump/README.md", "about this dump\n"),
		MEMBER("./dump/org/model/README.md", "# model\n"),
		MEMBER("./dump/legacy-model/README.md", "# legacy\n"),
		MEMBER("./dump/win/card/README.md", utf16),
		MEMBER("./dump/win/card-be/README.md", utf16be),
		MEMBER("./dump/org/model/docs/notes.md", "ignored\n"),
	};
	const char *path = check_tmp("layouts.tar");
	write_tar(path, members, sizeof members / sizeof members[0], 0);
	CHECK_INT(run_import(st, path, &opt, &res, &err), 0);
	CHECK_STR(err.msg, "");
	CHECK_INT(res.cards, 4);
	CHECK_Q(st, "SELECT group_concat(name, ' ') FROM (SELECT m.name FROM card_now c JOIN model m ON m.id = c.model_id"
		    " ORDER BY 1)", "legacy-model org/model win/card win/card-be");
	CHECK_CARD(st, "body", "win/card", "hi é\n");
	CHECK_CARD(st, "body", "win/card-be", "ok");
	CHECK_CARD(st, "source", "org/model", "layouts.tar:./dump/org/model/README.md");
	CHECK_CARD(st, "fetched", "legacy-model", "2023-01-02");
	store_close(st);
}

/* The same card twice in an archive (tar -r appended a newer one, or two
 * spellings of one path): the later is kept, as tar extracts it, the card
 * is counted once, and a warning names both members. */
static void test_repeated(void)
{
	Store *st = check_new_store("repeated.store");
	ImportOptions opt = {.date = "2023-01-02"};
	ImportResult res;
	PeatErr err;
	Member members[] = {
		MEMBER("org/model/README.md", "# old\n"),
		MEMBER("org/other/README.md", "# other\n"),
		MEMBER("./org/model/README.md", "# new\n"),
	};
	const char *path = check_tmp("repeated.tar");
	write_tar(path, members, sizeof members / sizeof members[0], 0);
	CHECK_INT(run_import(st, path, &opt, &res, &err), 0);
	CHECK_INT(res.cards, 2);
	CHECK_INT(res.records, 2);
	CHECK_INT(res.warnings, 1);
	CHECK(strstr(res.warning, "repeated.tar: org/model/README.md and ./org/model/README.md are both the card of "
				  "org/model; the later one is kept, as tar extracts it") != NULL);
	CHECK_CARD(st, "body", "org/model", "# new\n");
	CHECK_Q(st, "SELECT count(*) FROM card", "2");
	store_close(st);
}

/* Cards that are links to other members share their text, whatever the
 * order; a link out of the archive is refused. */
static void test_links(void)
{
	Store *st = check_new_store("links.store");
	ImportOptions opt = {0};
	ImportResult res;
	PeatErr err;

	Member members[] = {
		SYMLINK("org/early/README.md", "../../org/text/README.md"), /* before its target */
		MEMBER("org/text/README.md", "# shared text\n"),
		HARDLINK("org/hard/README.md", "org/text/README.md"),
		SYMLINK("org/chain/README.md", "../hard/README.md"),
		MEMBER("org/other/notes.md", "# notes\n"),
		SYMLINK("org/to-notes/README.md", "/org/other/notes.md"),
	};
	const char *path = check_tmp("links.tar");
	write_tar(path, members, sizeof members / sizeof members[0], 0);
	CHECK_INT(run_import(st, path, &opt, &res, &err), 0);
	CHECK_STR(err.msg, "");
	CHECK_INT(res.cards, 5);
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM card_now WHERE body = '# shared text' || char(10)"), 4);
	CHECK_CARD(st, "body", "org/to-notes", "# notes\n");
	CHECK_CARD(st, "source", "org/hard", "links.tar:org/hard/README.md");

	Member outside[] = {
		MEMBER("org/a/README.md", "# a\n"),
		SYMLINK("org/b/README.md", "../../../elsewhere/README.md"),
	};
	path = check_tmp("outside.tar");
	write_tar(path, outside, 2, 0);
	char *p = xstrdup(path);
	check_refused(st, p, IMPORT_AUTO, "outside.tar: org/b/README.md: a link that points outside the archive");
	free(p);

	Member dangling[] = {
		MEMBER("org/a/README.md", "# a\n"),
		SYMLINK("org/b/README.md", "../missing/README.md"),
	};
	path = check_tmp("dangling.tar");
	write_tar(path, dangling, 2, 0);
	p = xstrdup(path);
	check_refused(st, p, IMPORT_AUTO,
		      "dangling.tar: org/b/README.md: a link to org/missing/README.md, which is not a file in the archive");
	free(p);
	store_close(st);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int shared_path(const char *rel, StrBuf *out)
{
	const char *shared = getenv("SHARED_DATA");
	struct stat sb;
	if (!shared || !*shared) {
		printf("skipped: %s (SHARED_DATA is not set)\n", rel);
		return 0;
	}
	sb_printf(out, "%s/%s", shared, rel);
	if (stat(sb_str(out), &sb) != 0) {
		printf("skipped: %s does not exist\n", sb_str(out));
		return 0;
	}
	return 1;
}

static void test_shared(void)
{
	StrBuf path = {0};
	ImportOptions opt = {0};
	ImportResult res;
	PeatErr err;

	if (shared_path("hub-2022-02/cards.tar.gz", &path)) {
		Store *st = check_new_store("hub2022.store");
		double t0 = now_seconds();
		CHECK_INT(run_import(st, sb_str(&path), &opt, &res, &err), 0);
		CHECK_STR(err.msg, "");
		printf("imported %s: %lld cards in %.2f s\n", sb_str(&path), (long long)res.cards, now_seconds() - t0);
		/* tar tzf cards.tar.gz | grep -c '/README.md$' -> 16241 */
		CHECK_INT(res.cards, 16241);
		CHECK_INT(check_q_int(st, "SELECT count(*) FROM card_now"), 16241);
		/* Its largest card, 599,615 bytes, is a seventh of the cap. */
		CHECK_INT(check_q_int(st, "SELECT max(length(CAST(body AS BLOB))) FROM card_now"), 599615);
		/* Legacy ids sit right under the wrapper folder. */
		CHECK_CARD(st, "source", "bert-base-uncased", "cards.tar.gz:model_cards_2022-02/bert-base-uncased/README.md");
		CHECK_INT(check_q_int(st, "SELECT count(*) FROM model_now WHERE name LIKE 'model_cards%'"), 0);
		/* tar tzf cards.tar.gz | awk -F/ 'NF == 3' | wc -l -> 50 legacy ids */
		CHECK_INT(check_q_int(st, "SELECT count(*) FROM model_now WHERE name NOT LIKE '%/%'"), 50);
		/* Two cards of the dump are UTF-16 ("hello"), stored converted. */
		CHECK_CARD(st, "body", "Jtisch7/bertFinancialSent", "hello\r\n");
		store_close(st);
	}
	sb_reset(&path);
	if (shared_path("hub-2025-04/cards", &path)) {
		Store *st = check_new_store("hub2025.store");
		double t0 = now_seconds();
		CHECK_INT(run_import(st, sb_str(&path), &opt, &res, &err), 0);
		CHECK_STR(err.msg, "");
		printf("imported %s: %lld cards in %.2f s\n", sb_str(&path), (long long)res.cards, now_seconds() - t0);
		/* find hub-2025-04/cards -name README.md | wc -l -> 1813 */
		CHECK_INT(res.cards, 1813);
		CHECK_INT(check_q_int(st, "SELECT max(length(CAST(body AS BLOB))) FROM card_now"), 69836);
		CHECK_INT(check_q_int(st, "SELECT count(*) FROM card_now"), 1813);
		CHECK_INT(check_q_int(st, "SELECT count(*) FROM model_now WHERE name NOT LIKE '%_/_%'"), 0);
		store_close(st);
	}
	sb_free(&path);
}

int main(void)
{
	test_folder();
	test_tarball();
	test_refused();
	test_too_large();
	test_hostile_text();
	test_layouts();
	test_repeated();
	test_links();
	test_shared();
	check_cleanup();
	return check_done();
}
