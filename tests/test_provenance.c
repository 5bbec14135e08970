/* SPDX-License-Identifier: MIT */
/* Unit tests for provenance.h: command lines quoted so that a shell reads
 * every word back as it was (checked by running /bin/sh on them), and a
 * provenance built from its sources. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "provenance.h"

/* What /bin/sh makes of `printf '%s\n' WORDS`, each word quoted by
 * cmdline_put_word(): one line a word. */
static char *shell_reads(const char *const *words, size_t n)
{
	StrBuf cmd = {0};
	sb_puts(&cmd, "printf '%s\\n'");
	for (size_t i = 0; i < n; i++) {
		sb_putc(&cmd, ' ');
		cmdline_put_word(&cmd, words[i]);
	}
	FILE *p = popen(sb_str(&cmd), "r");
	sb_free(&cmd);
	StrBuf out = {0};
	char buf[256];
	size_t got;
	while (p && (got = fread(buf, 1, sizeof buf, p)) > 0)
		sb_add(&out, buf, got);
	if (p)
		pclose(p);
	return sb_take(&out);
}

static char *quoted(const char *word)
{
	StrBuf sb = {0};
	cmdline_put_word(&sb, word);
	return sb_take(&sb);
}

static void test_quoting(void)
{
	static const char *const plain[] = {"ls", "--top", "1000", "org/model-7b_v1.5", "--db=/tmp/a.db",
					    "北极星-ai/marten-8b", "a,b", "x@y", "100%", "c^2", "+1"};
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
		char *q = quoted(plain[i]);
		CHECK_STR(q, plain[i]);
		free(q);
	}
	char *q = quoted("it's");
	CHECK_STR(q, "'it'\\''s'");
	free(q);
	q = quoted("");
	CHECK_STR(q, "''");
	free(q);
	q = quoted(">=3");
	CHECK_STR(q, "'>=3'");
	free(q);

	/* Whatever the word, the shell reads it back unchanged. */
	static const char *const words[] = {"plain", "two words", "it's", "$HOME", "`id`", "$(id)", "~/x", "~",
					    "#comment", "a#b", "*", "?", "[ab]", "{a,b}", "a\\b", "\"q\"", ">=3",
					    "<2", "a;b", "a|b", "a&b", "(x)", "!x", "tab\there", "北极星-ai/marten-8b",
					    "", "'", "''", "x=y", "-n"};
	size_t n = sizeof words / sizeof words[0];
	StrBuf expected = {0};
	for (size_t i = 0; i < n; i++)
		sb_printf(&expected, "%s\n", words[i]);
	char *got = shell_reads(words, n);
	CHECK_STR(got, sb_str(&expected));
	free(got);
	sb_free(&expected);

	char a0[] = "/usr/bin/peat", a1[] = "--db", a2[] = "my store.db", a3[] = "rank", a4[] = "--top", a5[] = "10";
	char *argv[] = {a0, a1, a2, a3, a4, a5, NULL};
	char *line = cmdline_join(6, argv);
	CHECK_STR(line, "peat --db 'my store.db' rank --top 10");
	free(line);
}

static SnapshotInfo snapshot(const char *registry, const char *label, const char *date, Measure m)
{
	SnapshotInfo s;
	memset(&s, 0, sizeof s);
	snprintf(s.registry, sizeof s.registry, "%s", registry);
	snprintf(s.label, sizeof s.label, "%s", label);
	snprintf(s.date, sizeof s.date, "%s", date);
	s.measure = m;
	return s;
}

static void test_build(void)
{
	SnapshotInfo snaps[2] = {snapshot("hf", "s-2024-02", "2024-02-01", MEASURE_DOWNLOADS_30D),
				 snapshot("hf", "s-2024-01", "2024-01-01", MEASURE_LIKES)};
	snaps[1].partial = 1;
	ProvenanceBuf p;
	DataSources src = {.snaps = snaps, .nsnaps = 2};
	provenance_build(&p, "peat rank", &src, 1);
	CHECK_STR(p.prov.command, "peat rank");
	CHECK_STR(p.prov.snapshots, "hf s-2024-02 (2024-02-01, 30-day downloads); hf s-2024-01 (2024-01-01, likes, partial)");
	CHECK_INT(p.prov.nsnaps, 2);
	CHECK_STR(p.prov.snaps[1].label, "s-2024-01");
	CHECK_STR(p.prov.snaps[1].measure, "likes");
	CHECK_INT(p.prov.snaps[1].partial, 1);
	CHECK(p.prov.source == NULL);
	CHECK_INT(p.prov.demo, 1);
	provenance_release(&p);

	/* A description of its own wins; a card is named with its date. */
	DataSources card = {.snapshots = "every snapshot", .source_kind = "card", .source_label = "x/README.md",
			    .source_date = "2024-03-01"};
	provenance_build(&p, "peat card", &card, 0);
	CHECK_STR(p.prov.snapshots, "every snapshot");
	CHECK_STR(p.prov.source, "card x/README.md (fetched 2024-03-01)");
	CHECK_STR(p.prov.source_label, "x/README.md");
	provenance_release(&p);

	provenance_build(&p, "peat", NULL, 0);
	CHECK(p.prov.snapshots == NULL && p.prov.nsnaps == 0 && p.prov.source == NULL);
	provenance_release(&p);
	CHECK(snapshots_desc(snaps, 0) == NULL);
}

int main(void)
{
	test_quoting();
	test_build();
	return check_done();
}
