/* SPDX-License-Identifier: MIT */
/* cardrender.c - model card Markdown to lines of styled spans (see
 * cardrender.h for the layout contract).
 *
 * Structure, after lowdown's terminal renderer: block nodes are walked with
 * a cmark iterator (no recursion, so deep nesting cannot blow the stack);
 * containers (quotes, list items) push a Prefix that declares its width, so
 * the space left for text is always known; inline content of a paragraph,
 * heading or table cell is first flattened into an Inline buffer (text plus a
 * style per byte) and then word-wrapped to the space left. Styles are
 * interned in a small table; a span is a run of one style. */
#include "cardrender.h"

#include "cardsec.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "cardhtml.h"
#include "keyindex.h"
#include "strbuf.h"
#include "text.h"
#include "untrusted.h"

enum {
	TABLE_MIN_COL = 6,  /* columns shrink no further than this */
	TABLE_WORD_MAX = 30, /* a column keeps its longest word whole up to this
			      * width (the table grows wider than the screen
			      * and scrolls); longer words break */
	/* Table cells laid out (columns times lines) in one card: past this
	 * a table's remaining rows are not shown. A narrow column wrapping a
	 * long cell repeats every other column on each of its lines, so a
	 * 200 KB card of 128 columns took 1 GB; real tables stay far below. */
	TABLE_MAX_CELL_LINES = 100000,
	BADGE_MAX = 24,     /* alt text of an image inside a link */
	HTML_DEPTH_MAX = 64, /* HTML nested deeper is laid out as its parent's text */
	CODE_TAB = 4,       /* tab stops in code blocks */
	META_KEY_MAX = 20,  /* key column of the metadata block */
	NO_WRAP = INT_MAX / 4
};

/* ---- glyphs ---- */

typedef struct Glyphs {
	const char *bullet[3];
	const char *task_open, *task_done;
	const char *quote_bar;
	const char *code_gutter, *code_cont, *code_info;
	const char *rule, *h1_under, *h2_under;
	const char *tbl_v, *tbl_h, *tbl_cross;
	const char *ellipsis, *replacement;
} Glyphs;

static const Glyphs utf8_glyphs = {
	{"\xE2\x80\xA2", "\xE2\x97\xA6", "\xE2\x96\xAA"}, /* • ◦ ▪ */
	"\xE2\x98\x90", "\xE2\x98\x91",                   /* ☐ ☑ */
	"\xE2\x94\x82 ",                                  /* │ */
	"\xE2\x94\x83 ", "\xE2\x86\xAA ", "\xE2\x94\x80\xE2\x94\x80 ", /* ┃ ↪ ── */
	"\xE2\x94\x80", "\xE2\x95\x90", "\xE2\x94\x80",   /* ─ ═ ─ */
	"\xE2\x94\x82", "\xE2\x94\x80", "\xE2\x94\xBC",   /* │ ─ ┼ */
	"\xE2\x80\xA6", "\xEF\xBF\xBD",                   /* … U+FFFD */
};

static const Glyphs ascii_glyphs = {
	{"*", "-", "+"},
	"[ ]", "[x]",
	"| ",
	": ", "+ ", "-- ",
	"-", "=", "-",
	"|", "-", "+",
	"~", "?",
};

/* ---- roles ---- */

static const char *const role_names[] = {
#define X(id, name, sgr) name,
	CARD_STYLE_ROLES(X)
#undef X
};

static const char *const role_sgr[] = {
#define X(id, name, sgr) sgr,
	CARD_STYLE_ROLES(X)
#undef X
};

const char *style_role_name(StyleRole role)
{
	return (unsigned)role < CR_COUNT ? role_names[role] : "?";
}

const char *style_role_sgr(StyleRole role)
{
	return (unsigned)role < CR_COUNT ? role_sgr[role] : "";
}

int style_role_from_name(const char *name)
{
	for (int i = 0; i < CR_COUNT; i++)
		if (strcmp(role_names[i], name) == 0)
			return i;
	return -1;
}

/* ---- state ---- */

typedef struct Style {
	StyleRole role;
	unsigned attrs;
	int link;
} Style;

/* A run of one style inside a line being built: bytes [at, at + len) of
 * the line's text. */
typedef struct Part {
	size_t at, len;
	int style;
	int width;
} Part;

/* A line being built: its parts' bytes one after another in one buffer
 * (a buffer per part cost 64 bytes and more for every span). */
typedef struct LineB {
	StrBuf text;
	Part *parts;
	size_t n, cap;
	int width;
	int bare; /* drawn from column 0, without the container prefixes */
} LineB;

/* Receives a finished line and takes what it holds (*lb is left empty). */
typedef void (*LineSink)(void *ctx, LineB *lb);

typedef struct LineList {
	LineB *v;
	size_t n, cap;
} LineList;

/* Flattened inline content: text and the style of every byte. '\n' is a
 * hard break; ' ' a break opportunity. */
typedef struct Inline {
	StrBuf text;
	int *sty;
	size_t cap;
} Inline;

/* What a container puts before each of its lines. first and rest have the
 * same display width. */
typedef struct Prefix {
	char *first, *rest;
	int style;
	int width;
	int first_pending;
} Prefix;

typedef struct ListState {
	int tight;
	int ordered;
	int next_number;
	int number_width;
	char delim;
	int items_seen;
} ListState;

/* Where the finished lines' spans and texts are carved from: blocks of
 * BLOCK_SIZE, owned by the card (RenderedCard.mem), instead of a heap
 * allocation per span and per text. */
typedef struct Block {
	struct Block *next;
	size_t used, cap;
	max_align_t data[];
} Block;

typedef struct R {
	int width;
	unsigned flags;
	const Glyphs *g;

	Style *styles;
	int *style_next;  /* the next older style of the same link, or -1 */
	size_t nstyles, capstyles;
	int plain_style[CR_COUNT][64]; /* (role, attrs) -> style without link */

	RLine *lines;
	size_t nlines, caplines;
	Block *mem;     /* the lines' spans and texts */
	LineB line;     /* the line emit() builds, its memory kept from line to line */
	RHeading *heads;
	size_t nheads, capheads;
	RLink *links;
	int *link_styles; /* per link, its newest style (a chain through style_next) */
	size_t nlinks, caplinks;
	/* URL -> link: the URLs are the card author's to choose, and a linear
	 * search made a card with 40,000 distinct links take 7 s to render. */
	KeyIndex link_ix;
	size_t table_cells;     /* table cell lines laid out so far (TABLE_MAX_CELL_LINES) */

	Prefix *pre;
	size_t npre, cappre;
	ListState *lists;
	size_t nlists, caplists;

	int need_blank;
	size_t blank_depth;
	int quote_depth;
} R;

#define GROW(arr, n, cap)                                                   \
	do {                                                                \
		if ((n) >= (cap)) {                                         \
			(cap) = (cap) ? (cap) * 2 : 16;                     \
			(arr) = xrealloc((arr), (cap) * sizeof *(arr));     \
		}                                                           \
	} while (0)

/* The style (role, attrs, link), interned. Styles without a link are a
 * table lookup. A link's styles are found in its own chain: few styles
 * meet one link (its text, its reference, emphasis inside it: at most the
 * 5 roles a link's text can take times 32 sets of attributes, however the
 * card is crafted), so the walk is short, and a card of 200,000 links
 * costs no hash table of (role, attrs, link) keys (40 MB). */
static int style_id(R *r, StyleRole role, unsigned attrs, int link)
{
	if (link < 0 && attrs < 64 && r->plain_style[role][attrs] >= 0)
		return r->plain_style[role][attrs];
	if (link >= 0)
		for (int i = r->link_styles[link]; i >= 0; i = r->style_next[i])
			if (r->styles[i].role == role && r->styles[i].attrs == attrs)
				return i;
	if (r->nstyles >= r->capstyles) {
		r->capstyles = r->capstyles ? r->capstyles * 2 : 16;
		r->styles = xrealloc(r->styles, r->capstyles * sizeof *r->styles);
		r->style_next = xrealloc(r->style_next, r->capstyles * sizeof *r->style_next);
	}
	r->styles[r->nstyles] = (Style){role, attrs, link};
	r->style_next[r->nstyles] = -1;
	if (link >= 0) {
		r->style_next[r->nstyles] = r->link_styles[link];
		r->link_styles[link] = (int)r->nstyles;
	} else if (attrs < 64) {
		r->plain_style[role][attrs] = (int)r->nstyles;
	}
	return (int)r->nstyles++;
}

static int style_of(R *r, Style s)
{
	return style_id(r, s.role, s.attrs, s.link);
}

/* ---- lines under construction ---- */

/* Add text to the line: to its last part when that has the same style (so
 * the last part always ends where the text does), else as a new part. */
static void lb_add(LineB *lb, const char *s, size_t n, int style, int width)
{
	if (n == 0)
		return;
	if (lb->n > 0 && lb->parts[lb->n - 1].style == style) {
		Part *p = &lb->parts[lb->n - 1];
		p->len += n;
		p->width += width;
	} else {
		GROW(lb->parts, lb->n, lb->cap);
		lb->parts[lb->n++] = (Part){lb->text.len, n, style, width};
	}
	sb_add(&lb->text, s, n);
	lb->width += width;
}

static void lb_puts(LineB *lb, const char *s, int style)
{
	lb_add(lb, s, strlen(s), style, text_width(s));
}

static void lb_repeat(LineB *lb, const char *s, int times, int style)
{
	for (int i = 0; i < times; i++)
		lb_puts(lb, s, style);
}

static void lb_free(LineB *lb)
{
	sb_free(&lb->text);
	free(lb->parts);
	memset(lb, 0, sizeof *lb);
}

/* Empty the line, keeping its memory for the next. */
static void lb_clear(LineB *lb)
{
	sb_reset(&lb->text);
	lb->n = 0;
	lb->width = 0;
	lb->bare = 0;
}

/* Move all parts of src to the end of dst; src is left empty (and freed). */
static void lb_append(LineB *dst, LineB *src)
{
	for (size_t i = 0; i < src->n; i++) {
		const Part *p = &src->parts[i];
		lb_add(dst, src->text.data + p->at, p->len, p->style, p->width);
	}
	lb_free(src);
}

static void lb_rtrim(LineB *lb)
{
	while (lb->n > 0) {
		Part *p = &lb->parts[lb->n - 1];
		while (p->len > 0 && lb->text.data[p->at + p->len - 1] == ' ') {
			p->len--;
			p->width--;
			lb->width--;
		}
		lb->text.len = p->at + p->len;
		lb->text.data[lb->text.len] = '\0';
		if (p->len > 0)
			break;
		lb->n--;
	}
}

static void ll_push(LineList *ll, LineB *lb)
{
	GROW(ll->v, ll->n, ll->cap);
	ll->v[ll->n++] = *lb;
	memset(lb, 0, sizeof *lb);
}

/* A LineSink that keeps the lines in a LineList (ctx). */
static void ll_sink(void *ll, LineB *lb)
{
	ll_push(ll, lb);
}

static void ll_free(LineList *ll)
{
	for (size_t i = 0; i < ll->n; i++)
		lb_free(&ll->v[i]);
	free(ll->v);
	memset(ll, 0, sizeof *ll);
}

/* ---- inline buffer ---- */

static void inl_raw(Inline *in, const char *s, size_t n, int style)
{
	size_t need = in->text.len + n;
	if (need > in->cap) {
		in->cap = need * 2 + 64;
		in->sty = xrealloc(in->sty, in->cap * sizeof *in->sty);
	}
	for (size_t i = 0; i < n; i++)
		in->sty[in->text.len + i] = style;
	sb_add(&in->text, s, n);
}

/* Append text, made safe for a terminal by the rule for untrusted text
 * (untrusted.h): whitespace controls become a space (the layout's own),
 * other controls and bidirectional controls their visible escape ("\x1b",
 * "<U+202E>"), invalid UTF-8 the replacement glyph. */
static void inl_add(R *r, Inline *in, const char *s, size_t n, int style)
{
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && (unsigned char)s[j] >= 0x20 && (unsigned char)s[j] < 0x7F)
			j++;
		if (j > i) {
			inl_raw(in, s + i, j - i, style);
			i = j;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		char esc[UNTRUSTED_ESCAPE_MAX];
		size_t elen;
		if (cp == '\t' || cp == '\n' || cp == '\r')
			inl_raw(in, " ", 1, style);
		else if (cp == 0xFFFD && k != 3)
			inl_raw(in, r->g->replacement, strlen(r->g->replacement), style);
		else if ((elen = untrusted_escape(cp, esc)) > 0)
			inl_raw(in, esc, elen, style);
		else
			inl_raw(in, s + i, k, style);
		i += k;
	}
}

static void inl_puts(R *r, Inline *in, const char *s, int style)
{
	inl_add(r, in, s, strlen(s), style);
}

static void inl_break(Inline *in, int style)
{
	inl_raw(in, "\n", 1, style);
}

static void inl_free(Inline *in)
{
	sb_free(&in->text);
	free(in->sty);
	memset(in, 0, sizeof *in);
}

static int inl_has_text(const Inline *in)
{
	for (size_t i = 0; i < in->text.len; i++)
		if (in->text.data[i] != ' ' && in->text.data[i] != '\n')
			return 1;
	return 0;
}

/* Cut the buffer back to n bytes. */
static void inl_truncate(Inline *in, size_t n)
{
	if (n < in->text.len) {
		in->text.len = n;
		in->text.data[n] = '\0';
	}
}

/* The text from byte `at` on: "" while nothing was written (the buffer is
 * then NULL, and NULL + 0 is undefined; a card `[](h)` gets there). */
static const char *inl_from(const Inline *in, size_t at)
{
	return in->text.data ? in->text.data + at : "";
}

static const char *const placeholders[] = {"[More Information Needed]", "[optional]"};

/* transformers' Trainer writes this sentence as a whole paragraph */
static const char trainer_placeholder[] = "More information needed";

static void mark_range(R *r, Inline *in, size_t a, size_t b)
{
	for (size_t k = a; k < b; k++) {
		Style s = r->styles[in->sty[k]];
		in->sty[k] = style_id(r, CR_PLACEHOLDER, s.attrs | CARD_DIM, s.link);
	}
}

static void mark_placeholders(R *r, Inline *in)
{
	const char *t = sb_str(&in->text);
	size_t n = in->text.len;
	size_t a = 0, b = n;
	while (a < b && (t[a] == ' ' || t[a] == '\n'))
		a++;
	while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\n' || t[b - 1] == '.'))
		b--;
	if (b - a == strlen(trainer_placeholder) && strncasecmp(t + a, trainer_placeholder, b - a) == 0) {
		mark_range(r, in, 0, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (t[i] != '[')
			continue;
		for (size_t p = 0; p < sizeof placeholders / sizeof *placeholders; p++) {
			size_t pl = strlen(placeholders[p]);
			if (n - i >= pl && strncasecmp(t + i, placeholders[p], pl) == 0) {
				mark_range(r, in, i, i + pl);
				i += pl - 1;
				break;
			}
		}
	}
}

/* ---- wrapping ---- */

/* Add bytes [a, b) of the inline buffer to a line, one part per style run. */
static void add_range(LineB *lb, const Inline *in, size_t a, size_t b)
{
	const char *t = in->text.data;
	while (a < b) {
		size_t e = a + 1;
		while (e < b && in->sty[e] == in->sty[a])
			e++;
		lb_add(lb, t + a, e - a, in->sty[a], text_width_n(t + a, e - a));
		a = e;
	}
}

/* A word that is a URL (scheme://... or www....): kept whole where it can
 * be. */
static int looks_like_url(const char *s, size_t n)
{
	if (n > 4 && !strncmp(s, "www.", 4))
		return 1;
	for (size_t i = 1; i + 3 < n; i++)
		if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
			return 1;
	return 0;
}

/* Word-wrap the inline buffer to `avail` columns, handing each line to
 * sink(ctx) as it is made.
 * Runs of spaces collapse to one; spaces at line starts and ends vanish.
 * A word wider than `avail` is split between characters (never inside
 * one), except a URL no wider than `full` (the card's width): it gets a
 * line of its own, `bare` (drawn without the container prefixes that
 * narrowed the line), so it can be read and copied whole. */
static void wrap_inline(const Inline *in, int avail, int full, LineSink sink, void *ctx)
{
	const char *t = in->text.data;
	size_t n = in->text.len, i = 0;
	LineB cur = {0};
	int have = 0;
	size_t space_at = 0;
	int space_pending = 0;
	if (avail < 1)
		avail = 1;
	while (i < n) {
		if (t[i] == '\n') {
			sink(ctx, &cur);
			have = 0;
			space_pending = 0;
			i++;
			continue;
		}
		if (t[i] == ' ') {
			if (!space_pending)
				space_at = i;
			space_pending = 1;
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && t[j] != ' ' && t[j] != '\n')
			j++;
		int ww = text_width_n(t + i, j - i);
		if (have && space_pending && cur.width + 1 + ww <= avail) {
			add_range(&cur, in, space_at, space_at + 1);
			add_range(&cur, in, i, j);
		} else if (have && !space_pending && cur.width + ww <= avail) {
			add_range(&cur, in, i, j);
		} else {
			if (have)
				sink(ctx, &cur);
			if (ww <= avail) {
				add_range(&cur, in, i, j);
			} else if (ww <= full && looks_like_url(t + i, j - i)) {
				add_range(&cur, in, i, j);
				cur.bare = 1;
				sink(ctx, &cur);
				have = 0;
				space_pending = 0;
				i = j;
				continue;
			} else {
				/* Split a word wider than the line between characters. */
				size_t k = i;
				while (k < j) {
					int cw;
					size_t cl = text_cluster(t + k, j - k, &cw);
					if (cur.width + cw > avail && cur.width > 0)
						sink(ctx, &cur);
					add_range(&cur, in, k, k + cl);
					k += cl;
				}
			}
		}
		have = 1;
		space_pending = 0;
		i = j;
	}
	if (have)
		sink(ctx, &cur);
	lb_free(&cur);
}

/* Widest word (what a table column is not made narrower than). Wide
 * characters (CJK, emoji) are words of their own: text without spaces
 * breaks between them as a matter of course. */
static int longest_word(const Inline *in)
{
	const char *t = in->text.data;
	size_t n = in->text.len, i = 0;
	int best = 0, run = 0;
	while (i < n) {
		int cw;
		size_t k = text_cluster(t + i, n - i, &cw);
		if (t[i] == ' ' || t[i] == '\n' || cw == 2)
			run = 0;
		if (t[i] != ' ' && t[i] != '\n')
			run += cw;
		if (run > best)
			best = run;
		if (cw == 2)
			run = 0;
		i += k;
	}
	return best;
}

/* A LineSink that keeps only the widest line's width (ctx, an int). */
static void widest_sink(void *ctx, LineB *lb)
{
	int *w = ctx;
	if (lb->width > *w)
		*w = lb->width;
	lb_clear(lb);
}

/* Longest line of the inline content when nothing wraps. */
static int natural_width(const Inline *in)
{
	int w = 0;
	wrap_inline(in, NO_WRAP, NO_WRAP, widest_sink, &w);
	return w;
}

/* ---- emitting lines with container prefixes ---- */

static void push_prefix(R *r, const char *first, const char *rest, int style)
{
	GROW(r->pre, r->npre, r->cappre);
	Prefix *p = &r->pre[r->npre++];
	p->first = xstrdup(first);
	p->rest = xstrdup(rest);
	p->style = style;
	p->width = text_width(first);
	p->first_pending = 1;
}

static void pop_prefix(R *r)
{
	if (r->npre == 0)
		return;
	r->npre--;
	free(r->pre[r->npre].first);
	free(r->pre[r->npre].rest);
	if (r->blank_depth > r->npre)
		r->blank_depth = r->npre;
}

/* Which of the first `depth` prefixes are drawn: the innermost ones whose
 * widths add up to at most half the width. Returns the first drawn index. */
static size_t visible_from(const R *r, size_t depth, int *width)
{
	int cap = r->width / 2, w = 0;
	size_t from = depth;
	while (from > 0 && w + r->pre[from - 1].width <= cap) {
		w += r->pre[from - 1].width;
		from--;
	}
	if (width)
		*width = w;
	return from;
}

static int text_avail(const R *r)
{
	int w;
	visible_from(r, r->npre, &w);
	return r->width - w;
}

/* n bytes aligned for any object, from the card's blocks. */
static void *card_alloc(R *r, size_t n)
{
	enum { BLOCK_SIZE = 64 * 1024 };
	const size_t align = sizeof(max_align_t);
	n = (n + align - 1) / align * align;
	Block *b = r->mem;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > BLOCK_SIZE ? n : BLOCK_SIZE;
		b = xmalloc(sizeof *b + cap);
		b->next = r->mem;
		b->used = 0;
		b->cap = cap;
		r->mem = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

/* The line built in lb becomes the card's next line; lb is left empty. */
static void finish_line(R *r, LineB *lb)
{
	lb_rtrim(lb);
	GROW(r->lines, r->nlines, r->caplines);
	RLine *l = &r->lines[r->nlines++];
	l->spans = lb->n ? card_alloc(r, lb->n * sizeof *l->spans) : NULL;
	l->nspans = lb->n;
	l->width = lb->width;
	l->wide = lb->width > r->width;
	/* The texts of the spans of a line are one after another, each ended
	 * by a NUL: one allocation for them all. */
	char *text = lb->n ? card_alloc(r, lb->text.len + lb->n) : NULL;
	for (size_t i = 0; i < lb->n; i++) {
		const Part *p = &lb->parts[i];
		Style s = r->styles[p->style];
		memcpy(text, lb->text.data + p->at, p->len);
		text[p->len] = '\0';
		l->spans[i] = (RSpan){text, s.role, s.attrs, s.link};
		text += p->len + 1;
	}
	lb_clear(lb);
}

static void flush_blank(R *r)
{
	if (!r->need_blank)
		return;
	r->need_blank = 0;
	size_t depth = r->blank_depth < r->npre ? r->blank_depth : r->npre;
	for (size_t i = visible_from(r, depth, NULL); i < depth; i++)
		lb_puts(&r->line, r->pre[i].rest, r->pre[i].style);
	finish_line(r, &r->line);
}

static void set_blank(R *r)
{
	r->need_blank = 1;
	r->blank_depth = r->npre;
}

/* Emit one line of content behind the container prefixes (a bare line
 * without them, after a line of the markers still to show, so a list
 * item keeps its bullet). Consumes content. */
static void emit(R *r, LineB *content)
{
	flush_blank(r);
	if (content && content->bare) {
		int pending = 0;
		for (size_t i = 0; i < r->npre; i++)
			pending |= r->pre[i].first_pending;
		if (pending)
			emit(r, NULL);
		lb_append(&r->line, content);
		finish_line(r, &r->line);
		return;
	}
	for (size_t i = visible_from(r, r->npre, NULL); i < r->npre; i++) {
		Prefix *p = &r->pre[i];
		lb_puts(&r->line, p->first_pending ? p->first : p->rest, p->style);
	}
	for (size_t i = 0; i < r->npre; i++)
		r->pre[i].first_pending = 0;
	if (content)
		lb_append(&r->line, content);
	finish_line(r, &r->line);
}

/* A LineSink that emits each line (ctx, the R) as it comes. */
static void emit_sink(void *r, LineB *lb)
{
	emit(r, lb);
}

static void emit_list(R *r, LineList *ll)
{
	for (size_t i = 0; i < ll->n; i++)
		emit(r, &ll->v[i]);
	ll_free(ll);
}

/* Lay out inline content, line by line, behind the container prefixes. */
static void emit_inline(R *r, const Inline *in)
{
	wrap_inline(in, text_avail(r), r->width, emit_sink, r);
}

/* ---- links ---- */

/* A link's URL as the card keeps it: the author's, with every unsafe
 * character (untrusted.h: controls, bidirectional controls, bytes that are
 * not UTF-8) percent-encoded byte by byte, as a URI would carry it, so no
 * consumer of links[] (the OSC 8 writers, the explorer, the numbered list)
 * ever holds one. A heap string. */
static char *safe_url(const char *url)
{
	size_t n = strlen(url);
	uint32_t cp;
	if (untrusted_find(url, n, &cp) == n)
		return xstrdup(url);
	StrBuf sb = {0};
	for (size_t at = 0; at < n;) {
		size_t bad = at + untrusted_find(url + at, n - at, &cp);
		sb_add(&sb, url + at, bad - at);
		if (bad == n)
			break;
		size_t len = utf8_decode(url + bad, n - bad, &cp);
		if (cp == 0xFFFD)
			len = 1; /* a byte that is not UTF-8: that byte alone */
		for (size_t k = 0; k < len; k++)
			sb_printf(&sb, "%%%02X", (unsigned char)url[bad + k]);
		at = bad + len;
	}
	return sb_take(&sb);
}

static int link_index(R *r, const char *author_url)
{
	char *url = safe_url(author_url);
	long i = keyindex_get_or_put(&r->link_ix, url, strlen(url), (long)r->nlinks);
	if (i != (long)r->nlinks) {
		free(url);
		return (int)i;
	}
	if (r->nlinks >= r->caplinks) {
		r->caplinks = r->caplinks ? r->caplinks * 2 : 16;
		r->links = xrealloc(r->links, r->caplinks * sizeof *r->links);
		r->link_styles = xrealloc(r->link_styles, r->caplinks * sizeof *r->link_styles);
	}
	r->links[r->nlinks].url = url;
	r->link_styles[r->nlinks] = -1;
	return (int)r->nlinks++;
}

/* An autolink's text is its URL, perhaps without the scheme it got. */
static int text_is_url(const char *t, size_t n, const char *url)
{
	static const char *const schemes[] = {"", "mailto:", "http://", "https://"};
	for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++) {
		size_t sl = strlen(schemes[i]);
		if (strncmp(url, schemes[i], sl) == 0 && strlen(url + sl) == n &&
		    memcmp(url + sl, t, n) == 0)
			return 1;
	}
	return 0;
}

/* ---- HTML, inline (libxml2's parse of it: cardhtml.h) ---- */

static Style derive(Style top, StyleRole role, unsigned attrs);


/* "[image: alt]", or for a badge (an image inside a link) "[alt]" cut to
 * BADGE_MAX columns. alt is decoded text (or NULL). */
static void add_image(R *r, Inline *in, const char *alt, int style, int badge)
{
	if (!alt || !*alt) {
		inl_puts(r, in, "[image]", style);
	} else if (badge) {
		inl_puts(r, in, "[", style);
		size_t start = in->text.len;
		inl_puts(r, in, alt, style);
		if (text_width_n(in->text.data + start, in->text.len - start) > BADGE_MAX) {
			size_t keep = text_prefix_bytes(in->text.data + start, BADGE_MAX - 1, NULL);
			while (keep > 0 && in->text.data[start + keep - 1] == ' ')
				keep--;
			inl_truncate(in, start + keep);
			inl_puts(r, in, r->g->ellipsis, style);
		}
		inl_puts(r, in, "]", style);
	} else {
		inl_puts(r, in, "[image: ", style);
		inl_puts(r, in, alt, style);
		inl_puts(r, in, "]", style);
	}
}

/* Ends with a line break, ignoring trailing spaces (or is empty). */
static int at_line_start(const Inline *in)
{
	size_t n = in->text.len;
	while (n > 0 && in->text.data[n - 1] == ' ')
		n--;
	return n == 0 || in->text.data[n - 1] == '\n';
}

/* A link's reference, "[n]" for link index n - 1, in out; returns its
 * length. (snprintf took a tenth of the time a card of links renders in.) */
static size_t link_ref(char out[24], int link)
{
	char digits[16];
	size_t nd = 0, len = 0;
	unsigned v = (unsigned)link + 1;
	do
		digits[nd++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	out[len++] = '[';
	while (nd > 0)
		out[len++] = digits[--nd];
	out[len++] = ']';
	out[len] = '\0';
	return len;
}

/* After a link's text from `start`: its reference "[n]" (role link_url),
 * stuck to the text, unless hyperlinks carry it or the text is the URL. */
static void link_reference(R *r, Inline *in, size_t start, int link)
{
	if (link < 0 || (r->flags & CARD_RENDER_OSC8) || in->text.len <= start ||
	    text_is_url(inl_from(in, start), in->text.len - start, r->links[link].url))
		return;
	size_t end = in->text.len;
	while (end > start && in->text.data[end - 1] == ' ')
		end--;
	int spaces = end < in->text.len;
	int space_style = spaces ? in->sty[end] : 0;
	inl_truncate(in, end);
	char ref[24];
	link_ref(ref, link);
	inl_puts(r, in, ref, style_id(r, CR_LINK_URL, 0, link));
	if (spaces)
		inl_raw(in, " ", 1, space_style);
}

/* A link's style: role link, underlined, with its URL recorded (not a
 * "#fragment", which leads nowhere outside the page). */
static Style link_style(R *r, Style top, const char *url)
{
	if (top.role != CR_IMAGE_ALT)
		top.role = CR_LINK;
	top.attrs |= CARD_UNDERLINE;
	if (url && *url && *url != '#')
		top.link = link_index(r, url);
	return top;
}

/* HTML text: runs of white space are one space (in <pre>, lines stay). */
static void html_text(R *r, Inline *in, const char *s, int style, int pre)
{
	while (*s) {
		if (!pre && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')) {
			while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
				s++;
			if (in->text.len > 0 && in->text.data[in->text.len - 1] != ' ' &&
			    in->text.data[in->text.len - 1] != '\n')
				inl_raw(in, " ", 1, style);
			continue;
		}
		if (pre && *s == '\n') {
			inl_break(in, style);
			s++;
			continue;
		}
		size_t n = strcspn(s, pre ? "\n" : " \n\t\r");
		inl_add(r, in, s, n, style);
		s += n;
	}
}

static void html_inline(R *r, Inline *in, const CardHtmlNode *n, Style top, int depth, int pre);

/* Table cells inside inline content (a table in a table cell, a link
 * around a table): rows on lines of their own, cells separated by
 * spaces. */
static void html_inline_cells(R *r, Inline *in, const CardHtmlNode *n, Style top, int depth, int pre)
{
	for (; n; n = card_html_next(n)) {
		CardHtmlKind k = card_html_kind(n);
		if (k == HTML_CELL || k == HTML_HEADER_CELL) {
			if (!at_line_start(in))
				inl_raw(in, " ", 1, style_of(r, top));
			html_inline(r, in, card_html_child(n), top, depth + 1, pre);
		} else if (k != HTML_HIDDEN) {
			html_inline(r, in, n, top, depth, pre);
			break;
		}
	}
}

/* One HTML node's content as inline text: what it shows, in the style of
 * the element around it; elements that make blocks break the line. */
static void html_inline_node(R *r, Inline *in, const CardHtmlNode *n, Style top, int depth, int pre)
{
	const CardHtmlNode *kids = depth < HTML_DEPTH_MAX ? card_html_child(n) : NULL;
	CardHtmlKind k = card_html_kind(n);
	Style st = top;
	switch (k) {
	case HTML_TEXT:
		html_text(r, in, card_html_text(n), style_of(r, top), pre);
		return;
	case HTML_HIDDEN:
		return;
	case HTML_BREAK:
		inl_break(in, style_of(r, top));
		return;
	case HTML_IMAGE: {
		Style is = top;
		is.role = CR_IMAGE_ALT;
		is.attrs &= ~(unsigned)CARD_UNDERLINE;
		add_image(r, in, card_html_attr(n, "alt"), style_of(r, is), top.role == CR_LINK);
		return;
	}
	case HTML_LINK: {
		size_t start = in->text.len;
		st = link_style(r, top, card_html_attr(n, "href"));
		html_inline(r, in, kids, st, depth + 1, pre);
		if (st.link != top.link)
			link_reference(r, in, start, st.link);
		return;
	}
	case HTML_BOLD: st = derive(top, CR_STRONG, CARD_BOLD); break;
	case HTML_ITALIC: st = derive(top, CR_EMPHASIS, CARD_ITALIC); break;
	case HTML_STRIKE: st = derive(top, CR_STRIKETHROUGH, CARD_STRIKE); break;
	case HTML_CODE: st.role = CR_CODE; break;
	case HTML_INLINE: break;
	case HTML_ROW:
	case HTML_TABLE:
	case HTML_TABLE_PART:
		if (!at_line_start(in))
			inl_break(in, style_of(r, top));
		if (k == HTML_ROW)
			html_inline_cells(r, in, kids, top, depth, pre);
		else
			html_inline(r, in, kids, top, depth + 1, pre);
		if (!at_line_start(in))
			inl_break(in, style_of(r, top));
		return;
	default: /* a block inside inline content: lines of its own */
		if (!at_line_start(in))
			inl_break(in, style_of(r, top));
		if (k == HTML_ITEM) {
			inl_puts(r, in, r->g->bullet[0], style_id(r, CR_LIST_BULLET, 0, -1));
			inl_raw(in, " ", 1, style_of(r, top));
		}
		html_inline(r, in, kids, top, depth + 1, pre || k == HTML_PRE);
		if (!at_line_start(in))
			inl_break(in, style_of(r, top));
		return;
	}
	html_inline(r, in, kids, st, depth + 1, pre);
}

static void html_inline(R *r, Inline *in, const CardHtmlNode *n, Style top, int depth, int pre)
{
	for (; n; n = card_html_next(n))
		html_inline_node(r, in, n, top, depth, pre);
}

/* One inline HTML tag of a Markdown paragraph (cmark hands them over one
 * by one): what it shows goes into `in`. Returns 1 when it opens a link
 * (`<a href="...">` alone), with *href (heap) set: the text up to the
 * matching `</a>` is the link's. */
static int html_tag(R *r, Inline *in, const char *lit, Style top, char **href)
{
	*href = NULL;
	CardHtml *h = card_html_parse(lit, strlen(lit), NULL);
	if (!h) {
		html_text(r, in, lit, style_of(r, top), 0); /* no libxml2: the tag as written */
		return 0;
	}
	const CardHtmlNode *n = card_html_first(h);
	int opens = n && !card_html_next(n) && card_html_kind(n) == HTML_LINK && !card_html_child(n);
	if (opens) {
		const char *url = card_html_attr(n, "href");
		*href = xstrdup(url ? url : "");
	} else {
		html_inline(r, in, n, top, 0, 0);
	}
	card_html_free(h);
	return opens;
}

/* ---- inline content ---- */

typedef struct Frame {
	Style st;
	size_t start;    /* where the link text / image alt starts in the buffer */
	int kind;        /* 0 plain, 1 link, 2 image, 3 badge image, 4 HTML link (<a> ... </a>) */
	const char *url;
} Frame;

static Style derive(Style top, StyleRole role, unsigned attrs)
{
	if (top.role == CR_NORMAL)
		top.role = role;
	top.attrs |= attrs;
	return top;
}

/* Flatten the inline children of `parent` into `in`. */
static void collect_inlines(R *r, cmark_node *parent, Style base, Inline *in)
{
	Frame *st = xmalloc(16 * sizeof *st);
	size_t nst = 1, capst = 16;
	st[0] = (Frame){base, 0, 0, NULL};
	cmark_iter *it = cmark_iter_new(parent);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		if (node == parent)
			continue;
		int enter = ev == CMARK_EVENT_ENTER;
		Style top = st[nst - 1].st;
		const char *lit = cmark_node_get_literal(node);
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_TEXT:
			if (lit)
				inl_add(r, in, lit, strlen(lit), style_of(r, top));
			break;
		case CMARK_NODE_CODE:
			if (lit) {
				Style cs = top;
				cs.role = CR_CODE;
				inl_add(r, in, lit, strlen(lit), style_of(r, cs));
			}
			break;
		case CMARK_NODE_SOFTBREAK:
			inl_raw(in, " ", 1, style_of(r, top));
			break;
		case CMARK_NODE_LINEBREAK:
			inl_break(in, style_of(r, top));
			break;
		case CMARK_NODE_HTML_INLINE: {
			char *href;
			if (!lit)
				break;
			if (card_html_is_end_tag(lit, strlen(lit), "a")) {
				/* Close the innermost <a>, and what was opened in it. */
				size_t k = nst;
				while (k > 1 && st[k - 1].kind != 4)
					k--;
				if (k > 1) {
					nst = k - 1;
					link_reference(r, in, st[nst].start, st[nst].st.link);
				}
			} else if (html_tag(r, in, lit, top, &href)) {
				Frame f = {link_style(r, top, href), in->text.len, 4, NULL};
				GROW(st, nst, capst);
				st[nst++] = f;
				free(href);
			}
			break;
		}
		case CMARK_NODE_EMPH:
		case CMARK_NODE_STRONG:
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			if (enter) {
				Frame f = {top, in->text.len, 0, NULL};
				cmark_node_type t = cmark_node_get_type(node);
				if (t == CMARK_NODE_EMPH) {
					f.st = derive(top, CR_EMPHASIS, CARD_ITALIC);
				} else if (t == CMARK_NODE_STRONG) {
					f.st = derive(top, CR_STRONG, CARD_BOLD);
				} else if (t == CMARK_NODE_LINK) {
					const char *url = cmark_node_get_url(node);
					f.kind = 1;
					if (url && *url && *url != '#') {
						f.url = url;
						f.st.link = link_index(r, url);
					}
					if (f.st.role != CR_IMAGE_ALT)
						f.st.role = CR_LINK;
					f.st.attrs |= CARD_UNDERLINE;
				} else {
					int in_link = 0;
					for (size_t k = 0; k < nst; k++)
						in_link |= st[k].kind == 1 || st[k].kind == 4;
					f.kind = in_link ? 3 : 2;
					f.st.role = CR_IMAGE_ALT;
					f.st.attrs &= ~(unsigned)CARD_UNDERLINE;
					inl_puts(r, in, in_link ? "[" : "[image: ", style_of(r, f.st));
					f.start = in->text.len;
				}
				GROW(st, nst, capst);
				st[nst++] = f;
			} else if (nst > 1) {
				Frame f = st[--nst];
				if (f.kind == 2 || f.kind == 3) {
					if (in->text.len == f.start) {
						/* no alt text: "[image: " becomes "[image" */
						inl_truncate(in, f.start - (f.kind == 2 ? 2 : 1));
						if (f.kind == 3)
							inl_puts(r, in, "[image", style_of(r, f.st));
					} else if (f.kind == 3 &&
						   text_width_n(in->text.data + f.start, in->text.len - f.start) > BADGE_MAX) {
						size_t keep = text_prefix_bytes(in->text.data + f.start, BADGE_MAX - 1, NULL);
						while (keep > 0 && in->text.data[f.start + keep - 1] == ' ')
							keep--;
						inl_truncate(in, f.start + keep);
						inl_puts(r, in, r->g->ellipsis, style_of(r, f.st));
					}
					inl_puts(r, in, "]", style_of(r, f.st));
				} else if (f.kind == 1 && f.url && !(r->flags & CARD_RENDER_OSC8) &&
					   !text_is_url(inl_from(in, f.start), in->text.len - f.start, f.url)) {
					char ref[24];
					link_ref(ref, f.st.link);
					inl_puts(r, in, ref, style_id(r, CR_LINK_URL, 0, f.st.link));
				}
			}
			break;
		default:
			if (strcmp(cmark_node_get_type_string(node), "strikethrough") == 0) {
				if (enter) {
					Frame f = {derive(top, CR_STRIKETHROUGH, CARD_STRIKE), in->text.len, 0, NULL};
					GROW(st, nst, capst);
					st[nst++] = f;
				} else if (nst > 1) {
					nst--;
				}
			}
			break;
		}
	}
	cmark_iter_free(it);
	free(st);
	mark_placeholders(r, in);
}

/* ---- blocks ---- */

static StyleRole text_role(const R *r)
{
	return r->quote_depth > 0 ? CR_QUOTE : CR_NORMAL;
}

static int in_tight_item(cmark_node *node)
{
	cmark_node *item = cmark_node_parent(node);
	if (!item || cmark_node_get_type(item) != CMARK_NODE_ITEM)
		return 0;
	cmark_node *list = cmark_node_parent(item);
	return list && cmark_node_get_list_tight(list);
}

static void render_paragraph(R *r, cmark_node *node)
{
	Inline in = {0};
	collect_inlines(r, node, (Style){text_role(r), 0, -1}, &in);
	if (inl_has_text(&in)) {
		emit_inline(r, &in);
		if (!in_tight_item(node))
			set_blank(r);
	}
	inl_free(&in);
}

/* The style of a heading's text and of its "###" marks. */
static Style heading_style(int level)
{
	StyleRole role = level <= 1 ? CR_HEADING1 : level == 2 ? CR_HEADING2 : CR_HEADING3;
	return (Style){role, CARD_BOLD, -1};
}

/* Start a heading's inline content: "### " before levels 3 and deeper.
 * Returns where its text starts. */
static size_t heading_marks(R *r, Inline *in, int level)
{
	if (level >= 3) {
		char marks[8];
		int k = level > 6 ? 6 : level;
		memset(marks, '#', (size_t)k);
		marks[k] = ' ';
		inl_raw(in, marks, (size_t)k + 1, style_id(r, heading_style(level).role, CARD_DIM, -1));
	}
	return in->text.len;
}

/* Lay out a heading whose inline content (marks first) is in `in`,
 * recording it in headings[]; levels 1 and 2 are underlined. */
static void emit_heading(R *r, int level, Inline *in, size_t text_start)
{
	StyleRole role = heading_style(level).role;
	LineList ll = {0};
	wrap_inline(in, text_avail(r), r->width, ll_sink, &ll);
	int under = 0;
	for (size_t i = 0; i < ll.n; i++)
		if (ll.v[i].width > under)
			under = ll.v[i].width;
	if (!inl_has_text(in)) { /* "#" alone: nothing to show or jump to */
		ll_free(&ll);
		return;
	}
	flush_blank(r);
	GROW(r->heads, r->nheads, r->capheads);
	RHeading *h = &r->heads[r->nheads++];
	h->line = r->nlines;
	h->level = level;
	StrBuf t = {0};
	for (size_t i = text_start; i < in->text.len; i++)
		sb_putc(&t, in->text.data[i] == '\n' ? ' ' : in->text.data[i]);
	h->text = sb_take(&t);
	emit_list(r, &ll);
	if (level <= 2 && under > 0) {
		LineB lb = {0};
		lb_repeat(&lb, level == 1 ? r->g->h1_under : r->g->h2_under, under, style_id(r, role, 0, -1));
		emit(r, &lb);
	}
	set_blank(r);
}

static void render_heading(R *r, cmark_node *node)
{
	int level = cmark_node_get_heading_level(node);
	if (level < 1)
		level = 1;
	Inline in = {0};
	size_t text_start = heading_marks(r, &in, level);
	collect_inlines(r, node, heading_style(level), &in);
	emit_heading(r, level, &in, text_start);
	inl_free(&in);
}

static void render_rule(R *r)
{
	LineB lb = {0};
	lb_repeat(&lb, r->g->rule, text_avail(r), style_id(r, CR_RULE, 0, -1));
	emit(r, &lb);
	set_blank(r);
}

/* One source line of a code block: tabs expanded, made safe, continued
 * behind a marker when wider than the space left. */
static void render_code_line(R *r, const char *s, size_t n, int code_style, int gutter_style)
{
	Inline in = {0};
	int col = 0;
	size_t i = 0;
	while (i < n) {
		if (s[i] == '\t') {
			int spaces = CODE_TAB - col % CODE_TAB;
			for (int k = 0; k < spaces; k++)
				inl_raw(&in, " ", 1, code_style);
			col += spaces;
			i++;
			continue;
		}
		/* A whole glyph at a time, so tab stops count 👁️ as 2. */
		int cw;
		size_t k = text_cluster(s + i, n - i, &cw);
		size_t before = in.text.len;
		inl_add(r, &in, s + i, k, code_style);
		col += text_width_n(in.text.data + before, in.text.len - before);
		i += k;
	}
	int gw = text_width(r->g->code_gutter);
	int avail = text_avail(r) - gw;
	if (avail < 1)
		avail = 1;
	LineB lb = {0};
	lb_puts(&lb, r->g->code_gutter, gutter_style);
	size_t k = 0;
	while (k < in.text.len) {
		int cw;
		size_t cl = text_cluster(in.text.data + k, in.text.len - k, &cw);
		if (lb.width - gw + cw > avail && lb.width > gw) {
			emit(r, &lb);
			lb_puts(&lb, r->g->code_cont, gutter_style);
		}
		add_range(&lb, &in, k, k + cl);
		k += cl;
	}
	emit(r, &lb);
	inl_free(&in);
}

static void render_code_block(R *r, cmark_node *node)
{
	const char *lit = cmark_node_get_literal(node);
	const char *info = cmark_node_get_fence_info(node);
	int code_style = style_id(r, CR_CODE_BLOCK, 0, -1);
	int gutter_style = style_id(r, CR_CODE_BLOCK, CARD_DIM, -1);
	if (info && *info) {
		Inline in = {0};
		inl_puts(r, &in, r->g->code_info, gutter_style);
		inl_puts(r, &in, info, style_id(r, CR_CODE_BLOCK, CARD_DIM | CARD_ITALIC, -1));
		emit_inline(r, &in);
		inl_free(&in);
	}
	size_t n = lit ? strlen(lit) : 0;
	if (n > 0 && lit[n - 1] == '\n')
		n--;
	size_t i = 0;
	if (n == 0 && !(info && *info))
		render_code_line(r, "", 0, code_style, gutter_style);
	while (lit && i < n) {
		size_t j = i;
		while (j < n && lit[j] != '\n')
			j++;
		size_t e = j;
		if (e > i && lit[e - 1] == '\r')
			e--;
		render_code_line(r, lit + i, e - i, code_style, gutter_style);
		i = j + 1;
	}
	set_blank(r);
}

/* ---- tables ---- */

static int is_table_header(cmark_node *row)
{
	return strcmp(cmark_node_get_type_string(row), "table_header") == 0;
}

/* Column widths: w = min(nat, max(C, floor)) for the largest C that fits
 * the budget, then leftover columns handed out one by one. Returns 0 when
 * even the floors do not fit (then w = the floors). */
static int fill_widths(const int *nat, const int *floor_w, int ncols, int budget, int *w)
{
	long sum_floor = 0;
	int maxnat = 0;
	for (int c = 0; c < ncols; c++) {
		sum_floor += floor_w[c];
		if (nat[c] > maxnat)
			maxnat = nat[c];
	}
	if (sum_floor > budget) {
		memcpy(w, floor_w, (size_t)ncols * sizeof *w);
		return 0;
	}
	int lo = 0, hi = maxnat;
	while (lo < hi) {
		int mid = lo + (hi - lo + 1) / 2;
		long s = 0;
		for (int c = 0; c < ncols; c++)
			s += nat[c] < mid ? nat[c] : mid > floor_w[c] ? mid : floor_w[c];
		if (s <= budget)
			lo = mid;
		else
			hi = mid - 1;
	}
	long s = 0;
	for (int c = 0; c < ncols; c++) {
		w[c] = nat[c] < lo ? nat[c] : lo > floor_w[c] ? lo : floor_w[c];
		s += w[c];
	}
	for (int c = 0; c < ncols && s < budget; c++)
		if (w[c] < nat[c])
			w[c]++, s++;
	return 1;
}

/* Natural widths when they fit; else shrink the widest columns, but never
 * below a column's longest word (up to TABLE_WORD_MAX) nor TABLE_MIN_COL:
 * when those do not fit, the table is wider than the budget (its lines are
 * `wide` and the front end scrolls) rather than break words in the middle
 * ("Commons/ense/Reasoni/ng"). */
static void table_widths(const int *nat, const int *word, int ncols, int budget, int *w)
{
	int *floor_w = xcalloc((size_t)ncols, sizeof *floor_w);
	for (int c = 0; c < ncols; c++) {
		int f = word[c] < TABLE_WORD_MAX ? word[c] : TABLE_WORD_MAX;
		if (f < TABLE_MIN_COL)
			f = TABLE_MIN_COL;
		floor_w[c] = f < nat[c] ? f : nat[c];
	}
	fill_widths(nat, floor_w, ncols, budget, w);
	free(floor_w);
}

/* Count `cell_lines` more table cells to lay out; 1 (and a line saying so)
 * when that passes the card's TABLE_MAX_CELL_LINES: the rest of the table
 * is not shown. */
static int table_cut(R *r, size_t cell_lines)
{
	if (r->table_cells + cell_lines <= TABLE_MAX_CELL_LINES) {
		r->table_cells += cell_lines;
		return 0;
	}
	LineB lb = {0};
	lb_puts(&lb, "[the rest of the table is not shown: too large to lay out]",
		style_id(r, CR_PLACEHOLDER, CARD_DIM, -1));
	emit(r, &lb);
	r->table_cells = TABLE_MAX_CELL_LINES;
	return 1;
}


/* A table to lay out: rows x cols cells of inline content (row-major;
 * missing cells empty), whether each row is a header row, and each
 * column's alignment ('l', 'c' or 'r'). */
typedef struct TableGrid {
	Inline *cells;
	int *header;
	char *align;
	int rows, cols;
} TableGrid;

static void grid_init(TableGrid *g, int rows, int cols)
{
	g->rows = rows;
	g->cols = cols;
	g->cells = xcalloc((size_t)rows * (size_t)cols, sizeof *g->cells);
	g->header = xcalloc((size_t)rows, sizeof *g->header);
	g->align = xmalloc((size_t)cols);
	memset(g->align, 'l', (size_t)cols);
}

static void grid_free(TableGrid *g)
{
	for (int i = 0; i < g->rows * g->cols; i++)
		inl_free(&g->cells[i]);
	free(g->cells);
	free(g->header);
	free(g->align);
	memset(g, 0, sizeof *g);
}

/* Lay the grid out as GFM tables are: cells joined by " │ ", a rule under
 * the header rows, columns as wide as table_widths() allows. */
static void layout_table(R *r, const TableGrid *g)
{
	int ncols = g->cols;
	if (ncols <= 0 || g->rows <= 0)
		return;
	int *nat = xcalloc((size_t)ncols, sizeof *nat);
	int *word = xcalloc((size_t)ncols, sizeof *word);
	int *w = xcalloc((size_t)ncols, sizeof *w);
	for (int row = 0; row < g->rows; row++)
		for (int c = 0; c < ncols; c++) {
			const Inline *in = &g->cells[row * ncols + c];
			int nw = natural_width(in);
			if (nw > nat[c])
				nat[c] = nw;
			nw = longest_word(in);
			if (nw > word[c])
				word[c] = nw;
		}
	for (int c = 0; c < ncols; c++)
		if (nat[c] < 1)
			nat[c] = 1;
	int sep = text_width(r->g->tbl_v) + 2;
	table_widths(nat, word, ncols, text_avail(r) - sep * (ncols - 1), w);

	int border = style_id(r, CR_TABLE_BORDER, 0, -1);
	int pad = style_id(r, CR_TABLE_CELL, 0, -1);
	char vsep[16], cross[16];
	snprintf(vsep, sizeof vsep, " %s ", r->g->tbl_v);
	snprintf(cross, sizeof cross, "%s%s%s", r->g->tbl_h, r->g->tbl_cross, r->g->tbl_h);
	LineList *cells = xcalloc((size_t)ncols, sizeof *cells);

	for (int row = 0; row < g->rows; row++) {
		size_t height = 1;
		for (int c = 0; c < ncols; c++) {
			wrap_inline(&g->cells[row * ncols + c], w[c], w[c], ll_sink, &cells[c]);
			if (cells[c].n > height)
				height = cells[c].n;
		}
		if (table_cut(r, height * (size_t)ncols)) {
			for (int c = 0; c < ncols; c++)
				ll_free(&cells[c]);
			break;
		}
		for (size_t k = 0; k < height; k++) {
			LineB lb = {0};
			for (int c = 0; c < ncols; c++) {
				if (c > 0)
					lb_puts(&lb, vsep, border);
				LineB *cl = k < cells[c].n ? &cells[c].v[k] : NULL;
				int slack = w[c] - (cl ? cl->width : 0);
				char a = g->align[c];
				int left = a == 'r' ? slack : a == 'c' ? slack / 2 : 0;
				lb_repeat(&lb, " ", left, pad);
				if (cl)
					lb_append(&lb, cl);
				lb_repeat(&lb, " ", slack - left, pad);
			}
			emit(r, &lb);
		}
		for (int c = 0; c < ncols; c++)
			ll_free(&cells[c]);
		if (g->header[row] && (row + 1 == g->rows || !g->header[row + 1])) {
			LineB lb = {0};
			for (int c = 0; c < ncols; c++) {
				if (c > 0)
					lb_puts(&lb, cross, border);
				lb_repeat(&lb, r->g->tbl_h, w[c], border);
			}
			emit(r, &lb);
		}
	}
	free(cells);
	free(nat);
	free(word);
	free(w);
	set_blank(r);
}

static void render_table(R *r, cmark_node *table)
{
	int ncols = cmark_gfm_extensions_get_table_columns(table);
	const uint8_t *align = cmark_gfm_extensions_get_table_alignments(table);
	int nalign = ncols, nrows = 0;
	for (cmark_node *row = cmark_node_first_child(table); row; row = cmark_node_next(row)) {
		int k = 0;
		for (cmark_node *c = cmark_node_first_child(row); c; c = cmark_node_next(c))
			k++;
		if (k > ncols)
			ncols = k;
		nrows++;
	}
	if (ncols <= 0 || nrows == 0)
		return;
	Style cell_base = {CR_TABLE_CELL, 0, -1}, head_base = {CR_TABLE_HEADER, CARD_BOLD, -1};
	TableGrid g;
	grid_init(&g, nrows, ncols);
	for (int c = 0; c < nalign && align; c++)
		if (align[c] == 'r' || align[c] == 'c')
			g.align[c] = (char)align[c];
	int row_i = 0;
	for (cmark_node *row = cmark_node_first_child(table); row; row = cmark_node_next(row), row_i++) {
		g.header[row_i] = is_table_header(row);
		int c = 0;
		for (cmark_node *cell = cmark_node_first_child(row); cell && c < ncols; cell = cmark_node_next(cell), c++)
			collect_inlines(r, cell, g.header[row_i] ? head_base : cell_base, &g.cells[row_i * ncols + c]);
	}
	layout_table(r, &g);
	grid_free(&g);
}

/* ---- lists ---- */

static void list_enter(R *r, cmark_node *list)
{
	GROW(r->lists, r->nlists, r->caplists);
	ListState *ls = &r->lists[r->nlists++];
	memset(ls, 0, sizeof *ls);
	ls->tight = cmark_node_get_list_tight(list);
	ls->ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
	ls->next_number = cmark_node_get_list_start(list);
	ls->delim = cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ? ')' : '.';
	if (ls->ordered) {
		long items = 0;
		for (cmark_node *c = cmark_node_first_child(list); c; c = cmark_node_next(c))
			items++;
		char buf[32];
		ls->number_width = snprintf(buf, sizeof buf, "%ld", (long)ls->next_number + items - 1);
	}
}

static void item_enter(R *r, cmark_node *item)
{
	if (r->nlists == 0)
		return;
	ListState *ls = &r->lists[r->nlists - 1];
	if (ls->items_seen++ > 0 && ls->tight)
		r->need_blank = 0;
	flush_blank(r);
	char marker[64];
	if (ls->ordered)
		snprintf(marker, sizeof marker, "%*d%c ", ls->number_width, ls->next_number++, ls->delim);
	else
		snprintf(marker, sizeof marker, "%s ", r->g->bullet[(r->nlists - 1) % 3]);
	if (strcmp(cmark_node_get_type_string(item), "tasklist") == 0) {
		const char *box = cmark_gfm_extensions_get_tasklist_item_checked(item)
			? r->g->task_done : r->g->task_open;
		if (ls->ordered)
			snprintf(marker + strlen(marker), sizeof marker - strlen(marker), "%s ", box);
		else
			snprintf(marker, sizeof marker, "%s ", box);
	}
	char rest[64];
	int mw = text_width(marker);
	memset(rest, ' ', (size_t)mw);
	rest[mw] = '\0';
	push_prefix(r, marker, rest, style_id(r, CR_LIST_BULLET, 0, -1));
}

static void item_exit(R *r)
{
	if (r->npre > 0 && r->pre[r->npre - 1].first_pending) {
		/* an empty item still shows its bullet */
		r->need_blank = 0;
		emit(r, NULL);
	}
	pop_prefix(r);
}

/* ---- HTML blocks ---- */

/* An HTML block being laid out: inline content gathers in `in` until an
 * element that makes a block (a paragraph, a list, a table, ...) ends it. */
typedef struct HtmlBlock {
	R *r;
	Inline in;
	Style base; /* role html, or quote inside a block quote */
	int lists;  /* HTML lists open around the walk */
} HtmlBlock;

/* Lay out the inline content gathered so far (placeholders dimmed, line
 * breaks at its ends and runs of blank lines dropped), with a blank line
 * after it when `blank`. */
static void html_flush(HtmlBlock *hb, int blank)
{
	R *r = hb->r;
	Inline *in = &hb->in;
	mark_placeholders(r, in);
	if (inl_has_text(in)) {
		size_t a = 0, b = in->text.len;
		while (a < b && (in->text.data[a] == '\n' || in->text.data[a] == ' '))
			a++;
		while (b > a && (in->text.data[b - 1] == '\n' || in->text.data[b - 1] == ' '))
			b--;
		Inline t = {0};
		for (size_t i = a; i < b; i++) {
			if (in->text.data[i] == '\n' && t.text.len >= 2 && t.text.data[t.text.len - 1] == '\n' &&
			    t.text.data[t.text.len - 2] == '\n')
				continue;
			inl_raw(&t, in->text.data + i, 1, in->sty[i]);
		}
		emit_inline(r, &t);
		inl_free(&t);
		if (blank)
			set_blank(r);
	}
	inl_free(in);
}

static void html_blocks(HtmlBlock *hb, const CardHtmlNode *n, int depth);

/* The text of an element and all it holds, as written (for <pre>). */
static void html_raw_text(const CardHtmlNode *n, StrBuf *out, int depth)
{
	for (; n; n = card_html_next(n)) {
		CardHtmlKind k = card_html_kind(n);
		if (k == HTML_TEXT)
			sb_puts(out, card_html_text(n));
		else if (k == HTML_BREAK)
			sb_putc(out, '\n');
		else if (k != HTML_HIDDEN && depth < HTML_DEPTH_MAX)
			html_raw_text(card_html_child(n), out, depth + 1);
	}
}

/* <pre>: its lines as a code block's. */
static void html_pre(HtmlBlock *hb, const CardHtmlNode *pre, int depth)
{
	R *r = hb->r;
	StrBuf text = {0};
	html_raw_text(card_html_child(pre), &text, depth + 1);
	int code_style = style_id(r, CR_CODE_BLOCK, 0, -1);
	int gutter_style = style_id(r, CR_CODE_BLOCK, CARD_DIM, -1);
	const char *t = sb_str(&text);
	size_t n = text.len, i = 0;
	if (n > 0 && t[0] == '\n') /* the line break after <pre> is not text */
		i++;
	while (n > i && t[n - 1] == '\n')
		n--;
	while (i < n) {
		size_t j = i;
		while (j < n && t[j] != '\n')
			j++;
		render_code_line(r, t + i, j - i, code_style, gutter_style);
		i = j + 1;
	}
	sb_free(&text);
	set_blank(r);
}

/* <ul>, <ol>, <dl>: each item behind its bullet or number, as Markdown
 * lists are laid out; text between items is laid out as an item. */
static void html_list(HtmlBlock *hb, const CardHtmlNode *list, int ordered, int depth)
{
	R *r = hb->r;
	const char *start = card_html_attr(list, "start");
	long number = start && atol(start) > 0 ? atol(start) : 1, items = 0;
	for (const CardHtmlNode *c = card_html_child(list); c; c = card_html_next(c))
		items += card_html_kind(c) == HTML_ITEM;
	char buf[32];
	int number_width = snprintf(buf, sizeof buf, "%ld", number + (items > 0 ? items - 1 : 0));
	hb->lists++;
	for (const CardHtmlNode *c = card_html_child(list); c; c = card_html_next(c)) {
		CardHtmlKind k = card_html_kind(c);
		if (k == HTML_HIDDEN || (k == HTML_TEXT && strspn(card_html_text(c), " \t\r\n") == strlen(card_html_text(c))))
			continue;
		char marker[64], rest[64];
		if (ordered)
			snprintf(marker, sizeof marker, "%*ld. ", number_width, number++);
		else
			snprintf(marker, sizeof marker, "%s ", r->g->bullet[(r->nlists + (size_t)hb->lists - 1) % 3]);
		int mw = text_width(marker);
		memset(rest, ' ', (size_t)mw);
		rest[mw] = '\0';
		flush_blank(r);
		push_prefix(r, marker, rest, style_id(r, CR_LIST_BULLET, 0, -1));
		if (k == HTML_ITEM)
			html_blocks(hb, card_html_child(c), depth + 1);
		else
			html_blocks(hb, c, depth + 1);
		html_flush(hb, 0);
		r->need_blank = 0;
		if (r->pre[r->npre - 1].first_pending)
			emit(r, NULL); /* an empty item still shows its bullet */
		pop_prefix(r);
	}
	hb->lists--;
	if (hb->lists == 0)
		set_blank(r);
}

/* The rows of a table, through <thead>, <tbody> and <tfoot>: calls
 * row(ctx, tr, in_thead) for each. */
static int html_rows(const CardHtmlNode *table, void (*row)(void *, const CardHtmlNode *, int), void *ctx)
{
	int n = 0;
	for (const CardHtmlNode *c = card_html_child(table); c; c = card_html_next(c)) {
		CardHtmlKind k = card_html_kind(c);
		if (k == HTML_ROW) {
			if (row)
				row(ctx, c, 0);
			n++;
		} else if (k == HTML_TABLE_PART) {
			for (const CardHtmlNode *t = card_html_child(c); t; t = card_html_next(t))
				if (card_html_kind(t) == HTML_ROW) {
					if (row)
						row(ctx, t, card_html_is(c, "thead"));
					n++;
				}
		}
	}
	return n;
}

typedef struct HtmlTable {
	HtmlBlock *hb;
	TableGrid *grid;
	int row, depth;
} HtmlTable;

static int row_cells(const CardHtmlNode *tr)
{
	int n = 0;
	for (const CardHtmlNode *c = card_html_child(tr); c; c = card_html_next(c))
		n += card_html_kind(c) == HTML_CELL || card_html_kind(c) == HTML_HEADER_CELL;
	return n;
}

static void count_cells(void *ctx, const CardHtmlNode *tr, int head)
{
	int *cols = ctx, n = row_cells(tr);
	(void)head;
	if (n > *cols)
		*cols = n;
}

/* One <tr> into the grid: a header row when it is in <thead> or all its
 * cells are <th>. */
static void fill_row(void *ctx, const CardHtmlNode *tr, int head)
{
	HtmlTable *t = ctx;
	R *r = t->hb->r;
	TableGrid *g = t->grid;
	int c = 0, th = 0;
	for (const CardHtmlNode *cell = card_html_child(tr); cell; cell = card_html_next(cell))
		th += card_html_kind(cell) == HTML_HEADER_CELL;
	int header = head || (th > 0 && th == row_cells(tr));
	g->header[t->row] = header;
	Style st = header ? (Style){CR_TABLE_HEADER, CARD_BOLD, -1} : (Style){CR_TABLE_CELL, 0, -1};
	for (const CardHtmlNode *cell = card_html_child(tr); cell && c < g->cols; cell = card_html_next(cell)) {
		CardHtmlKind k = card_html_kind(cell);
		if (k != HTML_CELL && k != HTML_HEADER_CELL)
			continue;
		const char *align = card_html_attr(cell, "align");
		if (t->row == 0 && align)
			g->align[c] = !strcasecmp(align, "right") ? 'r' : !strcasecmp(align, "center") ? 'c' : 'l';
		html_inline(r, &g->cells[t->row * g->cols + c], card_html_child(cell), st, t->depth + 1, 0);
		c++;
	}
	t->row++;
}

/* <table>: laid out as a GFM table. */
static void html_table(HtmlBlock *hb, const CardHtmlNode *table, int depth)
{
	int cols = 0, rows = html_rows(table, count_cells, &cols);
	if (rows == 0 || cols == 0)
		return;
	TableGrid g;
	grid_init(&g, rows, cols);
	HtmlTable t = {hb, &g, 0, depth};
	html_rows(table, fill_row, &t);
	layout_table(hb->r, &g);
	grid_free(&g);
}

/* <blockquote>: behind the quote bar, in role quote. */
static void html_quote(HtmlBlock *hb, const CardHtmlNode *quote, int depth)
{
	R *r = hb->r;
	Style base = hb->base;
	flush_blank(r);
	push_prefix(r, r->g->quote_bar, r->g->quote_bar, style_id(r, CR_QUOTE_BAR, 0, -1));
	r->quote_depth++;
	hb->base.role = CR_QUOTE;
	html_blocks(hb, card_html_child(quote), depth + 1);
	html_flush(hb, 0);
	hb->base = base;
	r->quote_depth--;
	pop_prefix(r);
	set_blank(r);
}

static void html_heading(HtmlBlock *hb, const CardHtmlNode *h, int depth)
{
	int level = card_html_level(h);
	Inline in = {0};
	size_t text_start = heading_marks(hb->r, &in, level);
	html_inline(hb->r, &in, card_html_child(h), heading_style(level), depth + 1, 0);
	emit_heading(hb->r, level, &in, text_start);
	inl_free(&in);
}

/* Lay out HTML nodes at block level. */
static void html_blocks(HtmlBlock *hb, const CardHtmlNode *n, int depth)
{
	R *r = hb->r;
	for (; n; n = card_html_next(n)) {
		CardHtmlKind k = card_html_kind(n);
		const CardHtmlNode *kids = depth < HTML_DEPTH_MAX ? card_html_child(n) : NULL;
		int blank = k != HTML_BLOCK || card_html_is(n, "p"); /* <div> only breaks the line */
		switch (k) {
		case HTML_HIDDEN:
			break;
		case HTML_BLOCK:
			html_flush(hb, 0);
			html_blocks(hb, kids, depth + 1);
			html_flush(hb, blank);
			break;
		case HTML_HEADING:
			html_flush(hb, 1);
			html_heading(hb, n, depth);
			break;
		case HTML_RULE:
			html_flush(hb, 1);
			render_rule(r);
			break;
		case HTML_LIST:
		case HTML_OLIST:
		case HTML_ITEM:
			html_flush(hb, hb->lists == 0); /* a list in an item is tight */
			if (k == HTML_ITEM)
				html_list(hb, n, 0, depth); /* an item outside a list: a list of its own */
			else if (kids)
				html_list(hb, n, k == HTML_OLIST, depth);
			break;
		case HTML_TABLE:
			html_flush(hb, 1);
			if (kids)
				html_table(hb, n, depth);
			break;
		case HTML_PRE:
			html_flush(hb, 1);
			html_pre(hb, n, depth);
			break;
		case HTML_QUOTE:
			html_flush(hb, 1);
			html_quote(hb, n, depth);
			break;
		default: /* text and inline elements; table parts out of a table */
			html_inline_node(r, &hb->in, n, hb->base, depth, 0);
			break;
		}
	}
}

static void render_html_block(R *r, cmark_node *node)
{
	const char *lit = cmark_node_get_literal(node);
	if (!lit)
		return;
	HtmlBlock hb = {r, {{0}, NULL, 0}, {r->quote_depth ? CR_QUOTE : CR_HTML, 0, -1}, 0};
	size_t lines = r->nlines;
	CardHtml *h = card_html_parse(lit, strlen(lit), NULL);
	if (h) {
		html_blocks(&hb, card_html_first(h), 0);
		card_html_free(h);
	} else {
		html_text(r, &hb.in, lit, style_of(r, hb.base), 1); /* no libxml2: the HTML as written */
	}
	html_flush(&hb, 0);
	if (r->nlines > lines) /* a blank line after it, as after any block */
		set_blank(r);
}

/* ---- front matter ---- */

/* A scalar's text with its line breaks and tabs folded to spaces and any
 * other control in its visible form: YAML's escapes ("\e", "\0", "\u202E")
 * put in a quoted scalar what libyaml refuses raw, and the text is kept in
 * RenderedCard.meta as well as drawn. */
static char *scalar_text(yaml_node_t *node)
{
	StrBuf sb = {0};
	const char *v = (const char *)node->data.scalar.value;
	size_t n = node->data.scalar.length, start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && v[i] != '\n' && v[i] != '\r' && v[i] != '\t')
			continue;
		untrusted_put_visible(&sb, v + start, i - start, 0);
		if (i < n)
			sb_putc(&sb, ' ');
		start = i + 1;
	}
	while (sb.len > 0 && sb.data[sb.len - 1] == ' ')
		sb.data[--sb.len] = '\0';
	return sb_take(&sb);
}

static yaml_node_t *mapping_get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		if (k && k->type == YAML_SCALAR_NODE && strcmp((const char *)k->data.scalar.value, key) == 0)
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

static char *summarise(yaml_document_t *doc, const char *key, yaml_node_t *v)
{
	StrBuf sb = {0};
	if (!v)
		return xstrdup("");
	if (v->type == YAML_SCALAR_NODE)
		return scalar_text(v);
	if (v->type == YAML_SEQUENCE_NODE) {
		long n = v->data.sequence.items.top - v->data.sequence.items.start;
		if (strcmp(key, "model-index") == 0) {
			long results = 0;
			for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
				yaml_node_t *res = mapping_get(doc, yaml_document_get_node(doc, *it), "results");
				if (res && res->type == YAML_SEQUENCE_NODE)
					results += res->data.sequence.items.top - res->data.sequence.items.start;
			}
			sb_printf(&sb, "%ld result%s", results, results == 1 ? "" : "s");
			return sb_take(&sb);
		}
		int all_scalar = 1;
		for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
			yaml_node_t *e = yaml_document_get_node(doc, *it);
			if (!e || e->type != YAML_SCALAR_NODE)
				all_scalar = 0;
		}
		if (!all_scalar) {
			sb_printf(&sb, "%ld item%s", n, n == 1 ? "" : "s");
			return sb_take(&sb);
		}
		for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
			char *t = scalar_text(yaml_document_get_node(doc, *it));
			if (it > v->data.sequence.items.start)
				sb_puts(&sb, ", ");
			sb_puts(&sb, t);
			free(t);
		}
		return sb_take(&sb);
	}
	if (v->type == YAML_MAPPING_NODE) {
		long n = v->data.mapping.pairs.top - v->data.mapping.pairs.start;
		sb_printf(&sb, "%ld key%s", n, n == 1 ? "" : "s");
		int shown = 0;
		for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(doc, p->key);
			if (!k || k->type != YAML_SCALAR_NODE)
				continue;
			if (shown == 4) {
				sb_puts(&sb, ", ...");
				break;
			}
			sb_puts(&sb, shown ? ", " : ": ");
			char *t = scalar_text(k);
			sb_puts(&sb, t);
			free(t);
			shown++;
		}
		return sb_take(&sb);
	}
	return xstrdup("");
}

static void parse_meta(RenderedCard *rc, const char *yaml, size_t n, int first_line)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	int deep_line = 0;
	if (card_yaml_too_deep(yaml, n, &deep_line)) {
		StrBuf sb = {0};
		sb_printf(&sb, "front matter nests deeper than %d levels; not read", CARD_YAML_MAX_DEPTH);
		rc->meta_error = sb_take(&sb);
		rc->meta_error_line = first_line + deep_line;
		return;
	}
	if (!yaml_parser_initialize(&parser))
		return;
	yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, n);
	if (!yaml_parser_load(&parser, &doc)) {
		StrBuf sb = {0};
		sb_printf(&sb, "front matter is not valid YAML: %s%s%s",
			  parser.problem ? parser.problem : "parse error",
			  parser.context ? " " : "", parser.context ? parser.context : "");
		rc->meta_error = sb_take(&sb);
		rc->meta_error_line = first_line + (int)parser.problem_mark.line;
		yaml_parser_delete(&parser);
		return;
	}
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (root && root->type == YAML_MAPPING_NODE) {
		size_t cap = 0;
		for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(&doc, p->key);
			if (!k || k->type != YAML_SCALAR_NODE)
				continue;
			GROW(rc->meta, rc->nmeta, cap);
			rc->meta[rc->nmeta].key = scalar_text(k);
			rc->meta[rc->nmeta].value = summarise(&doc, rc->meta[rc->nmeta].key,
							      yaml_document_get_node(&doc, p->value));
			rc->nmeta++;
		}
	} else if (root && !(root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0)) {
		rc->meta_error = xstrdup("front matter is not a YAML mapping of keys to values");
		rc->meta_error_line = first_line;
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
}

static void render_meta(R *r, const RenderedCard *rc)
{
	int kw = 0;
	for (size_t i = 0; i < rc->nmeta; i++) {
		int w = text_width(rc->meta[i].key) + 1;
		if (w > kw)
			kw = w;
	}
	if (kw > META_KEY_MAX)
		kw = META_KEY_MAX;
	for (size_t i = 0; i < rc->nmeta; i++) {
		Inline key = {0}, val = {0};
		inl_puts(r, &key, rc->meta[i].key, 0);
		inl_raw(&key, ":", 1, 0);
		char *k = text_truncate(sb_str(&key.text), kw, r->g->ellipsis);
		StrBuf first = {0};
		sb_puts(&first, k);
		for (int pad = text_width(k); pad < kw + 1; pad++)
			sb_putc(&first, ' ');
		char *rest = xmalloc((size_t)kw + 2);
		memset(rest, ' ', (size_t)kw + 1);
		rest[kw + 1] = '\0';
		push_prefix(r, sb_str(&first), rest, style_id(r, CR_META_KEY, CARD_BOLD, -1));
		inl_puts(r, &val, rc->meta[i].value, style_id(r, CR_META_VALUE, 0, -1));
		mark_placeholders(r, &val);
		if (inl_has_text(&val))
			emit_inline(r, &val);
		else
			emit(r, NULL);
		pop_prefix(r);
		free(rest);
		free(k);
		sb_free(&first);
		inl_free(&key);
		inl_free(&val);
	}
	if (rc->meta_error) {
		Inline in = {0};
		char line[32];
		snprintf(line, sizeof line, "line %d: ", rc->meta_error_line);
		int st = style_id(r, CR_PLACEHOLDER, CARD_DIM, -1);
		inl_puts(r, &in, line, st);
		inl_puts(r, &in, rc->meta_error, st);
		emit_inline(r, &in);
		inl_free(&in);
	}
	if (rc->nmeta || rc->meta_error) {
		LineB lb = {0};
		lb_repeat(&lb, r->g->rule, r->width, style_id(r, CR_RULE, 0, -1));
		emit(r, &lb);
		set_blank(r);
	}
}

static void render_link_list(R *r)
{
	if (r->nlinks == 0)
		return;
	set_blank(r);
	r->blank_depth = 0;
	char num[24], first[32], rest[32];
	size_t nw = link_ref(num, (int)r->nlinks - 1) + 1; /* the widest "[n] " */
	memset(rest, ' ', nw);
	rest[nw] = '\0';
	Inline in = {0};
	for (size_t i = 0; i < r->nlinks; i++) {
		memcpy(first, rest, nw + 1);
		memcpy(first, num, link_ref(num, (int)i));
		int style = style_id(r, CR_LINK_URL, 0, (int)i);
		push_prefix(r, first, rest, style);
		/* URLs have no spaces to wrap at: they are split by characters */
		sb_reset(&in.text);
		inl_puts(r, &in, r->links[i].url, style);
		emit_inline(r, &in);
		pop_prefix(r);
	}
	inl_free(&in);
}

/* A card larger than CARD_MAX_BYTES (stored by an older peat) ends where
 * it was cut, saying so. */
static void render_cut_note(R *r, size_t len)
{
	char note[160];
	snprintf(note, sizeof note, "[the rest of the card is not shown: it is %zu bytes; peat reads %zu MiB]",
		 len, CARD_MAX_BYTES >> 20);
	Inline in = {0};
	if (r->nlines > 0)
		set_blank(r);
	inl_puts(r, &in, note, style_id(r, CR_PLACEHOLDER, CARD_DIM, -1));
	emit_inline(r, &in);
	inl_free(&in);
	set_blank(r);
}

/* ---- driver ---- */

static cmark_node *parse_markdown(const char *s, size_t n)
{
	static const char *const exts[] = {"table", "strikethrough", "autolink", "tasklist"};
	card_cmark_ready();
	cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
	for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	char *bounded = card_bound_table_rows(s, n, &n);
	cmark_parser_feed(p, bounded ? bounded : s, n);
	free(bounded);
	cmark_node *doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	return doc;
}

static void render_body(R *r, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		int enter = ev == CMARK_EVENT_ENTER;
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_BLOCK_QUOTE:
			if (enter) {
				flush_blank(r);
				push_prefix(r, r->g->quote_bar, r->g->quote_bar, style_id(r, CR_QUOTE_BAR, 0, -1));
				r->quote_depth++;
			} else {
				pop_prefix(r);
				r->quote_depth--;
				set_blank(r);
			}
			break;
		case CMARK_NODE_LIST:
			if (enter) {
				flush_blank(r);
				list_enter(r, node);
			} else {
				if (r->nlists)
					r->nlists--;
				set_blank(r);
			}
			break;
		case CMARK_NODE_ITEM:
			if (enter)
				item_enter(r, node);
			else
				item_exit(r);
			break;
		case CMARK_NODE_PARAGRAPH:
			if (enter) {
				render_paragraph(r, node);
				cmark_iter_reset(it, node, CMARK_EVENT_EXIT);
			}
			break;
		case CMARK_NODE_HEADING:
			if (enter) {
				render_heading(r, node);
				cmark_iter_reset(it, node, CMARK_EVENT_EXIT);
			}
			break;
		case CMARK_NODE_CODE_BLOCK:
			render_code_block(r, node);
			break;
		case CMARK_NODE_HTML_BLOCK:
			render_html_block(r, node);
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			render_rule(r);
			break;
		default:
			if (enter && strcmp(cmark_node_get_type_string(node), "table") == 0) {
				render_table(r, node);
				cmark_iter_reset(it, node, CMARK_EVENT_EXIT);
			}
			break;
		}
	}
	cmark_iter_free(it);
}

RenderedCard *card_render(const char *text, size_t len, int width, unsigned flags)
{
	RenderedCard *rc = xcalloc(1, sizeof *rc);
	R r;
	memset(&r, 0, sizeof r);
	if (!text)
		text = "", len = 0;
	r.width = width < CARD_MIN_WIDTH ? CARD_MIN_WIDTH : width;
	r.flags = flags;
	r.g = flags & CARD_RENDER_ASCII ? &ascii_glyphs : &utf8_glyphs;
	memset(r.plain_style, 0xff, sizeof r.plain_style);

	size_t whole = len;
	len = card_readable_len(text, len);
	/* One splitter for the whole program: cardsec's, shared with scoring. */
	CardSplit split;
	size_t body = card_split_front_matter(text, len, &split) ? split.body_start : 0;
	if (body > 0)
		parse_meta(rc, text + split.yaml_start, split.yaml_len, split.yaml_first_line);
	if (flags & CARD_RENDER_META)
		render_meta(&r, rc);

	cmark_node *doc = parse_markdown(text + body, len - body);
	if (doc) {
		render_body(&r, doc);
		cmark_node_free(doc);
	}
	if (len < whole)
		render_cut_note(&r, whole);
	if (!(flags & CARD_RENDER_OSC8))
		render_link_list(&r);
	while (r.npre)
		pop_prefix(&r);

	rc->lines = r.lines;
	rc->nlines = r.nlines;
	rc->headings = r.heads;
	rc->nheadings = r.nheads;
	rc->links = r.links;
	rc->nlinks = r.nlinks;
	rc->width = r.width;
	rc->flags = flags;
	rc->mem = r.mem;
	lb_free(&r.line);
	free(r.styles);
	free(r.style_next);
	free(r.link_styles);
	free(r.pre);
	free(r.lists);
	keyindex_free(&r.link_ix);
	return rc;
}

void rendered_card_free(RenderedCard *card)
{
	if (!card)
		return;
	for (Block *b = card->mem, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(card->lines);
	for (size_t i = 0; i < card->nmeta; i++) {
		free(card->meta[i].key);
		free(card->meta[i].value);
	}
	free(card->meta);
	free(card->meta_error);
	for (size_t i = 0; i < card->nheadings; i++)
		free(card->headings[i].text);
	free(card->headings);
	for (size_t i = 0; i < card->nlinks; i++)
		free(card->links[i].url);
	free(card->links);
	free(card);
}

char *card_line_text(const RLine *line)
{
	StrBuf sb = {0};
	for (size_t i = 0; i < line->nspans; i++)
		sb_puts(&sb, line->spans[i].text);
	return sb_take(&sb);
}

/* ---- ANSI output ---- */

static void put_sgr(StrBuf *sb, const RSpan *s)
{
	static const struct {
		unsigned attr;
		const char *sgr;
	} attrs[] = {{CARD_BOLD, "1"}, {CARD_DIM, "2"}, {CARD_ITALIC, "3"},
		     {CARD_UNDERLINE, "4"}, {CARD_REVERSE, "7"}, {CARD_STRIKE, "9"}};
	sb_puts(sb, "\033[0");
	const char *role = style_role_sgr(s->role);
	if (*role) {
		sb_putc(sb, ';');
		sb_puts(sb, role);
	}
	for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++)
		if (s->attrs & attrs[i].attr) {
			sb_putc(sb, ';');
			sb_puts(sb, attrs[i].sgr);
		}
	sb_putc(sb, 'm');
}

/* The URL inside an OSC 8 sequence is the card author's: every byte
 * outside printable ASCII is percent-encoded, as in any URI, so no control
 * (C0, C1 as UTF-8, DEL) nor a bidirectional control enters the sequence
 * and none can end it early. */
static void put_osc8(StrBuf *sb, const char *url)
{
	sb_puts(sb, "\033]8;;");
	for (const unsigned char *p = (const unsigned char *)url; p && *p; p++) {
		if (*p > 0x20 && *p < 0x7F)
			sb_putc(sb, (char)*p);
		else
			sb_printf(sb, "%%%02X", *p);
	}
	sb_puts(sb, "\033\\");
}

char *card_render_ansi(const RenderedCard *card, int color)
{
	StrBuf sb = {0};
	int osc8 = color && (card->flags & CARD_RENDER_OSC8);
	for (size_t i = 0; i < card->nlines; i++) {
		const RLine *l = &card->lines[i];
		int open_link = -1;
		for (size_t k = 0; k < l->nspans; k++) {
			const RSpan *s = &l->spans[k];
			if (osc8 && s->link != open_link) {
				if (s->link >= 0 && (size_t)s->link < card->nlinks)
					put_osc8(&sb, card->links[s->link].url);
				else
					put_osc8(&sb, "");
				open_link = s->link;
			}
			if (color)
				put_sgr(&sb, s);
			sb_puts(&sb, s->text);
		}
		if (osc8 && open_link >= 0)
			put_osc8(&sb, "");
		if (color && l->nspans)
			sb_puts(&sb, "\033[0m");
		sb_putc(&sb, '\n');
	}
	return sb_take(&sb);
}

int card_render_write(FILE *fp, const RenderedCard *card, int color)
{
	char *s = card_render_ansi(card, color);
	size_t n = strlen(s);
	int rc = fwrite(s, 1, n, fp) == n ? 0 : -1;
	free(s);
	return rc;
}
