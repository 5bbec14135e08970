/* SPDX-License-Identifier: MIT */
/* archive_dl.h - libarchive, loaded at run time by the first tar archive
 * peat reads (`peat import` of a tarball of model cards).
 *
 * Like libcurl (curl_dl.h), libarchive is not linked: with libxml2, ICU and
 * the C++ runtime it brings about fifteen libraries whose loading and
 * relocation would cost every start of peat (a third of the explorer's
 * first paint once libcurl is gone), while only card imports read tar
 * archives. archive_load() opens the library with dlopen() and fills one
 * table of function pointers; import.c and import_cards.c call libarchive
 * only through it.
 *
 * Which library: $PEAT_LIBARCHIVE when set (a soname or a path), else the
 * soname configure found (PEAT_ARCHIVE_SONAME, libarchive.so.13 on Debian).
 * A build configured with --disable-dlopen links libarchive instead: the
 * table then holds its functions and $PEAT_LIBARCHIVE is ignored.
 *
 * Contract: archive_load() may be called any number of times. It returns
 * the table, or NULL with err set to a message naming the library,
 * dlerror()'s words and the Debian package to install (libarchive13). A
 * failure is remembered. Imports run on one thread; the first call must not
 * race another. */
#ifndef PEAT_ARCHIVE_DL_H
#define PEAT_ARCHIVE_DL_H

#include <archive.h>
#include <archive_entry.h>

#include "error.h"

/* The libarchive functions peat uses, without their archive_ prefix. */
#define PEAT_ARCHIVE_FUNCS(X)                                                                        \
	X(read_new)                                                                                  \
	X(read_free)                                                                                 \
	X(read_support_filter_all)                                                                   \
	X(read_support_format_tar)                                                                   \
	X(read_support_format_gnutar)                                                                \
	X(read_open_filename)                                                                        \
	X(read_next_header)                                                                          \
	X(read_data)                                                                                 \
	X(read_data_skip)                                                                            \
	X(error_string)                                                                              \
	X(entry_pathname)                                                                            \
	X(entry_hardlink)                                                                            \
	X(entry_symlink)                                                                             \
	X(entry_filetype)

typedef struct ArchiveApi {
#define PEAT_ARCHIVE_MEMBER(name) __typeof__(archive_##name) *name;
	PEAT_ARCHIVE_FUNCS(PEAT_ARCHIVE_MEMBER)
#undef PEAT_ARCHIVE_MEMBER
} ArchiveApi;

const ArchiveApi *archive_load(PeatErr *err);

#endif
