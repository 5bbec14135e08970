/* SPDX-License-Identifier: MIT */
/* cardhtml.c - card HTML through libxml2's HTML parser (see cardhtml.h).
 * The tree is libxml2's own; a CardHtmlNode is an xmlNode, read through its
 * struct (no libxml2 call per node). */
#include "cardhtml.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xml_dl.h"

/* Deeper elements are read as if they were their parent's text: a tree of
 * thousands of nested <div>s must not exhaust the stack. */
#define HTML_MAX_DEPTH 64

struct CardHtml {
	const XmlApi *xml;
	xmlDocPtr doc;
	const xmlNode *first; /* the fragment's first node */
};

static const struct {
	const char *name;
	CardHtmlKind kind;
} element_kinds[] = {
	{"style", HTML_HIDDEN}, {"script", HTML_HIDDEN}, {"head", HTML_HIDDEN}, {"template", HTML_HIDDEN},
	{"noscript", HTML_HIDDEN}, {"title", HTML_HIDDEN}, {"meta", HTML_HIDDEN}, {"link", HTML_HIDDEN},
	{"iframe", HTML_HIDDEN}, {"svg", HTML_HIDDEN}, {"object", HTML_HIDDEN}, {"video", HTML_HIDDEN},
	{"audio", HTML_HIDDEN}, {"source", HTML_HIDDEN}, {"input", HTML_HIDDEN}, {"button", HTML_HIDDEN},
	{"p", HTML_BLOCK}, {"div", HTML_BLOCK}, {"center", HTML_BLOCK}, {"section", HTML_BLOCK},
	{"article", HTML_BLOCK}, {"header", HTML_BLOCK}, {"footer", HTML_BLOCK}, {"main", HTML_BLOCK},
	{"nav", HTML_BLOCK}, {"aside", HTML_BLOCK}, {"details", HTML_BLOCK}, {"summary", HTML_BLOCK},
	{"figure", HTML_BLOCK}, {"figcaption", HTML_BLOCK}, {"address", HTML_BLOCK}, {"caption", HTML_BLOCK},
	{"form", HTML_BLOCK}, {"fieldset", HTML_BLOCK}, {"picture", HTML_INLINE},
	{"h1", HTML_HEADING}, {"h2", HTML_HEADING}, {"h3", HTML_HEADING}, {"h4", HTML_HEADING},
	{"h5", HTML_HEADING}, {"h6", HTML_HEADING},
	{"br", HTML_BREAK}, {"hr", HTML_RULE},
	{"ul", HTML_LIST}, {"menu", HTML_LIST}, {"dl", HTML_LIST}, {"ol", HTML_OLIST},
	{"li", HTML_ITEM}, {"dt", HTML_ITEM}, {"dd", HTML_ITEM},
	{"table", HTML_TABLE}, {"thead", HTML_TABLE_PART}, {"tbody", HTML_TABLE_PART}, {"tfoot", HTML_TABLE_PART},
	{"tr", HTML_ROW}, {"td", HTML_CELL}, {"th", HTML_HEADER_CELL},
	{"a", HTML_LINK}, {"img", HTML_IMAGE},
	{"b", HTML_BOLD}, {"strong", HTML_BOLD}, {"i", HTML_ITALIC}, {"em", HTML_ITALIC}, {"cite", HTML_ITALIC},
	{"code", HTML_CODE}, {"kbd", HTML_CODE}, {"samp", HTML_CODE}, {"tt", HTML_CODE},
	{"pre", HTML_PRE}, {"blockquote", HTML_QUOTE},
	{"s", HTML_STRIKE}, {"del", HTML_STRIKE}, {"strike", HTML_STRIKE},
};

static const xmlNode *as_xml(const CardHtmlNode *n)
{
	return (const xmlNode *)n;
}

static const CardHtmlNode *as_card(const xmlNode *n)
{
	return (const CardHtmlNode *)n;
}

static const xmlNode *element_named(const xmlNode *n, const char *name)
{
	for (; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && n->name && strcasecmp((const char *)n->name, name) == 0)
			return n;
	return NULL;
}

CardHtml *card_html_parse(const char *text, size_t len, PeatErr *err)
{
	const XmlApi *xml = xml_load(err);
	if (!xml)
		return NULL;
	CardHtml *h = xcalloc(1, sizeof *h);
	h->xml = xml;
	if (len > 0 && len <= INT_MAX)
		h->doc = xml->htmlReadMemory(text, (int)len, NULL, "UTF-8",
					     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
						     HTML_PARSE_NONET | HTML_PARSE_NODEFDTD);
	if (!h->doc)
		return h;
	/* <html> holds <head> (where <style> and <script> before any text
	 * go) and <body>: the fragment is what the body holds. Comments
	 * before <html> are at the document's top and are hidden anyway. */
	const xmlNode *html = element_named(h->doc->children, "html");
	const xmlNode *body = html ? element_named(html->children, "body") : NULL;
	h->first = body ? body->children : html ? html->children : h->doc->children;
	return h;
}

void card_html_free(CardHtml *h)
{
	if (!h)
		return;
	if (h->doc)
		h->xml->xmlFreeDoc(h->doc);
	free(h);
}

const CardHtmlNode *card_html_first(const CardHtml *h)
{
	return as_card(h->first);
}

const CardHtmlNode *card_html_child(const CardHtmlNode *n)
{
	const xmlNode *x = as_xml(n);
	return x->type == XML_ELEMENT_NODE ? as_card(x->children) : NULL;
}

const CardHtmlNode *card_html_next(const CardHtmlNode *n)
{
	return as_card(as_xml(n)->next);
}

CardHtmlKind card_html_kind(const CardHtmlNode *n)
{
	const xmlNode *x = as_xml(n);
	if (x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE)
		return HTML_TEXT;
	if (x->type != XML_ELEMENT_NODE || !x->name)
		return HTML_HIDDEN; /* comments, processing instructions, ... */
	for (size_t i = 0; i < sizeof element_kinds / sizeof element_kinds[0]; i++)
		if (strcasecmp((const char *)x->name, element_kinds[i].name) == 0)
			return element_kinds[i].kind;
	return HTML_INLINE;
}

int card_html_is(const CardHtmlNode *n, const char *name)
{
	const xmlNode *x = as_xml(n);
	return x->type == XML_ELEMENT_NODE && x->name && strcasecmp((const char *)x->name, name) == 0;
}

int card_html_level(const CardHtmlNode *n)
{
	const xmlNode *x = as_xml(n);
	if (card_html_kind(n) != HTML_HEADING)
		return 0;
	return x->name[1] - '0';
}

const char *card_html_text(const CardHtmlNode *n)
{
	const xmlNode *x = as_xml(n);
	if ((x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) && x->content)
		return (const char *)x->content;
	return "";
}

const char *card_html_attr(const CardHtmlNode *n, const char *name)
{
	const xmlNode *x = as_xml(n);
	if (x->type != XML_ELEMENT_NODE)
		return NULL;
	for (const xmlAttr *a = x->properties; a; a = a->next)
		if (a->name && strcasecmp((const char *)a->name, name) == 0) {
			/* The HTML parser decodes a value into one text child. */
			const xmlNode *v = a->children;
			return v && v->type == XML_TEXT_NODE && v->content ? (const char *)v->content : "";
		}
	return NULL;
}

int card_html_is_end_tag(const char *text, size_t len, const char *name)
{
	size_t i = 0, nl = strlen(name);
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n'))
		i++;
	if (i + 2 + nl > len || text[i] != '<' || text[i + 1] != '/' || strncasecmp(text + i + 2, name, nl) != 0)
		return 0;
	i += 2 + nl;
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n'))
		i++;
	return i < len && text[i] == '>';
}

/* ---- the visible text ---- */

typedef struct Visible {
	StrBuf *out;
	int has_image;
	int space; /* a space is owed before the next word */
} Visible;

/* End the current line unless it is empty. */
static void new_line(Visible *v)
{
	if (v->out->len > 0 && v->out->data[v->out->len - 1] != '\n')
		sb_putc(v->out, '\n');
	v->space = 0;
}

static void put_text(Visible *v, const char *s, int pre)
{
	for (; *s; s++) {
		char c = *s;
		if (pre && c == '\n') {
			sb_putc(v->out, '\n');
			v->space = 0;
		} else if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			v->space = v->out->len > 0 && v->out->data[v->out->len - 1] != '\n' &&
				   v->out->data[v->out->len - 1] != '\t';
		} else {
			if (v->space)
				sb_putc(v->out, ' ');
			v->space = 0;
			sb_putc(v->out, c);
		}
	}
}

static void visible(Visible *v, const CardHtmlNode *n, int depth, int pre)
{
	for (; n; n = card_html_next(n)) {
		CardHtmlKind k = card_html_kind(n);
		const CardHtmlNode *child = depth < HTML_MAX_DEPTH ? card_html_child(n) : NULL;
		switch (k) {
		case HTML_TEXT:
			put_text(v, card_html_text(n), pre);
			break;
		case HTML_HIDDEN:
			break;
		case HTML_IMAGE:
			v->has_image = 1;
			v->space = 1;
			break;
		case HTML_BREAK:
			new_line(v);
			break;
		case HTML_CELL:
		case HTML_HEADER_CELL:
			/* Cells after the first of their row start with a tab. */
			if (v->out->len > 0 && v->out->data[v->out->len - 1] != '\n')
				sb_putc(v->out, '\t');
			v->space = 0;
			visible(v, child, depth + 1, pre);
			break;
		case HTML_INLINE:
		case HTML_LINK:
		case HTML_BOLD:
		case HTML_ITALIC:
		case HTML_CODE:
		case HTML_STRIKE:
			visible(v, child, depth + 1, pre);
			break;
		default: /* blocks, headings, lists, items, tables, rows, pre, quotes, rules */
			new_line(v);
			visible(v, child, depth + 1, pre || k == HTML_PRE);
			new_line(v);
			break;
		}
	}
}

/* Is the fragment one table (with nothing but spaces and hidden nodes
 * around it)? */
static int only_a_table(const CardHtmlNode *n)
{
	int tables = 0;
	for (; n; n = card_html_next(n)) {
		CardHtmlKind k = card_html_kind(n);
		if (k == HTML_TABLE)
			tables++;
		else if (k == HTML_TEXT) {
			for (const char *s = card_html_text(n); *s; s++)
				if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r')
					return 0;
		} else if (k != HTML_HIDDEN)
			return 0;
	}
	return tables == 1;
}

void card_html_visible_text(const CardHtml *h, StrBuf *out, int *has_image, int *table)
{
	Visible v = {out, 0, 0};
	sb_reset(out);
	visible(&v, card_html_first(h), 0, 0);
	while (out->len > 0 && out->data[out->len - 1] == '\n')
		out->data[--out->len] = '\0';
	*has_image = v.has_image;
	*table = only_a_table(card_html_first(h));
}
