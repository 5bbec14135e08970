/* SPDX-License-Identifier: MIT */
/* view_card.c - one model's card, rendered by core/cardrender (the same
 * layout as `peat card`): the front matter as a metadata block at the top,
 * then the Markdown, wrapped to the screen width and wrapped again when the
 * width changes. A strip under the title shows which of the five sections
 * (core/cardsec, as `peat card --sections`) the card has; keys jump to each
 * section and to the next or previous heading. Tables wider than the screen
 * scroll horizontally.
 *
 * Links: with hyperlinks on (`set hyperlinks`, see terminal.c) the link text
 * is drawn through screen_text_link(), which writes it again as an OSC 8
 * hyperlink after the frame (curses itself cannot hold the escapes: it
 * would count them as columns). Otherwise links are shown as `peat card`
 * shows them without --hyperlinks: a numbered reference after the link text
 * and the URLs listed at the end. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cardrender.h"
#include "cardsec.h"
#include "cells.h"
#include "fetch.h"
#include "strbuf.h"
#include "text.h"
#include "tui.h"

typedef struct CardView {
	char model[512];
	char *body;           /* the card as of the snapshot; NULL when there is none */
	size_t len;
	int64_t snapshot_id;  /* the snapshot it is as of (-1: now) */
	char snapshot_label[128];
	int live;             /* snapshot_id is a live snapshot after the one browsed */
	char browsed[128];    /* the snapshot the views show, "" for none */
	CardOrigin origin;    /* where the card came from (a body is shown) */
	CardAnalysis analysis;
	int analysed;         /* analysis holds a verdict */
	RenderedCard *card;   /* laid out for `width` columns */
	int width;
	int ascii;            /* the glyphs it was laid out with */
	int max_width;        /* the widest line (wide tables exceed width) */
	long section_line[SEC_COUNT]; /* rendered line of each section, -1 absent */
	int hub;              /* a Hugging Face model (only they have cards to fetch) */
	FetchState fetch;     /* no card stored: what the fetcher is doing about it */
	char fetch_error[768];
} CardView;

/* The card of a live snapshot after the one browsed, when there is one,
 * in place of cv->body: what a fetch wrote (into the day's live snapshot,
 * never into the snapshot browsed). 1 shown, 0 none, -1 error. */
static int load_live(CardView *cv, Tui *t, int64_t model, PeatErr *err)
{
	SnapshotInfo live;
	int found = query_live_snapshot(t->store, model, &t->snapshot, 1, &live, err);
	if (found <= 0)
		return found;
	free(cv->body);
	cv->body = NULL;
	cv->snapshot_id = live.id;
	snprintf(cv->snapshot_label, sizeof cv->snapshot_label, "%s", live.label);
	cv->live = 1;
	return card_load(t->store, model, live.id, &cv->body, &cv->len, err) < 0 ? -1 : 1;
}

/* The text shown in place of a card when none is stored. */
static void no_card_line(const CardView *cv, int ascii, size_t row, char *buf, size_t n)
{
	const char *dots = ascii ? "..." : "…";
	if (cv->fetch == FETCH_RUNNING) {
		if (row == 0)
			snprintf(buf, n, "fetching %s's card from the Hub%s", cv->model, dots);
		else
			snprintf(buf, n, "(the keys work meanwhile; the card appears when it arrives)");
		return;
	}
	if (cv->fetch == FETCH_DONE) {
		if (row == 0)
			snprintf(buf, n, "%s has no card on the Hub (or it is gated)", cv->model);
		else
			snprintf(buf, n, "(F asks the Hub again)");
		return;
	}
	if (cv->fetch == FETCH_FAILED) {
		if (row == 0)
			snprintf(buf, n, "%s", cv->fetch_error);
		else
			snprintf(buf, n, "(no card stored for %s; F tries again)", cv->model);
		return;
	}
	if (!cv->hub) {
		/* A PyPI or npm package: `peat sync model` would ask the Hub for
		 * a model of that name. */
		if (row == 0)
			snprintf(buf, n, "no card stored for %s", cv->model);
		else
			snprintf(buf, n, "(model cards come from the Hugging Face Hub; %s is not a Hub model)", cv->model);
		return;
	}
	/* The title names the model already: the command, which a long id
	 * makes long, gets the room. */
	if (row == 0)
		snprintf(buf, n, "no card stored %s `peat sync model %s` fetches it", ascii ? "-" : "—", cv->model);
	else
		snprintf(buf, n, "(or import a cards folder or tarball with `peat import`)");
}

static StyleRole line_first_role(const RLine *l)
{
	return l->nspans ? l->spans[0].role : CR_NORMAL;
}

static int line_has_role(const RLine *l, StyleRole r)
{
	for (size_t i = 0; i < l->nspans; i++)
		if (l->spans[i].role == r)
			return 1;
	return 0;
}

/* The first line of the body: after the metadata block and its rule. */
static size_t body_start(const RenderedCard *c)
{
	if (!c->nmeta && !c->meta_error)
		return 0;
	for (size_t i = 0; i < c->nlines; i++) {
		const RLine *l = &c->lines[i];
		if (l->nspans == 1 && l->spans[0].role == CR_RULE) {
			i++;
			while (i < c->nlines && c->lines[i].nspans == 0)
				i++;
			return i < c->nlines ? i : 0;
		}
	}
	return 0;
}

/* Text with runs of spaces as one and no spaces at the ends (heap). */
static char *squeeze_spaces(const char *s)
{
	StrBuf sb = {0};
	for (; *s; s++)
		if (*s != ' ' || (sb.len && s[1] && s[1] != ' '))
			sb_putc(&sb, *s);
	return sb_take(&sb);
}

/* Heading text and evidence compared case-insensitively, spaces squeezed. */
static int same_text(const char *a, const char *b)
{
	char *x = squeeze_spaces(a), *y = squeeze_spaces(b);
	int same = strcasecmp(x, y) == 0;
	free(x);
	free(y);
	return same;
}

/* Content evidence is the card's own words ("trained on 12,000 tweets"):
 * the first rendered line of the body that holds their beginning (two
 * words, since the line may wrap after them), or -1. */
static long find_words(const RenderedCard *c, const char *ev)
{
	char prefix[64];
	size_t n = 0;
	int words = 0;
	while (ev[n] && n + 1 < sizeof prefix) {
		if (ev[n] == ' ' && ++words == 2)
			break;
		n++;
	}
	memcpy(prefix, ev, n);
	prefix[n] = '\0';
	if (n < 4)
		return -1;
	for (size_t i = body_start(c); i < c->nlines; i++) {
		char *text = card_line_text(&c->lines[i]);
		int hit = strcasestr(text, prefix) != NULL;
		free(text);
		if (hit)
			return (long)i;
	}
	return -1;
}

/* The rendered line where a section's evidence is. The analysis names the
 * evidence (a heading's text, "code block calling X", "prose before the
 * first heading", "model-index in front matter", the words of the content
 * that shows it); the rendering has the
 * headings and the styled lines, so the evidence is looked up there. */
static long locate_section(const RenderedCard *c, const CardAnalysis *a, CardSection s)
{
	const char *ev = a->evidence[s];
	if (!((a->sections >> s) & 1))
		return -1;
	for (size_t i = 0; i < c->nheadings; i++)
		if (same_text(c->headings[i].text, ev))
			return (long)c->headings[i].line;
	if (!strncmp(ev, "code block ", 11)) {
		/* "code block calling from_pretrained": the needle is after the verb. */
		const char *needle = strchr(ev + 11, ' ');
		needle = needle ? needle + 1 : ev + 11;
		for (size_t i = 0; i < c->nlines; i++) {
			if (!line_has_role(&c->lines[i], CR_CODE_BLOCK))
				continue;
			char *text = card_line_text(&c->lines[i]);
			int hit = strcasestr(text, needle) != NULL;
			free(text);
			if (hit) {
				while (i > 0 && line_has_role(&c->lines[i - 1], CR_CODE_BLOCK))
					i--;
				return (long)i;
			}
		}
	}
	if (strstr(ev, "model-index")) {
		for (size_t i = 0; i < c->nlines; i++) {
			const RLine *l = &c->lines[i];
			if (line_first_role(l) == CR_META_KEY && !strncmp(l->spans[0].text, "model-index", 11))
				return (long)i;
		}
	}
	if (!strcmp(ev, "prose before the first heading"))
		return (long)body_start(c);
	long at = find_words(c, ev);
	if (at >= 0)
		return at;
	/* A title or a heading written differently: the first heading that
	 * contains the evidence, else the start of the body. */
	for (size_t i = 0; i < c->nheadings; i++)
		if (strcasestr(c->headings[i].text, ev))
			return (long)c->headings[i].line;
	return (long)body_start(c);
}

/* Lay the card out for `width` columns, keeping the cursor on the same
 * heading's part of the card. */
static void relayout(View *v, Tui *t, int width)
{
	CardView *cv = v->data;
	if (!cv->body || (cv->card && cv->width == width && cv->ascii == t->ascii))
		return;
	long anchor_heading = -1;
	size_t offset = v->cursor, top_gap = v->cursor - (v->top < v->cursor ? v->top : v->cursor);
	if (cv->card) {
		for (size_t i = 0; i < cv->card->nheadings; i++)
			if (cv->card->headings[i].line <= v->cursor) {
				anchor_heading = (long)i;
				offset = v->cursor - cv->card->headings[i].line;
			}
	}
	rendered_card_free(cv->card);
	/* With hyperlinks the links need no reference numbers: the text is the
	 * link. */
	unsigned flags = CARD_RENDER_META | (t->ascii ? CARD_RENDER_ASCII : 0) | (t->hyperlinks ? CARD_RENDER_OSC8 : 0);
	cv->card = card_render(cv->body, cv->len, width, flags);
	cv->width = width;
	cv->ascii = t->ascii;
	cv->max_width = 0;
	for (size_t i = 0; i < cv->card->nlines; i++)
		if (cv->card->lines[i].width > cv->max_width)
			cv->max_width = cv->card->lines[i].width;
	for (int s = 0; s < SEC_COUNT; s++)
		cv->section_line[s] = cv->analysed ? locate_section(cv->card, &cv->analysis, (CardSection)s) : -1;
	/* Back to the same place: the same heading, the same distance below it
	 * (but not past the next heading). */
	size_t cursor = offset;
	if (anchor_heading >= 0 && (size_t)anchor_heading < cv->card->nheadings) {
		size_t h = cv->card->headings[anchor_heading].line;
		size_t end = (size_t)anchor_heading + 1 < cv->card->nheadings ? cv->card->headings[anchor_heading + 1].line
									      : cv->card->nlines;
		cursor = h + offset < end ? h + offset : (end > h ? end - 1 : h);
	}
	v->cursor = cursor;
	v->top = cursor > top_gap ? cursor - top_gap : 0;
	if (v->hscroll > cv->max_width - width)
		v->hscroll = cv->max_width > width ? cv->max_width - width : 0;
	view_clamp(v);
}

static int load(View *v, Tui *t)
{
	CardView *cv = v->data;
	PeatErr err = {0};
	int64_t model = query_model(t->store, NULL, cv->model, &err);
	if (model < 0) {
		tui_message(t, 1, "%s", err.msg);
		return -1;
	}
	PeatErr hub_err = {0};
	cv->hub = query_model(t->store, "hf", cv->model, &hub_err) >= 0;
	free(cv->body);
	/* The card as of the snapshot the views show. */
	cv->snapshot_id = t->has_snapshot ? t->snapshot.id : -1;
	snprintf(cv->snapshot_label, sizeof cv->snapshot_label, "%s", t->has_snapshot ? t->snapshot.label : "");
	snprintf(cv->browsed, sizeof cv->browsed, "%s", cv->snapshot_label);
	cv->live = 0;
	if (card_load(t->store, model, cv->snapshot_id, &cv->body, &cv->len, &err) < 0) {
		tui_message(t, 1, "%s", err.msg);
		return -1;
	}
	/* None as of the snapshot browsed, or fetched in this session: the
	 * card a fetch brought, from the live snapshot it went into. */
	if (cv->hub && t->has_snapshot && (!cv->body || fetch_fetched(t, cv->model)) &&
	    load_live(cv, t, model, &err) < 0) {
		tui_message(t, 1, "%s", err.msg);
		return -1;
	}
	if (cv->body && query_card_origin(t->store, model, store_snapshot_seq(t->store, cv->snapshot_id), &cv->origin,
					  &err) < 0) {
		tui_message(t, 1, "%s", err.msg);
		return -1;
	}
	if (cv->analysed)
		card_analysis_free(&cv->analysis);
	cv->analysed = 0;
	rendered_card_free(cv->card);
	cv->card = NULL;
	if (!cv->body) {
		/* Not stored: the fetcher gets it in the background (or says why
		 * it did not); the view is reloaded when it arrives. */
		cv->fetch = fetch_request(t, cv->model, FETCH_CARD, 0);
		snprintf(cv->fetch_error, sizeof cv->fetch_error, "%s", fetch_error(t, cv->model));
		return 0;
	}
	/* The same analysis as `peat card --sections`. */
	if (card_analyze_model(t->store, NULL, model, cv->snapshot_id, &cv->analysis, &err) > 0)
		cv->analysed = 1;
	else
		tui_message(t, 1, "%s", err.msg);
	relayout(v, t, COLS);
	return 0;
}

static void free_view(View *v)
{
	CardView *cv = v->data;
	if (cv->analysed)
		card_analysis_free(&cv->analysis);
	rendered_card_free(cv->card);
	free(cv->body);
	free(cv);
}

static size_t rows(View *v)
{
	CardView *cv = v->data;
	if (!cv->body)
		return 2;
	return cv->card ? cv->card->nlines : 0;
}

static Role role_of(const RSpan *s)
{
	switch (s->role) {
	case CR_HEADING1:
	case CR_HEADING2:
	case CR_HEADING3:
		return ROLE_MD_HEADING;
	case CR_EMPHASIS:
	case CR_QUOTE:
		return s->role == CR_QUOTE ? ROLE_MD_QUOTE : ROLE_MD_EMPHASIS;
	case CR_STRONG:
	case CR_TABLE_HEADER:
		return ROLE_MD_STRONG;
	case CR_CODE:
	case CR_CODE_BLOCK:
		return ROLE_MD_CODE;
	case CR_QUOTE_BAR:
		return ROLE_MD_QUOTE;
	case CR_LINK:
	case CR_LINK_URL:
		return ROLE_MD_LINK;
	case CR_META_KEY:
	case CR_IMAGE_ALT:
		return ROLE_MD_META;
	case CR_RULE:
	case CR_TABLE_BORDER:
	case CR_PLACEHOLDER:
	case CR_STRIKETHROUGH:
		return ROLE_MD_DIM;
	case CR_LIST_BULLET:
		return ROLE_TREE;
	default:
		/* Plain roles carry inherited emphasis as attributes. */
		if (s->attrs & CARD_DIM)
			return ROLE_MD_DIM;
		if (s->attrs & CARD_BOLD)
			return ROLE_MD_STRONG;
		if (s->attrs & CARD_ITALIC)
			return ROLE_MD_EMPHASIS;
		return ROLE_NORMAL;
	}
}

/* Draw a line's spans from column `skip` of the line on: a wide character
 * cut by the left edge leaves a blank rather than half a glyph. */
static void draw_line(const RenderedCard *card, const RLine *l, int y, int width, int skip, int selected)
{
	int col = 0;
	for (size_t i = 0; i < l->nspans; i++) {
		const char *s = l->spans[i].text;
		int w = text_width(s);
		if (col + w <= skip) {
			col += w;
			continue;
		}
		while (col < skip && *s) {
			int cw;
			s += text_cluster(s, strlen(s), &cw);
			col += cw;
		}
		int x = col - skip;
		if (x >= width)
			break;
		Role role = selected ? ROLE_CURSOR : role_of(&l->spans[i]);
		int link = l->spans[i].link;
		if (link >= 0 && (size_t)link < card->nlinks && (card->flags & CARD_RENDER_OSC8))
			screen_text_link(y, x, role, s, width - x, card->links[link].url);
		else
			screen_text(y, x, role, s, width - x, 0);
		col += text_width(s);
	}
	/* More to the right (a wide table): say so in the last column. */
	if (l->width - skip > width && width > 1)
		screen_text(y, width - 1, selected ? ROLE_CURSOR : ROLE_HINT, ">", 1, 0);
}

static void draw_row(View *v, Tui *t, size_t row, int y, int width, int selected)
{
	CardView *cv = v->data;
	if (!cv->body) {
		char text[1200];
		no_card_line(cv, t->ascii, row, text, sizeof text);
		screen_text(y, 1, selected ? ROLE_CURSOR : row == 0 ? ROLE_NORMAL : ROLE_HINT, text, width - 1, 1);
		return;
	}
	if (cv->card && row < cv->card->nlines)
		draw_line(cv->card, &cv->card->lines[row], y, width, v->hscroll, selected);
}

/* The section strip: each section present (●) or missing (○), then the
 * completeness gauge at the right (no card: -/5), as the cell drawer
 * shows a section (a bool) and a completeness. */
static void draw_header(View *v, Tui *t, int y, int width)
{
	static const char *const long_names[SEC_COUNT] = {"description", "limitations", "how to use", "training",
							  "evaluation"};
	static const char *const short_names[SEC_COUNT] = {"desc", "limits", "usage", "train", "eval"};
	CardView *cv = v->data;
	CellLook gauge;
	value_look(COL_GAUGE, cv->analysed ? cv->analysis.completeness : -1, NULL, t, ROLE_NORMAL, &gauge);
	int gauge_w = text_width(gauge.text) + 2; /* with the gap before it */
	const char *const *names = long_names;
	for (int pass = 0; pass < 2; pass++) {
		int need = 2 * (SEC_COUNT - 1); /* gaps */
		for (int s = 0; s < SEC_COUNT; s++)
			need += 2 + text_width(names[s]);
		if (need + gauge_w <= width)
			break;
		names = short_names;
	}
	screen_fill(y, 0, width, ROLE_NORMAL);
	int x = 0;
	for (int s = 0; s < SEC_COUNT && x < width; s++) {
		CellLook mark;
		value_look(COL_BOOL, cv->analysed && ((cv->analysis.sections >> s) & 1), NULL, t, ROLE_NORMAL, &mark);
		x += cell_draw(y, x, width - x, &mark, DRAW_LEFT, t);
		x += screen_text(y, x, mark.role, " ", width - x, 0);
		x += screen_text(y, x, mark.role, names[s], width - x, 1);
		x += 2;
	}
	if (x - 2 + gauge_w <= width)
		cell_draw(y, width - gauge_w + 2, gauge_w - 2, &gauge, DRAW_LEFT, t);
}

static void title(View *v, Tui *t, char *buf, size_t n, int width)
{
	(void)width;
	CardView *cv = v->data;
	const char *dot = t->ascii ? "-" : "·";
	if (cv->body && cv->live)
		snprintf(buf, n, "card %s %s live: %s (%s), not in %s %s %s", cv->model, dot, cv->origin.label,
			 cv->origin.date, cv->browsed, dot, cv->origin.source);
	else if (cv->body)
		snprintf(buf, n, "card %s %s %s (%s) %s %s", cv->model, dot, cv->origin.label, cv->origin.date, dot,
			 cv->origin.source);
	else
		snprintf(buf, n, "card %s%s", cv->model,
			 cv->fetch == FETCH_RUNNING ? (t->ascii ? " (fetching...)" : " (fetching…)") : " (none stored)");
}

static const char *row_text(View *v, size_t row, char *buf, size_t n)
{
	CardView *cv = v->data;
	if (!cv->body) {
		no_card_line(cv, 0, row, buf, n);
		return buf;
	}
	if (!cv->card || row >= cv->card->nlines)
		return NULL;
	char *text = card_line_text(&cv->card->lines[row]);
	snprintf(buf, n, "%s", text);
	free(text);
	return buf;
}

static const char *row_model(View *v, size_t row, char *buf, size_t n)
{
	CardView *cv = v->data;
	(void)row;
	snprintf(buf, n, "%s", cv->model);
	return buf;
}

/* The sections table of `peat card --sections`. */
static Table *export_rows(View *v, Tui *t, int ascii)
{
	CardView *cv = v->data;
	(void)t;
	(void)ascii; /* the writer draws the glyphs */
	return card_sections_table(cv->model, cv->analysed ? &cv->analysis : NULL);
}

/* `peat card --sections` of the model, naming the card it reads. */
static int cli_args(View *v, Tui *t, CliTwin *twin)
{
	CardView *cv = v->data;
	int64_t model = query_model(t->store, NULL, cv->model, NULL);
	if (!cv->body || model < 0) {
		/* The CLI has no verdicts to print either. */
		tui_message(t, 1, "nothing to export: %s has no stored card", cv->model);
		return -1;
	}
	char *from = NULL, *fetched = NULL;
	query_card_source(t->store, model, store_snapshot_seq(t->store, cv->snapshot_id), &from, &fetched);
	twin_card(twin, from, fetched);
	free(from);
	free(fetched);
	twin_word(twin, "card");
	/* The card as of the snapshot the view shows. */
	if (cv->snapshot_id >= 0)
		twin_option(twin, "--snapshot", "%s", cv->snapshot_label);
	twin_word(twin, "--sections");
	twin_word(twin, cv->model);
	return 0;
}

static void go_to_line(View *v, size_t line)
{
	v->cursor = line;
	v->top = line;
	view_clamp(v);
}

static int jump_heading(View *v, Tui *t, int forward)
{
	CardView *cv = v->data;
	const RenderedCard *c = cv->card;
	if (c) {
		if (forward) {
			for (size_t i = 0; i < c->nheadings; i++)
				if (c->headings[i].line > v->cursor) {
					go_to_line(v, c->headings[i].line);
					return CHANGED_VIEW;
				}
		} else {
			for (size_t i = c->nheadings; i-- > 0;)
				if (c->headings[i].line < v->cursor) {
					go_to_line(v, c->headings[i].line);
					return CHANGED_VIEW;
				}
		}
	}
	tui_message(t, 0, forward ? "no heading below" : "no heading above");
	return CHANGED_VIEW;
}

static int jump_section(View *v, Tui *t, CardSection s)
{
	CardView *cv = v->data;
	if (!cv->body) {
		tui_message(t, 1, "no card stored for %s", cv->model);
		return CHANGED_VIEW;
	}
	if (cv->section_line[s] < 0) {
		tui_message(t, 1, "the card has no %s section", card_section_title(s));
		return CHANGED_VIEW;
	}
	go_to_line(v, (size_t)cv->section_line[s]);
	tui_message(t, 0, "%s: %s (card line %d)", card_section_title(s), cv->analysis.evidence[s],
		    cv->analysis.line[s]);
	return CHANGED_VIEW;
}

static int request(View *v, Tui *t, Action a)
{
	CardView *cv = v->data;
	switch (a) {
	case ACT_NEXT_HEADING:
	case ACT_PREV_HEADING:
		return jump_heading(v, t, a == ACT_NEXT_HEADING);
	case ACT_SECTION_DESCRIPTION: return jump_section(v, t, SEC_DESCRIPTION);
	case ACT_SECTION_LIMITATIONS: return jump_section(v, t, SEC_LIMITATIONS);
	case ACT_SECTION_HOWTO: return jump_section(v, t, SEC_HOWTO);
	case ACT_SECTION_TRAINING: return jump_section(v, t, SEC_TRAINING);
	case ACT_SECTION_EVALUATION: return jump_section(v, t, SEC_EVALUATION);
	case ACT_SCROLL_RIGHT:
		if (cv->max_width <= cv->width) {
			tui_message(t, 0, "the card fits the screen: nothing to scroll");
			return CHANGED_VIEW;
		}
		v->hscroll = v->hscroll + 8 < cv->max_width - cv->width ? v->hscroll + 8 : cv->max_width - cv->width;
		return CHANGED_VIEW;
	case ACT_OPEN_CARD:
		tui_message(t, 0, "this is the card of %s", cv->model);
		return CHANGED_VIEW;
	default:
		return CHANGED_UNHANDLED;
	}
}

static void *create(Tui *t, const char *model)
{
	CardView *cv = xcalloc(1, sizeof *cv);
	(void)t;
	snprintf(cv->model, sizeof cv->model, "%s", model);
	for (int s = 0; s < SEC_COUNT; s++)
		cv->section_line[s] = -1;
	return cv;
}

static const char *view_model(View *v)
{
	return ((const CardView *)v->data)->model;
}

const ViewOps card_view_ops = {
	.name = "card",
	.create = create,
	.model = view_model,
	.load = load,
	.free = free_view,
	.rows = rows,
	.draw_row = draw_row,
	.draw_header = draw_header,
	.title = title,
	.request = request,
	.row_text = row_text,
	.export = export_rows,
	.cli_args = cli_args,
	.row_model = row_model,
	.layout = relayout,
};
