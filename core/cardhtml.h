/* SPDX-License-Identifier: MIT */
/* cardhtml.h - the HTML in model cards, read with libxml2's HTML parser
 * (opened at first use: core/xml_dl.h).
 *
 * A fragment - an HTML block of a card's Markdown, or one inline tag - is
 * parsed into a tree whose elements are sorted into the few kinds a reader
 * of the card cares about (CardHtmlKind). What the parser gives is what a
 * browser would show: every entity decoded (the 253 names of HTML 4 and
 * every numeric reference), <style>, <script>, <head>, <template> and
 * comments hidden, unclosed and misnested tags repaired. Nothing here
 * allocates per node; the tree belongs to the CardHtml.
 *
 * Used by the renderer (core/cardrender.c: layout with styles, links,
 * lists, tables) and by the section rules (core/cardsec.c: the visible
 * text). Call order: card_html_parse() -> walk with card_html_first(),
 * card_html_child(), card_html_next() -> card_html_free(). Thread-safe
 * (each CardHtml is its own). */
#ifndef PEAT_CARDHTML_H
#define PEAT_CARDHTML_H

#include <stddef.h>

#include "error.h"
#include "strbuf.h"

typedef struct CardHtml CardHtml;
typedef struct CardHtmlNode CardHtmlNode; /* a node of the tree (opaque) */

typedef enum {
	HTML_TEXT,        /* text: card_html_text() */
	HTML_HIDDEN,      /* shows nothing: style, script, head, template, comments, ... */
	HTML_INLINE,      /* inline content: span, sup, font, small, u, ... */
	HTML_BLOCK,       /* a block on lines of its own: p, div, center, details, ... */
	HTML_HEADING,     /* h1 to h6: card_html_level() */
	HTML_BREAK,       /* br */
	HTML_RULE,        /* hr */
	HTML_LIST,        /* ul, menu, dl */
	HTML_OLIST,       /* ol */
	HTML_ITEM,        /* li, dt, dd */
	HTML_TABLE,       /* table */
	HTML_TABLE_PART,  /* thead, tbody, tfoot */
	HTML_ROW,         /* tr */
	HTML_CELL,        /* td */
	HTML_HEADER_CELL, /* th */
	HTML_LINK,        /* a: card_html_attr(n, "href") */
	HTML_IMAGE,       /* img: card_html_attr(n, "alt") */
	HTML_BOLD,        /* b, strong */
	HTML_ITALIC,      /* i, em, cite */
	HTML_CODE,        /* code, kbd, samp, tt */
	HTML_PRE,         /* pre: its text keeps its spaces and lines */
	HTML_QUOTE,       /* blockquote */
	HTML_STRIKE       /* s, del, strike */
} CardHtmlKind;

/* Parse len bytes of UTF-8 HTML. Returns the tree (never NULL on success,
 * even for an empty fragment), or NULL with err set when libxml2 cannot be
 * loaded. */
CardHtml *card_html_parse(const char *text, size_t len, PeatErr *err);
void card_html_free(CardHtml *h);

/* The first node of the fragment (its top level), or NULL when empty. */
const CardHtmlNode *card_html_first(const CardHtml *h);
/* The first child of an element, the next sibling of a node: NULL at the
 * end. */
const CardHtmlNode *card_html_child(const CardHtmlNode *n);
const CardHtmlNode *card_html_next(const CardHtmlNode *n);

CardHtmlKind card_html_kind(const CardHtmlNode *n);
/* Is n the element `name` (lowercase: "p", "thead")? */
int card_html_is(const CardHtmlNode *n, const char *name);
/* A heading's level (1 to 6); 0 for anything else. */
int card_html_level(const CardHtmlNode *n);
/* A text node's text (UTF-8, entities decoded); "" for an element. */
const char *card_html_text(const CardHtmlNode *n);
/* The value of an element's attribute (name in lowercase), entities
 * decoded; NULL when absent. Lives as long as the tree. */
const char *card_html_attr(const CardHtmlNode *n, const char *name);

/* Is the fragment an end tag alone ("</a>", any case and spaces)? Markdown
 * hands each inline tag over on its own, and an end tag alone parses to
 * nothing. */
int card_html_is_end_tag(const char *text, size_t len, const char *name);

/* The text a reader sees, into out (reset first): blocks, breaks, list
 * items and rows on lines of their own, a table's cells separated by tabs,
 * image alt text and hidden elements left out. *has_image is set when it
 * shows an image; *table when the fragment is one table and nothing else
 * (then out has a row per line, header first, as cardcontent.h reads
 * tables). */
void card_html_visible_text(const CardHtml *h, StrBuf *out, int *has_image, int *table);

#endif
