/* SPDX-License-Identifier: MIT */
/* archive_dl.c - open libarchive with dlopen() and fill the table
 * (archive_dl.h). */
#include "archive_dl.h"

#include "dlib.h"

#ifndef PEAT_ARCHIVE_SONAME
#define PEAT_ARCHIVE_SONAME "libarchive.so.13"
#endif

static ArchiveApi api;
static DlibOnce once;

#ifdef PEAT_USE_DLOPEN
static int load(const char *lib, PeatErr *err)
{
	void *h = dlib_open(lib, "libarchive", "to read tar archives", "libarchive13", err);
	if (!h)
		return -1;
	const char *missing = NULL;
#define PEAT_ARCHIVE_LOOKUP(name) DLIB_LOOKUP(h, api, "archive_", name, missing)
	PEAT_ARCHIVE_FUNCS(PEAT_ARCHIVE_LOOKUP)
#undef PEAT_ARCHIVE_LOOKUP
	if (missing) {
		dlclose(h);
		return peat_err_set(err, "%s has no %s: peat needs libarchive 3; "
					 "on Debian install it with: apt-get install libarchive13",
				    lib, missing);
	}
	return 0; /* the handle stays open for the life of the process */
}
#else
/* Linked (configure --disable-dlopen): the table holds libarchive's own
 * functions, and PEAT_LIBARCHIVE has nothing to choose. */
static int load(const char *lib, PeatErr *err)
{
	(void)lib;
	(void)err;
#define PEAT_ARCHIVE_LINKED(name) api.name = archive_##name;
	PEAT_ARCHIVE_FUNCS(PEAT_ARCHIVE_LINKED)
#undef PEAT_ARCHIVE_LINKED
	return 0;
}
#endif

const ArchiveApi *archive_load(PeatErr *err)
{
	return dlib_once(&once, "PEAT_LIBARCHIVE", PEAT_ARCHIVE_SONAME, load, err) < 0 ? NULL : &api;
}
