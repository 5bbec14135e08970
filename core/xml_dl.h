/* SPDX-License-Identifier: MIT */
/* xml_dl.h - libxml2, loaded at run time by the first model card with HTML
 * that peat reads (core/cardhtml.h parses card HTML with its HTML parser).
 *
 * Like libarchive (archive_dl.h), libxml2 is not linked: it brings ICU and
 * the C++ runtime, whose loading and relocation would cost every start of
 * peat, while only cards with HTML need it. xml_load() opens the library
 * with dlopen() and fills one table of function pointers; cardhtml.c calls
 * libxml2 only through it (the parsed tree is read through its structs).
 *
 * Which library: $PEAT_LIBXML2 when set (a soname or a path), else the
 * soname configure found (PEAT_XML_SONAME, libxml2.so.2 on Debian).
 *
 * Contract: xml_load() may be called any number of times, from any thread
 * (the first call opens the library and initialises the parser once). It
 * returns the table, or NULL with err set to a message naming the library,
 * dlerror()'s words and the Debian package to install (libxml2). A failure
 * is remembered. */
#ifndef PEAT_XML_DL_H
#define PEAT_XML_DL_H

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "error.h"

/* The libxml2 functions peat uses, by their full names. */
#define PEAT_XML_FUNCS(X) \
	X(xmlInitParser)  \
	X(htmlReadMemory) \
	X(xmlFreeDoc)

typedef struct XmlApi {
#define PEAT_XML_MEMBER(name) __typeof__(name) *name;
	PEAT_XML_FUNCS(PEAT_XML_MEMBER)
#undef PEAT_XML_MEMBER
} XmlApi;

const XmlApi *xml_load(PeatErr *err);

#endif
