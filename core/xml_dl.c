/* SPDX-License-Identifier: MIT */
/* xml_dl.c - open libxml2 with dlopen() and fill the table (xml_dl.h). */
#include "xml_dl.h"

#include <pthread.h>

#include "dlib.h"

#ifndef PEAT_XML_SONAME
#define PEAT_XML_SONAME "libxml2.so.2"
#endif

static XmlApi api;
static DlibOnce once;
static pthread_once_t opened = PTHREAD_ONCE_INIT;
static PeatErr failure;
static int state; /* 1 opened, -1 failed */

#ifdef PEAT_USE_DLOPEN
static int load(const char *lib, PeatErr *err)
{
	void *h = dlib_open(lib, "libxml2", "to read the HTML in model cards", "libxml2", err);
	if (!h)
		return -1;
	const char *missing = NULL;
#define PEAT_XML_LOOKUP(name) DLIB_LOOKUP(h, api, "", name, missing)
	PEAT_XML_FUNCS(PEAT_XML_LOOKUP)
#undef PEAT_XML_LOOKUP
	if (missing) {
		dlclose(h);
		return peat_err_set(err, "%s has no %s: peat needs libxml2 2.9 or newer; "
					 "on Debian install it with: apt-get install libxml2",
				    lib, missing);
	}
	/* Once, before any parse: libxml2's globals are then set up for every
	 * thread. */
	api.xmlInitParser();
	return 0; /* the handle stays open for the life of the process */
}
#else
/* Linked (configure --disable-dlopen): the table holds libxml2's own
 * functions, and PEAT_LIBXML2 has nothing to choose. */
static int load(const char *lib, PeatErr *err)
{
	(void)lib;
	(void)err;
#define PEAT_XML_LINKED(name) api.name = name;
	PEAT_XML_FUNCS(PEAT_XML_LINKED)
#undef PEAT_XML_LINKED
	api.xmlInitParser();
	return 0;
}
#endif

static void open_once(void)
{
	state = dlib_once(&once, "PEAT_LIBXML2", PEAT_XML_SONAME, load, &failure) < 0 ? -1 : 1;
}

const XmlApi *xml_load(PeatErr *err)
{
	pthread_once(&opened, open_once);
	if (state < 0) {
		peat_err_set(err, "%s", failure.msg);
		return NULL;
	}
	return &api;
}
