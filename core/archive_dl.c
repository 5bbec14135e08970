/* archive_dl.c - open libarchive with dlopen() and fill the table
 * (archive_dl.h). */
#include "archive_dl.h"

#include <dlfcn.h>
#include <stdlib.h>

#ifndef PEAT_ARCHIVE_SONAME
#define PEAT_ARCHIVE_SONAME "libarchive.so.13"
#endif

static ArchiveApi api;
static int state;       /* 0 not tried, 1 loaded, -1 failed */
static PeatErr failure; /* why, when state is -1 */

static int load(const char *lib, PeatErr *err)
{
	void *h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *why = dlerror();
		return peat_err_set(err,
				    "cannot load libarchive (%s), which peat needs to read tar archives: %s; "
				    "on Debian install it with: apt-get install libarchive13",
				    lib, why ? why : "unknown error");
	}
	const char *missing = NULL;
#define PEAT_ARCHIVE_LOOKUP(name)                                                                    \
	if (!missing && !(api.name = (__typeof__(api.name))dlsym(h, "archive_" #name)))             \
		missing = "archive_" #name;
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

const ArchiveApi *archive_load(PeatErr *err)
{
	if (state == 0) {
		const char *lib = getenv("PEAT_LIBARCHIVE");
		state = load(lib && *lib ? lib : PEAT_ARCHIVE_SONAME, &failure) < 0 ? -1 : 1;
	}
	if (state < 0) {
		peat_err_set(err, "%s", failure.msg);
		return NULL;
	}
	return &api;
}
