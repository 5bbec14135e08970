/* SPDX-License-Identifier: MIT */
/* cardrender.h - lay out a model card (Markdown with YAML front matter) as
 * lines of styled text for a terminal.
 *
 * Shared by the CLI (`peat card MODEL`, written with card_render_write) and
 * the TUI's card view (which paints RenderedCard.lines itself and maps each
 * span's StyleRole to a colour). Nothing here knows about curses.
 *
 * Call order: card_render() -> read the RenderedCard -> rendered_card_free().
 * card_render() never fails: any byte string is accepted (see "Bad input").
 *
 * Needs setlocale(LC_CTYPE, "") (a UTF-8 locale) in the program so that wide
 * CJK characters and emoji are measured as 2 columns (core/text.h).
 *
 * Input
 *   - The whole card text, front matter included, not necessarily
 *     NUL-terminated (len bytes).
 *   - A width in display columns; values below CARD_MIN_WIDTH are raised to it.
 *   - Flags: CARD_RENDER_ASCII (every glyph the renderer adds - bullets,
 *     bars, borders, rules - is ASCII), CARD_RENDER_OSC8 (the front end can
 *     emit OSC 8 hyperlinks, so URLs are not printed in the text),
 *     CARD_RENDER_META (the front matter is laid out as the first lines).
 *
 * Front matter
 *   A first line "---" (after an optional UTF-8 BOM) up to the next line that
 *   is "---" or "..." is YAML and is never rendered as Markdown. It is parsed
 *   with libyaml into RenderedCard.meta, one entry per top-level key, in file
 *   order: scalars as written (line breaks folded to spaces); sequences of
 *   scalars joined with ", "; other sequences as "N items"; mappings as
 *   "N keys: a, b, c, ..."; `model-index` as "N results" (the number of
 *   entries under its `results:` lists). Invalid YAML leaves meta empty and
 *   sets meta_error/meta_error_line (line number in the card); so does YAML
 *   nested deeper than CARD_YAML_MAX_DEPTH (cardsec.h), which is refused
 *   before libyaml loads it. Without a closing line the whole text is
 *   Markdown.
 *
 * Bounded work: any card costs time linear in its size. Links are looked
 *   up by hash; table rows wider than CARD_MAX_TABLE_CELLS are cut down
 *   before cmark-gfm parses them (card_bound_table_rows, cardsec.h). A card
 *   larger than CARD_MAX_BYTES (4 MiB; peat refuses such cards where they
 *   enter it, but an older peat stored them) is laid out up to
 *   card_readable_len() (cardsec.h), its last line then a note in role
 *   placeholder: "[the rest of the card is not shown: it is N bytes; peat
 *   reads 4 MiB]".
 *
 * Layout (all widths in display columns; every line's width is <= the
 *   requested width except table lines flagged `wide`)
 *   - Blocks are separated by one blank line; items of tight lists are not.
 *   - Headings: level 1 underlined with a line of '═' ('='), level 2 with '─'
 *     ('-'), deeper levels prefixed with "### " (one '#' per level). Every
 *     heading is recorded in headings[] with the index of its first line.
 *   - Paragraphs are word-wrapped (break at spaces; a word wider than the
 *     line is split between characters, never inside one, nor inside a
 *     glyph of several code points); soft breaks are spaces, hard breaks
 *     and <br> start a new line. A URL (scheme:// or www.) too wide for the
 *     indented line but not for the width is not split: it gets a line of
 *     its own drawn from the first column, without the container prefixes
 *     (after a line with the item's bullet when it would start the item);
 *     the numbered link list does the same.
 *   - Lists: bullets '•' '◦' '▪' by depth ('*' '-' '+'), ordered numbers
 *     right-aligned to the widest number, task items '☐'/'☑' ("[ ]"/"[x]").
 *     Continuation lines are indented by the marker's width.
 *   - Block quotes: "│ " ("| ") before every line, blank lines included.
 *   - Container prefixes together take at most half of the width: deeper
 *     nesting keeps its innermost prefixes and drops outer ones.
 *   - Code blocks (fenced or indented) keep their text verbatim, tabs
 *     expanded to 4-column stops, behind a gutter "┃ " (": "); the info
 *     string, when present, is a first line "── python" ("-- python"). A
 *     line wider than the space left is continued on the next line behind
 *     the marker "↪ " ("+ ") instead of running off the screen.
 *   - Thematic breaks: a line of '─' ('-') in role rule.
 *   - Links: the text in role link with span.link = index into links[]
 *     (URLs deduplicated). Without CARD_RENDER_OSC8 a reference "[n]"
 *     (n = index + 1, role link_url) follows the text, and the card ends
 *     with the numbered list of all links; a link whose text already is the
 *     URL (autolinks) gets no reference. Links to "#fragment" are not
 *     recorded (link = -1).
 *   - Images: "[image: alt]" in role image_alt; an image inside a link (a
 *     badge) is just "[alt]", alt cut to 24 columns.
 *   - HTML (blocks, and inline tags in paragraphs) is read with libxml2's
 *     HTML parser (cardhtml.h) and laid out as a browser would show it:
 *     every entity decoded (named and numeric), <style>, <script>, <head>
 *     and comments dropped, <br> a line break, <p>, <h1>-<h6>, lists,
 *     <table>, <pre>, <blockquote> and <hr> as the Markdown blocks they
 *     match (headings recorded in headings[], tables laid out as GFM
 *     tables, <pre> as a code block), <div>, <center>, <details> ... on
 *     lines of their own, <a href> as links, <img alt> as images, <b>,
 *     <i>, <code>, <s> as emphasis. Other HTML text is role html. Without
 *     libxml2 (it is opened at first use) the HTML is shown as written.
 *   - Template text "[More Information Needed]" and "[optional]", and a
 *     paragraph that is just "More information needed" (transformers'
 *     Trainer cards), is role placeholder with CARD_DIM.
 *   - GFM tables: cells joined by " │ " (" | "), a "─┼─" ("-+-") rule under
 *     the header row, cells aligned as the table says. Columns get their
 *     natural width when the table fits; otherwise the widest columns shrink
 *     and cell text wraps inside its cell, but no column gets narrower than
 *     its longest word (up to 30 columns; longer words break there; CJK and
 *     other wide characters break anywhere) nor min(natural, 6): words are
 *     never broken in the middle to squeeze a table. When those widths do
 *     not fit, lines are wider than the width and have RLine.wide = 1 (the
 *     TUI scrolls horizontally; `peat card --width N` prints them wider).
 *
 * Bad input
 *   Text follows the rule for untrusted text (untrusted.h): control and
 *   bidirectional control characters are shown as their visible escapes
 *   ("\x1b", "<U+202E>"), invalid UTF-8 as U+FFFD ('?' in ASCII mode); tabs
 *   and line breaks in text become spaces; terminal escape sequences can
 *   never reach the output. A link's URL (links[]) has its unsafe characters
 *   percent-encoded byte by byte; in an OSC 8 hyperlink every byte outside
 *   printable ASCII is. Empty text gives zero lines.
 *
 * Ownership: everything in a RenderedCard belongs to it and is released by
 * rendered_card_free().
 */
#ifndef PEAT_CARDRENDER_H
#define PEAT_CARDRENDER_H

#include <stddef.h>
#include <stdio.h>

#define CARD_MIN_WIDTH 20

/* Style roles: X(ID, name, default ANSI SGR parameters). The name is what
 * themes and tests use; the SGR string is the CLI's default look. */
#define CARD_STYLE_ROLES(X)                     \
	X(NORMAL, "normal", "")                 \
	X(HEADING1, "heading1", "1;35")         \
	X(HEADING2, "heading2", "1;36")         \
	X(HEADING3, "heading3", "1;34")         \
	X(EMPHASIS, "emphasis", "3")            \
	X(STRONG, "strong", "1")                \
	X(CODE, "code", "33")                   \
	X(CODE_BLOCK, "code_block", "33")       \
	X(QUOTE, "quote", "3")                  \
	X(QUOTE_BAR, "quote_bar", "2")          \
	X(LIST_BULLET, "list_bullet", "33")     \
	X(LINK, "link", "34")                   \
	X(LINK_URL, "link_url", "2;34")         \
	X(IMAGE_ALT, "image_alt", "35")         \
	X(RULE, "rule", "2")                    \
	X(TABLE_BORDER, "table_border", "2")    \
	X(TABLE_HEADER, "table_header", "1")    \
	X(TABLE_CELL, "table_cell", "")         \
	X(HTML, "html", "")                     \
	X(META_KEY, "meta_key", "36")           \
	X(META_VALUE, "meta_value", "")         \
	X(PLACEHOLDER, "placeholder", "2")      \
	X(STRIKETHROUGH, "strikethrough", "9")

typedef enum StyleRole {
#define CARD_ROLE_ENUM_(id, name, sgr) CR_##id,
	CARD_STYLE_ROLES(CARD_ROLE_ENUM_)
#undef CARD_ROLE_ENUM_
	CR_COUNT
} StyleRole;

/* Attributes combined with a role; they inherit down the Markdown tree
 * (bold text inside a link is CR_LINK with CARD_BOLD|CARD_UNDERLINE). */
enum {
	CARD_BOLD = 1u << 0,
	CARD_ITALIC = 1u << 1,
	CARD_UNDERLINE = 1u << 2,
	CARD_DIM = 1u << 3,
	CARD_REVERSE = 1u << 4,
	CARD_STRIKE = 1u << 5
};

/* card_render() flags. */
enum {
	CARD_RENDER_ASCII = 1u << 0,
	CARD_RENDER_OSC8 = 1u << 1,
	CARD_RENDER_META = 1u << 2
};

typedef struct RSpan {
	char *text;      /* valid UTF-8, no control or bidirectional control */
	StyleRole role;
	unsigned attrs;  /* CARD_BOLD | ... */
	int link;        /* index into RenderedCard.links, or -1 */
} RSpan;

typedef struct RLine {
	RSpan *spans;
	size_t nspans;   /* 0 for a blank line */
	int width;       /* display columns of all spans together */
	int wide;        /* 1 for a table line wider than the requested width */
} RLine;

typedef struct CardMeta {
	char *key;       /* valid UTF-8, no control or bidirectional control */
	char *value;     /* the same */
} CardMeta;

typedef struct RHeading {
	size_t line;     /* index of the heading's first line in lines[] */
	int level;       /* 1..6 */
	char *text;      /* plain text of the heading */
} RHeading;

typedef struct RLink {
	char *url;       /* shown as reference number index + 1 */
} RLink;

typedef struct RenderedCard {
	RLine *lines;
	size_t nlines;
	CardMeta *meta;
	size_t nmeta;
	char *meta_error;     /* NULL, or why the front matter is not YAML */
	int meta_error_line;  /* line of the card the YAML error is on */
	RHeading *headings;
	size_t nheadings;
	RLink *links;
	size_t nlinks;
	int width;            /* the width laid out for (after clamping) */
	unsigned flags;       /* the flags it was rendered with */
	void *mem;            /* private: the memory the lines' spans and texts are in */
} RenderedCard;

/* Lay out a card. Never returns NULL. */
RenderedCard *card_render(const char *text, size_t len, int width, unsigned flags);
void rendered_card_free(RenderedCard *card);

/* The plain text of one line (spans joined). Caller frees. */
char *card_line_text(const RLine *line);

/* The card as text: with color, ANSI SGR sequences per span (and OSC 8
 * hyperlinks when it was rendered with CARD_RENDER_OSC8); without, plain
 * text. Every line ends with '\n'. Caller frees. */
char *card_render_ansi(const RenderedCard *card, int color);
/* The same written to fp; returns 0, or -1 when writing failed. */
int card_render_write(FILE *fp, const RenderedCard *card, int color);

/* Role names and default SGR parameters from CARD_STYLE_ROLES. */
const char *style_role_name(StyleRole role);
const char *style_role_sgr(StyleRole role);
/* The role with that name, or -1. */
int style_role_from_name(const char *name);

#endif
