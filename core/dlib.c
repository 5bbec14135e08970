/* SPDX-License-Identifier: MIT */
/* dlib.c - open a library when first needed (dlib.h). */
#include "dlib.h"

#include <stdlib.h>

int dlib_once(DlibOnce *once, const char *env, const char *soname, int (*open_lib)(const char *lib, PeatErr *err),
	      PeatErr *err)
{
	if (once->state == 0) {
		const char *lib = getenv(env);
		once->state = open_lib(lib && *lib ? lib : soname, &once->failure) < 0 ? -1 : 1;
	}
	if (once->state < 0)
		return peat_err_set(err, "%s", once->failure.msg);
	return 0;
}

#ifdef PEAT_USE_DLOPEN
void *dlib_open(const char *lib, const char *what, const char *needed_for, const char *package, PeatErr *err)
{
	/* RTLD_LOCAL: the library's symbols are only reached through the table. */
	void *h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *why = dlerror();
		peat_err_set(err, "cannot load %s (%s), which peat needs %s: %s; on Debian install it with: apt-get install %s",
			     what, lib, needed_for, why ? why : "unknown error", package);
	}
	return h;
}
#endif
