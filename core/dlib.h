/* SPDX-License-Identifier: MIT */
/* dlib.h - the libraries peat opens when it first needs them (dlopen), not
 * at start: libcurl (core/curl_dl.h) and libarchive (core/archive_dl.h)
 * bring some forty libraries with them, which the dynamic loader would
 * otherwise map and relocate at every start of peat. */
#ifndef PEAT_DLIB_H
#define PEAT_DLIB_H

#include <dlfcn.h>

#include "error.h"

/* Whether a library was opened: the first call does it, later ones repeat
 * its verdict. */
typedef struct DlibOnce {
	int state;       /* 0 not tried, 1 opened, -1 failed */
	PeatErr failure; /* why, when state is -1 */
} DlibOnce;

/* The first time: `open_lib` (which fills the caller's function table)
 * on the library named by the environment variable `env` when it is set
 * and not empty, else `soname`. Returns 0, or -1 with the first call's
 * message in err. */
int dlib_once(DlibOnce *once, const char *env, const char *soname, int (*open_lib)(const char *lib, PeatErr *err),
	      PeatErr *err);

/* dlopen `lib`, the library `what` (its symbols reached only through the
 * caller's table); NULL with a message saying what peat needs it for and
 * which Debian package to install. Only in a build that opens libraries
 * (PEAT_USE_DLOPEN: configure without --disable-dlopen); otherwise they
 * are linked, and each caller fills its table with their functions. */
#ifdef PEAT_USE_DLOPEN
void *dlib_open(const char *lib, const char *what, const char *needed_for, const char *package, PeatErr *err);
#endif

/* Fill member `name` of the table `api` with the symbol PREFIX##name of
 * the handle `h`, unless a symbol is already `missing` (then it names the
 * first absent one). */
#define DLIB_LOOKUP(h, api, prefix, name, missing)                                                   \
	if (!(missing) && !((api).name = (__typeof__((api).name))dlsym((h), prefix #name)))        \
		(missing) = prefix #name;

#endif
