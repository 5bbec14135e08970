/* SPDX-License-Identifier: MIT */
/* test_columns.c - the table views' columns (tui/columns.h): the width
 * shared by priority (the id first, then the current column, the numbers,
 * the rest), the user's choice read and written as the option holds it,
 * moving between columns, and ids cut so that siblings stay apart. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "columns.h"

/* The models view's columns. */
enum { CARD, STATUS, ID, AUTHOR, RANK, DOWNLOADS, LIKES, LIBRARY, PIPELINE, CREATED, N };
static const ColumnDecl decl[N] = {
	[CARD] = {"card", "card", COLUMN_NUMBER, 9, 0, 0},
	[STATUS] = {"status", "K", COLUMN_NUMBER, 1, 0, 0},
	[ID] = {"id", "id", COLUMN_KEY, 0, 0, 0},
	[AUTHOR] = {"author", "author", COLUMN_TEXT, 0, 0, 0},
	[RANK] = {"rank", "rank", COLUMN_NUMBER, 7, 1, 0},
	[DOWNLOADS] = {"downloads", "downloads", COLUMN_NUMBER, 10, 1, 0},
	[LIKES] = {"likes", "likes", COLUMN_NUMBER, 7, 1, 0},
	[LIBRARY] = {"library", "library", COLUMN_TEXT, 0, 0, 0},
	[PIPELINE] = {"pipeline", "pipeline", COLUMN_TEXT, 0, 0, 0},
	[CREATED] = {"created", "created", COLUMN_TEXT, 0, 0, 0},
};

/* What the cells need on a screen of sentence-transformers models: ids up
 * to `id` columns, the author carried by the id, no rank. */
static void needs(int need[N], int id)
{
	static const int base[N] = {9, 1, 0, 21, 4, 10, 6, 21, 21, 10};
	memcpy(need, base, sizeof base);
	need[ID] = id;
}

/* The author carried by the ids, no rank: absent. */
static void ids_carry_authors(Columns *c, int yes)
{
	memset(c->absent, 0, sizeof c->absent);
	c->absent[AUTHOR] = c->absent[RANK] = (unsigned char)yes;
}

/* The columns shown, "name:width" left to right. */
static const char *shown(const Columns *c)
{
	static char buf[256];
	buf[0] = '\0';
	int last_x = -1;
	for (size_t k = 0; k < c->n; k++) {
		size_t i = c->order[k];
		if (!c->w[i])
			continue;
		CHECK(c->x[i] > last_x); /* in their order, not overlapping */
		last_x = c->x[i] + c->w[i];
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s:%d", buf[0] ? " " : "", decl[i].name, c->w[i]);
	}
	return buf;
}

static int right_edge(const Columns *c)
{
	int edge = 0;
	for (size_t i = 0; i < c->n; i++)
		if (c->w[i] && c->x[i] + c->w[i] > edge)
			edge = c->x[i] + c->w[i];
	return edge;
}

static void test_the_id_first(void)
{
	Columns c;
	int need[N];
	columns_init(&c, decl, N);
	CHECK_INT(c.current, ID);
	ids_carry_authors(&c, 1);
	/* 80 columns, ids up to 45: every id whole, the numbers beside them,
	 * no room left for the library. */
	needs(need, 45);
	columns_fit(&c, need, 80);
	CHECK_STR(shown(&c), "card:9 status:1 id:45 downloads:10 likes:7");
	CHECK_INT(c.x[ID], 12);
	CHECK_INT(right_edge(&c), 76);
	/* Shorter ids: the library gets the rest, cut. */
	needs(need, 40);
	columns_fit(&c, need, 80);
	CHECK_STR(shown(&c), "card:9 status:1 id:40 downloads:10 likes:7 library:8");
	CHECK_INT(right_edge(&c), 80);
	/* A 59-column id: cut to what the numbers leave (80 - 31). */
	needs(need, 59);
	columns_fit(&c, need, 80);
	CHECK_STR(shown(&c), "card:9 status:1 id:49 downloads:10 likes:7");
	/* 40 columns: the id keeps the floor, the numbers nearest it that
	 * still fit stay (of two as near, the right one first). */
	columns_fit(&c, need, 40);
	CHECK_STR(shown(&c), "status:1 id:24 downloads:10");
	/* 200 columns: every column what it needs, nothing cut. */
	columns_fit(&c, need, 200);
	CHECK_STR(shown(&c), "card:9 status:1 id:59 downloads:10 likes:7 library:21 pipeline:21 created:10");
	/* The author when the ids do not carry it. */
	ids_carry_authors(&c, 0);
	columns_fit(&c, need, 200);
	CHECK_STR(shown(&c), "card:9 status:1 id:59 author:21 rank:7 downloads:10 likes:7 library:21 pipeline:21 created:10");
}

static void test_the_current_column(void)
{
	Columns c;
	int need[N];
	columns_init(&c, decl, N);
	ids_carry_authors(&c, 1);
	needs(need, 45);
	/* Moving right: downloads, likes, library, pipeline, created (the
	 * author and rank are absent). */
	size_t path[] = {DOWNLOADS, LIKES, LIBRARY, PIPELINE, CREATED, CREATED};
	for (size_t k = 0; k < sizeof path / sizeof path[0]; k++) {
		c.current = columns_next(&c, +1);
		CHECK_INT(c.current, path[k]);
	}
	/* The current column is shown whole, the id too, and the numbers:
	 * the id gives way to them, down to the floor. */
	columns_fit(&c, need, 80);
	CHECK_STR(shown(&c), "card:9 status:1 id:38 downloads:10 likes:7 created:10");
	c.current = PIPELINE;
	columns_fit(&c, need, 80);
	CHECK_STR(shown(&c), "card:9 status:1 id:27 downloads:10 likes:7 pipeline:21");
	/* At 60 the floor holds: the numbers farthest from pipeline that do
	 * not fit go. */
	columns_fit(&c, need, 60);
	CHECK_STR(shown(&c), "status:1 id:24 likes:7 pipeline:21");
	/* Narrower than the id's floor and the current column: both are
	 * still shown, the current one at its least. */
	columns_fit(&c, need, 30);
	CHECK_STR(shown(&c), "id:23 pipeline:6");
	/* Back left to the id; nothing left of the card. */
	c.current = STATUS;
	CHECK_INT(columns_next(&c, -1), CARD);
	c.current = CARD;
	CHECK_INT(columns_next(&c, -1), CARD);
	/* A current column hidden gives way to the id. */
	c.current = LIBRARY;
	c.hidden[LIBRARY] = 1;
	columns_fit(&c, need, 80);
	CHECK_INT(c.current, ID);
	/* Hidden columns are skipped when moving. */
	c.current = LIKES;
	CHECK_INT(columns_next(&c, +1), PIPELINE);
}

static void test_chosen_widths(void)
{
	Columns c;
	int need[N];
	columns_init(&c, decl, N);
	ids_carry_authors(&c, 1);
	needs(need, 40);
	/* The id narrowed to 20 by the user: cut, the rest gets more. */
	c.chosen[ID] = 20;
	columns_fit(&c, need, 80);
	CHECK_STR(shown(&c), "card:9 status:1 id:20 downloads:10 likes:7 library:21 pipeline:6");
	/* A number widened; a text column narrowed below its content. */
	c.chosen[ID] = 0;
	c.chosen[DOWNLOADS] = 14;
	c.chosen[LIBRARY] = 12;
	ids_carry_authors(&c, 0);
	columns_fit(&c, need, 120);
	CHECK_STR(shown(&c), "card:9 status:1 id:40 author:21 rank:7 downloads:14 likes:7 library:12");
	/* A text column given a width is as wide as that, whole or not at all,
	 * as a number is: the id gives way for it, down to its floor. */
	ids_carry_authors(&c, 1);
	memset(c.chosen, 0, sizeof c.chosen);
	c.chosen[LIBRARY] = 23;
	columns_fit(&c, need, 80);
	CHECK_STR(shown(&c), "card:9 status:1 id:25 downloads:10 likes:7 library:23");
	columns_fit(&c, need, 50);
	CHECK_STR(shown(&c), "status:1 id:24 downloads:10 likes:7");
}

/* A number declared `first` (a ranking's rank) comes before the others,
 * however far from the current column. */
static void test_first_numbers(void)
{
	enum { R_RANK, R_CHANGE, R_STATUS, R_ID, R_DOWNLOADS, R_LIKES, R_CARD, RN };
	static const ColumnDecl ranking[RN] = {
		[R_RANK] = {"rank", "rank", COLUMN_NUMBER, 5, 1, 1},
		[R_CHANGE] = {"change", "change", COLUMN_NUMBER, 6, 0, 0},
		[R_STATUS] = {"status", "K", COLUMN_NUMBER, 1, 0, 0},
		[R_ID] = {"id", "id", COLUMN_KEY, 0, 0, 0},
		[R_DOWNLOADS] = {"downloads", "downloads", COLUMN_NUMBER, 10, 1, 0},
		[R_LIKES] = {"likes", "likes", COLUMN_NUMBER, 7, 1, 0},
		[R_CARD] = {"card", "card", COLUMN_NUMBER, 9, 0, 0},
	};
	int need[RN] = {4, 6, 1, 30, 10, 5, 9};
	Columns c;
	columns_init(&c, ranking, RN);
	columns_fit(&c, need, 40);
	CHECK(c.w[R_RANK] == 5 && c.w[R_ID] == 24);
	CHECK_INT(c.w[R_DOWNLOADS], 0);
	columns_fit(&c, need, 80);
	CHECK_INT(c.w[R_ID], 30);
	CHECK_INT(c.x[R_ID], 15);
}

static void test_option(void)
{
	Columns c;
	char err[256] = "", buf[256];
	columns_init(&c, decl, N);
	columns_format(&c, buf, sizeof buf);
	CHECK_STR(buf, "card,status,id,author,rank,downloads,likes,library,pipeline,created");
	CHECK_INT(columns_parse(&c, "id,-author,downloads:12,card", err, sizeof err), 0);
	columns_format(&c, buf, sizeof buf);
	CHECK_STR(buf, "id,-author,downloads:12,card,status,rank,likes,library,pipeline,created");
	CHECK_INT(c.hidden[AUTHOR], 1);
	CHECK_INT(c.chosen[DOWNLOADS], 12);
	/* What it writes, it reads. */
	Columns again;
	columns_init(&again, decl, N);
	CHECK_INT(columns_parse(&again, buf, err, sizeof err), 0);
	columns_format(&again, buf, sizeof buf);
	CHECK_STR(buf, "id,-author,downloads:12,card,status,rank,likes,library,pipeline,created");
	/* Empty: the defaults. */
	CHECK_INT(columns_parse(&c, "", err, sizeof err), 0);
	columns_format(&c, buf, sizeof buf);
	CHECK_STR(buf, "card,status,id,author,rank,downloads,likes,library,pipeline,created");
	/* Mistakes leave the columns as they were. */
	CHECK_INT(columns_parse(&c, "id,-library", err, sizeof err), 0);
	CHECK_INT(columns_parse(&c, "id,licence", err, sizeof err), -1);
	CHECK_STR(err, "unknown column \"licence\" (the columns: card, status, id, author, rank, downloads, likes, "
		       "library, pipeline, created)");
	CHECK_INT(c.hidden[LIBRARY], 1);
	CHECK_INT(columns_parse(&c, "id,likes,likes", err, sizeof err), -1);
	CHECK_STR(err, "column likes is named twice");
	CHECK_INT(columns_parse(&c, "-id", err, sizeof err), -1);
	CHECK_STR(err, "the id column cannot be hidden: it says what each row is");
	CHECK_INT(columns_parse(&c, "likes:0", err, sizeof err), -1);
	CHECK_STR(err, "column likes: the width \"0\" is not a number from 1 to 400");
	CHECK_INT(columns_parse(&c, "likes:", err, sizeof err), -1);
	CHECK_INT(columns_parse(&c, "likes:9x", err, sizeof err), -1);
	CHECK_INT(columns_find(&c, "pipeline"), PIPELINE);
	CHECK_INT(columns_find(&c, "nope"), -1);
}

static void cut(const char *id, int cols, const char *want)
{
	char *got = columns_cut_id(id, cols, "…");
	CHECK_STR(got, want);
	free(got);
}

static void test_cut_id(void)
{
	/* Siblings stay apart: the owner is cut, the name whole. */
	cut("sentence-transformers/all-MiniLM-L6-v2", 30, "sentence-tra…/all-MiniLM-L6-v2");
	cut("sentence-transformers/all-MiniLM-L12-v2", 30, "sentence-tr…/all-MiniLM-L12-v2");
	cut("sentence-transformers/all-MiniLM-L6-v2", 19, "s…/all-MiniLM-L6-v2");
	cut("sentence-transformers/all-MiniLM-L6-v2", 18, "…/all-MiniLM-L6-v2");
	/* A name too long for that: its start and twice as much of its end. */
	cut("sentence-transformers/paraphrase-multilingual-mpnet-base-v2", 30, "sentence-…ingual-mpnet-base-v2");
	cut("sentence-transformers/paraphrase-multilingual-mpnet-base-v2", 31, "sentence-t…ingual-mpnet-base-v2");
	/* An id without an owner; one that fits; wide characters by columns. */
	cut("bert-base-multilingual-uncased", 16, "bert-…al-uncased");
	cut("gpt2", 16, "gpt2");
	cut("北极星-ai/marten-8b-instruct", 20, "…/marten-8b-instruct");
	cut("北极星-ai/marten-8b-instruct", 23, "北…/marten-8b-instruct");
	cut("北极星-ai/paraphrase-multilingual", 20, "北极星…-multilingual");
	cut("ab", 1, "…");
	char *ascii = columns_cut_id("sentence-transformers/all-MiniLM-L6-v2", 25, "~");
	CHECK_STR(ascii, "sentenc~/all-MiniLM-L6-v2");
	free(ascii);
}

int main(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	test_the_id_first();
	test_the_current_column();
	test_chosen_widths();
	test_first_numbers();
	test_option();
	test_cut_id();
	return check_done();
}
