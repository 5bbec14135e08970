/* SPDX-License-Identifier: MIT */
/* search.h - the explorer's `/` search: a POSIX extended regular
 * expression, case-insensitive, matched against ids, authors and the text
 * of a view's rows, and in SQL (peat_match) where the store is searched.
 *
 * A pattern is compiled once (search_compile) and used until it is
 * replaced or freed; a Search that failed to compile holds nothing. */
#ifndef PEAT_SEARCH_H
#define PEAT_SEARCH_H

#include <regex.h>
#include <sqlite3.h>

#include "error.h"

typedef struct Search {
	regex_t re;
	int compiled;
	char pattern[256];
} Search;

/* Compile `pattern` (REG_EXTENDED | REG_ICASE | REG_NOSUB) into *s, which
 * held nothing or a compiled search (freed first). -1 with err ("search
 * /a(b/: parentheses not balanced", regerror's words) when it is not an
 * expression; *s then holds nothing. */
int search_compile(Search *s, const char *pattern, PeatErr *err);
/* 1 when `text` matches (a NULL text does not). */
int search_match(const Search *s, const char *text);
void search_free(Search *s);

/* Make peat_match(text) (1 or 0) match against s in db's SQL, until
 * search_sql_end(): s must outlive the statements using it. */
int search_sql_begin(sqlite3 *db, const Search *s, PeatErr *err);
void search_sql_end(sqlite3 *db);

#endif
