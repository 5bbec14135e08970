/* curl_dl.c - open libcurl with dlopen() and fill the table (curl_dl.h). */
#include "curl_dl.h"

#include <dlfcn.h>
#include <stdlib.h>

#ifndef PEAT_CURL_SONAME
#define PEAT_CURL_SONAME "libcurl.so.4"
#endif

static CurlApi api;
static int state;           /* 0 not tried, 1 loaded, -1 failed */
static PeatErr failure;     /* why, when state is -1 */

static int load(const char *lib, PeatErr *err)
{
	/* RTLD_LOCAL: libcurl's symbols are only reached through the table. */
	void *h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *why = dlerror();
		return peat_err_set(err,
				    "cannot load libcurl (%s), which peat needs for the network: %s; "
				    "on Debian install it with: apt-get install libcurl4",
				    lib, why ? why : "unknown error");
	}
	const char *missing = NULL;
#define PEAT_CURL_LOOKUP(name)                                                                       \
	if (!missing && !(api.name = (__typeof__(api.name))dlsym(h, "curl_" #name)))                \
		missing = "curl_" #name;
	PEAT_CURL_FUNCS(PEAT_CURL_LOOKUP)
#undef PEAT_CURL_LOOKUP
	if (missing) {
		dlclose(h);
		return peat_err_set(err,
				    "%s has no %s: peat needs libcurl 7.85 or newer; "
				    "on Debian install it with: apt-get install libcurl4",
				    lib, missing);
	}
	const curl_version_info_data *v = api.version_info(CURLVERSION_NOW);
	if (!v || v->version_num < PEAT_CURL_MIN_VERSION) {
		peat_err_set(err, "%s is libcurl %s: peat needs 7.85 or newer; "
				  "on Debian install it with: apt-get install libcurl4",
			     lib, v && v->version ? v->version : "of an unknown version");
		dlclose(h); /* after the message: v points into the library */
		return -1;
	}
	if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		dlclose(h);
		return peat_err_set(err, "cannot initialise libcurl (%s)", lib);
	}
	return 0; /* the handle stays open for the life of the process */
}

const CurlApi *curl_load(PeatErr *err)
{
	if (state == 0) {
		const char *lib = getenv("PEAT_LIBCURL");
		state = load(lib && *lib ? lib : PEAT_CURL_SONAME, &failure) < 0 ? -1 : 1;
	}
	if (state < 0) {
		peat_err_set(err, "%s", failure.msg);
		return NULL;
	}
	return &api;
}
