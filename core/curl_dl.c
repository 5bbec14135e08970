/* SPDX-License-Identifier: MIT */
/* curl_dl.c - open libcurl with dlopen() and fill the table (curl_dl.h). */
#include "curl_dl.h"

#include "dlib.h"

#ifndef PEAT_CURL_SONAME
#define PEAT_CURL_SONAME "libcurl.so.4"
#endif

static CurlApi api;
static DlibOnce once;

#ifdef PEAT_USE_DLOPEN
/* The table from the library `lib` opened with dlopen(); NULL (err set)
 * when it cannot be opened or lacks a function. */
static void *open_table(const char *lib, PeatErr *err)
{
	void *h = dlib_open(lib, "libcurl", "for the network", "libcurl4", err);
	if (!h)
		return NULL;
	const char *missing = NULL;
#define PEAT_CURL_LOOKUP(name) DLIB_LOOKUP(h, api, "curl_", name, missing)
	PEAT_CURL_FUNCS(PEAT_CURL_LOOKUP)
#undef PEAT_CURL_LOOKUP
	if (missing) {
		dlclose(h);
		peat_err_set(err,
			     "%s has no %s: peat needs libcurl 7.85 or newer; "
			     "on Debian install it with: apt-get install libcurl4",
			     lib, missing);
		return NULL;
	}
	return h;
}
#define close_table(h) dlclose(h)
#define LIBCURL_NAME(lib) (lib)
#else
/* Linked (configure --disable-dlopen): the table holds libcurl's own
 * functions, and PEAT_LIBCURL has nothing to choose. */
static void *open_table(const char *lib, PeatErr *err)
{
	(void)lib;
	(void)err;
#define PEAT_CURL_LINKED(name) api.name = curl_##name;
	PEAT_CURL_FUNCS(PEAT_CURL_LINKED)
#undef PEAT_CURL_LINKED
	return &api;
}
#define close_table(h) ((void)(h))
#define LIBCURL_NAME(lib) "the linked libcurl"
#endif

static int load(const char *lib, PeatErr *err)
{
	void *h = open_table(lib, err);
	if (!h)
		return -1;
	const curl_version_info_data *v = api.version_info(CURLVERSION_NOW);
	if (!v || v->version_num < PEAT_CURL_MIN_VERSION) {
		peat_err_set(err, "%s is libcurl %s: peat needs 7.85 or newer; "
				  "on Debian install it with: apt-get install libcurl4",
			     LIBCURL_NAME(lib), v && v->version ? v->version : "of an unknown version");
		close_table(h); /* after the message: v points into the library */
		return -1;
	}
	if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		close_table(h);
		return peat_err_set(err, "cannot initialise libcurl (%s)", LIBCURL_NAME(lib));
	}
	return 0; /* the handle stays open for the life of the process */
}

const CurlApi *curl_load(PeatErr *err)
{
	return dlib_once(&once, "PEAT_LIBCURL", PEAT_CURL_SONAME, load, err) < 0 ? NULL : &api;
}
