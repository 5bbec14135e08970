/* SPDX-License-Identifier: MIT */
/* search.c - the `/` search's regular expressions (search.h). */
#include "search.h"

#include <stdio.h>
#include <string.h>

int search_compile(Search *s, const char *pattern, PeatErr *err)
{
	search_free(s);
	int rc = regcomp(&s->re, pattern, REG_EXTENDED | REG_ICASE | REG_NOSUB);
	if (rc != 0) {
		char why[256];
		regerror(rc, &s->re, why, sizeof why);
		/* regcomp() leaves nothing to free when it fails. */
		return peat_err_set(err, "search /%s/: %s", pattern, why);
	}
	s->compiled = 1;
	snprintf(s->pattern, sizeof s->pattern, "%s", pattern);
	return 0;
}

int search_match(const Search *s, const char *text)
{
	return s->compiled && text && regexec(&s->re, text, 0, NULL, 0) == 0;
}

void search_free(Search *s)
{
	if (s->compiled)
		regfree(&s->re);
	s->compiled = 0;
	s->pattern[0] = '\0';
}

static void sql_match(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const Search *s = sqlite3_user_data(ctx);
	sqlite3_result_int(ctx, search_match(s, (const char *)sqlite3_value_text(argv[0])));
}

int search_sql_begin(sqlite3 *db, const Search *s, PeatErr *err)
{
	if (sqlite3_create_function(db, "peat_match", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, (void *)s, sql_match, NULL,
				    NULL) != SQLITE_OK)
		return peat_err_set(err, "search: %s", sqlite3_errmsg(db));
	return 0;
}

void search_sql_end(sqlite3 *db)
{
	sqlite3_create_function(db, "peat_match", 1, SQLITE_UTF8, NULL, NULL, NULL, NULL);
}
