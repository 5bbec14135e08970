/* SPDX-License-Identifier: MIT */
/* curl_dl.h - libcurl, loaded at run time by the first network operation.
 *
 * peat is not linked with libcurl: the ~30 libraries it brings (TLS,
 * Kerberos, LDAP, ...) would be mapped and relocated by every start of the
 * program, which for the explorer is half its first paint, while only
 * `peat sync` and the explorer's fetches use the network. curl_load() opens
 * the library with dlopen() and fills one table of function pointers; hub.c
 * is its only user and calls libcurl only through it.
 *
 * Which library: $PEAT_LIBCURL when set (a soname or a path), else the
 * soname configure found (PEAT_CURL_SONAME, libcurl.so.4 on Debian). The
 * headers are the ones configure checked (pkg-config libcurl), so the table's
 * types are the library's own (__typeof__ of each declaration). A build
 * configured with --disable-dlopen (a distribution's package) links libcurl
 * instead: the table then holds its functions, $PEAT_LIBCURL is ignored, and
 * the version is checked all the same.
 *
 * Contract: curl_load() may be called any number of times; the first call
 * that succeeds also runs curl_global_init(). It returns the table, or NULL
 * with err set to a message naming the library, dlerror()'s words and the
 * Debian package to install (libcurl4). A failure is remembered and not
 * retried. Threads: the first call must not race another (hub.c makes it
 * from hub_client_new, which the explorer calls on its UI thread before a
 * worker starts); later calls only read. */
#ifndef PEAT_CURL_DL_H
#define PEAT_CURL_DL_H

#include <curl/curl.h>

#include "error.h"

/* The libcurl functions peat uses, without their curl_ prefix (a member
 * named curl_easy_setopt would be taken for curl.h's type-checking macro). */
#define PEAT_CURL_FUNCS(X)                                                                           \
	X(global_init)                                                                               \
	X(version_info)                                                                              \
	X(easy_init)                                                                                 \
	X(easy_cleanup)                                                                              \
	X(easy_reset)                                                                                \
	X(easy_setopt)                                                                               \
	X(easy_getinfo)                                                                              \
	X(easy_strerror)                                                                             \
	X(easy_header)                                                                               \
	X(free)                                                                                      \
	X(getdate)                                                                                   \
	X(slist_append)                                                                              \
	X(slist_free_all)                                                                            \
	X(multi_init)                                                                                \
	X(multi_cleanup)                                                                             \
	X(multi_setopt)                                                                              \
	X(multi_add_handle)                                                                          \
	X(multi_remove_handle)                                                                       \
	X(multi_perform)                                                                             \
	X(multi_poll)                                                                                \
	X(multi_info_read)                                                                           \
	X(url)                                                                                       \
	X(url_cleanup)                                                                               \
	X(url_set)                                                                                   \
	X(url_get)

typedef struct CurlApi {
#define PEAT_CURL_MEMBER(name) __typeof__(curl_##name) *name;
	PEAT_CURL_FUNCS(PEAT_CURL_MEMBER)
#undef PEAT_CURL_MEMBER
} CurlApi;

/* The oldest libcurl peat works with: 7.85 (CURLOPT_PROTOCOLS_STR;
 * curl_easy_header came in 7.83). */
#define PEAT_CURL_MIN_VERSION 0x075500

const CurlApi *curl_load(PeatErr *err);

#endif
