/* SPDX-License-Identifier: MIT */
/* test_cardsec_devset.c - peat's section verdicts against the two readers
 * of the card development set (tests/cardsec-devset, issue 15): agreement
 * per section and overall, with confusion counts, on the verdicts where the
 * readers agree, for the tuning half and the held-out half.
 *
 * Under `make check` (SHARED_DATA names ../shared/data) it prints both
 * halves and checks the held-out half against the targets: at least
 * TARGET_OVERALL of all verdicts and TARGET_SECTION of every section's.
 * Without the shared data it is skipped: the repository holds the labels,
 * never the card texts.
 *
 * Run by hand it is the measurement tool:
 *     test_cardsec_devset              both halves, as under make check
 *     test_cardsec_devset --show       also every disagreement of the
 *                                      tuning half, with peat's evidence
 *     test_cardsec_devset --all        every verdict of the tuning half
 * --show and --all print the tuning half alone and never list the held-out
 * half's cards: rules are tuned on the tuning half only, so the held-out
 * numbers stay an honest estimate. */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cardsec.h"
#include "check.h"
#include "strbuf.h"

#define TARGET_OVERALL 0.95
#define TARGET_SECTION 0.90
#define MAX_CARDS 1000

enum { TUNE, TEST, HALVES };
static const char *const half_names[HALVES] = {"tune", "test"};

typedef struct Card {
	int n;
	int year;        /* 2022 or 2025 */
	char model[256];
	int half;
	int label[2][SEC_COUNT]; /* reader a, reader b; -1 when not read */
	char *text;
	size_t len;
} Card;

static Card cards[MAX_CARDS];
static size_t ncards;

/* Counts for one half and one section. */
typedef struct Tally {
	long agreed;      /* verdicts where the readers agree */
	long peat_agrees;
	long peat_yes_readers_no;
	long peat_no_readers_yes;
	long readers_yes;
} Tally;

/* A folder beside this source file (run by hand) or next to $FIXTURES
 * (under make check). */
static void source_path(char *out, size_t outsz, const char *rel)
{
	const char *env = getenv("FIXTURES");
	if (env && *env) {
		snprintf(out, outsz, "%s/../%s", env, rel);
		return;
	}
	const char *slash = strrchr(__FILE__, '/');
	int dir_len = slash ? (int)(slash - __FILE__) : 1;
	snprintf(out, outsz, "%.*s/%s", dir_len, slash ? __FILE__ : ".", rel);
}

static const char *shared_data(void)
{
	static char path[1024];
	const char *d = getenv("SHARED_DATA");
	struct stat sb;
	if (d && *d)
		snprintf(path, sizeof path, "%s", d);
	else
		source_path(path, sizeof path, "../../shared/data");
	if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return NULL;
	return path;
}

static Card *card_numbered(int n)
{
	for (size_t i = 0; i < ncards; i++)
		if (cards[i].n == n)
			return &cards[i];
	return NULL;
}

/* sample.tsv: n, collection, model, half. */
static void read_sample(const char *dir)
{
	char path[2048], line[1024];
	snprintf(path, sizeof path, "%s/sample.tsv", dir);
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(99);
	}
	int lineno = 0;
	while (fgets(line, sizeof line, f)) {
		char half[16];
		Card *c = &cards[ncards];
		if (++lineno == 1)
			continue;
		if (ncards == MAX_CARDS ||
		    sscanf(line, "%d\t%d\t%255s\t%15s", &c->n, &c->year, c->model, half) != 4) {
			fprintf(stderr, "%s:%d: expected n, collection, model, half\n", path, lineno);
			exit(99);
		}
		c->half = strcmp(half, "tune") == 0 ? TUNE : TEST;
		memset(c->label, 0xff, sizeof c->label);
		ncards++;
	}
	fclose(f);
}

/* labels-reader-X.tsv: n, model, then 0/1 per section in CardSection order. */
static void read_labels(const char *dir, int reader)
{
	char path[2048], line[1024];
	snprintf(path, sizeof path, "%s/labels-reader-%c.tsv", dir, 'a' + reader);
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(99);
	}
	int lineno = 0;
	while (fgets(line, sizeof line, f)) {
		int n, v[SEC_COUNT];
		char model[256];
		if (++lineno == 1)
			continue;
		Card *c;
		if (sscanf(line, "%d\t%255s\t%d\t%d\t%d\t%d\t%d", &n, model, &v[0], &v[1], &v[2], &v[3], &v[4]) != 7 ||
		    !(c = card_numbered(n)) || strcmp(c->model, model) != 0) {
			fprintf(stderr, "%s:%d: not a label line of a sampled card\n", path, lineno);
			exit(99);
		}
		memcpy(c->label[reader], v, sizeof v);
	}
	fclose(f);
}

/* The 2025 cards are files; the 2022 ones are read from the tarball in one
 * pass. Returns the number of cards without a text. */
static size_t load_cards(const char *data)
{
	char path[2048];
	for (size_t i = 0; i < ncards; i++) {
		if (cards[i].year != 2025)
			continue;
		snprintf(path, sizeof path, "%s/hub-2025-04/cards/%s/README.md", data, cards[i].model);
		cards[i].text = check_read_file(path, &cards[i].len);
	}
	snprintf(path, sizeof path, "%s/hub-2022-02/cards.tar.gz", data);
	struct archive *ar = archive_read_new();
	archive_read_support_filter_gzip(ar);
	archive_read_support_format_tar(ar);
	if (archive_read_open_filename(ar, path, 1 << 16) == ARCHIVE_OK) {
		struct archive_entry *e;
		static const char prefix[] = "model_cards_2022-02/", suffix[] = "/README.md";
		while (archive_read_next_header(ar, &e) == ARCHIVE_OK) {
			const char *name = archive_entry_pathname(e);
			size_t nl = strlen(name);
			if (archive_entry_filetype(e) != AE_IFREG || strncmp(name, prefix, sizeof prefix - 1) != 0 ||
			    nl < sizeof prefix + sizeof suffix || strcmp(name + nl - (sizeof suffix - 1), suffix) != 0)
				continue;
			size_t idlen = nl - (sizeof prefix - 1) - (sizeof suffix - 1);
			for (size_t i = 0; i < ncards; i++) {
				Card *c = &cards[i];
				if (c->year != 2022 || c->text || strlen(c->model) != idlen ||
				    strncmp(c->model, name + sizeof prefix - 1, idlen) != 0)
					continue;
				StrBuf body = {0};
				char buf[1 << 16];
				la_ssize_t r;
				while ((r = archive_read_data(ar, buf, sizeof buf)) > 0)
					sb_add(&body, buf, (size_t)r);
				c->len = body.len;
				c->text = body.data ? sb_take(&body) : xstrdup("");
				break;
			}
		}
	}
	archive_read_free(ar);
	size_t missing = 0;
	for (size_t i = 0; i < ncards; i++)
		if (!cards[i].text) {
			fprintf(stderr, "card %03d (%s, %d) not found in %s\n", cards[i].n, cards[i].model,
				cards[i].year, data);
			missing++;
		}
	return missing;
}

static double share(long k, long n)
{
	return n ? (double)k / (double)n : 1.0;
}

static void print_half(int half, Tally t[SEC_COUNT + 1])
{
	printf("%s half:\n", half_names[half]);
	printf("  %-12s %9s %7s %8s %17s %17s\n", "section", "agree", "%", "readers", "peat yes/rdrs no",
	       "peat no/rdrs yes");
	for (int s = 0; s <= SEC_COUNT; s++) {
		const Tally *x = &t[s];
		printf("  %-12s %4ld/%-4ld %6.1f%% %4ld yes %17ld %17ld\n",
		       s < SEC_COUNT ? card_section_name((CardSection)s) : "overall", x->peat_agrees, x->agreed,
		       100.0 * share(x->peat_agrees, x->agreed), x->readers_yes, x->peat_yes_readers_no,
		       x->peat_no_readers_yes);
	}
}

int main(int argc, char **argv)
{
	int all = argc > 1 && strcmp(argv[1], "--all") == 0;
	int show = all || (argc > 1 && strcmp(argv[1], "--show") == 0);
	char dir[1024];
	source_path(dir, sizeof dir, "cardsec-devset");
	const char *data = shared_data();
	if (!data)
		SKIP("no real data (../shared/data): the development set's cards are not checked");
	read_sample(dir);
	read_labels(dir, 0);
	read_labels(dir, 1);
	CHECK_INT(ncards, 320);
	CHECK_INT(load_cards(data), 0);

	Tally tally[HALVES][SEC_COUNT + 1];
	memset(tally, 0, sizeof tally);
	CardScorer *sc = card_scorer_new();
	for (size_t i = 0; i < ncards; i++) {
		Card *c = &cards[i];
		if (!c->text)
			continue;
		CardFacts facts = {c->model, NULL, 0, NULL, 0};
		CardAnalysis a;
		PeatErr err = {0};
		CHECK_INT(card_scorer_analyze(sc, c->text, c->len, &facts, &a, &err), 0);
		for (int s = 0; s < SEC_COUNT; s++) {
			int ra = c->label[0][s], rb = c->label[1][s];
			CHECK(ra >= 0 && rb >= 0);
			if (ra != rb)
				continue;
			int peat = (a.sections >> s) & 1;
			Tally *ts[2] = {&tally[c->half][s], &tally[c->half][SEC_COUNT]};
			for (int k = 0; k < 2; k++) {
				ts[k]->agreed++;
				ts[k]->peat_agrees += peat == ra;
				ts[k]->peat_yes_readers_no += peat && !ra;
				ts[k]->peat_no_readers_yes += !peat && ra;
				ts[k]->readers_yes += ra;
			}
			if (show && c->half == TUNE && (all || peat != ra))
				printf("%03d %-11s readers %s, peat %s  %s  line %d: %s\n", c->n,
				       card_section_name((CardSection)s), ra ? "yes" : "no", peat ? "yes" : "no", c->model,
				       a.line[s], a.evidence[s]);
		}
		card_analysis_free(&a);
	}
	card_scorer_free(sc);

	printf("peat against the readers of tests/cardsec-devset, on the verdicts where they agree:\n");
	print_half(TUNE, tally[TUNE]);
	if (show) {
		for (size_t i = 0; i < ncards; i++)
			free(cards[i].text);
		return check_done();
	}
	print_half(TEST, tally[TEST]);

	/* The targets hold on the held-out half. */
	const Tally *test = tally[TEST];
	CHECK(test[SEC_COUNT].agreed > 0);
	if (share(test[SEC_COUNT].peat_agrees, test[SEC_COUNT].agreed) < TARGET_OVERALL)
		printf("held-out half: overall agreement below the %.0f%% target\n", 100 * TARGET_OVERALL);
	CHECK(share(test[SEC_COUNT].peat_agrees, test[SEC_COUNT].agreed) >= TARGET_OVERALL);
	for (int s = 0; s < SEC_COUNT; s++) {
		double got = share(test[s].peat_agrees, test[s].agreed);
		if (got < TARGET_SECTION)
			printf("held-out half: %s below the %.0f%% target\n", card_section_name((CardSection)s),
			       100 * TARGET_SECTION);
		CHECK(got >= TARGET_SECTION);
	}
	for (size_t i = 0; i < ncards; i++)
		free(cards[i].text);
	return check_done();
}
