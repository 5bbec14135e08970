/* SPDX-License-Identifier: MIT */
/* check_store.h - what the store tests share: a fresh store in the test's
 * temporary folder, and one value of a query as text or as an integer. */
#ifndef PEAT_CHECK_STORE_H
#define PEAT_CHECK_STORE_H

#include <sqlite3.h>
#include <stdlib.h>

#include "check.h"
#include "store.h"
#include "strbuf.h"

/* A new store file `name` in the test's folder; exits 99 when it cannot. */
static inline Store *check_new_store(const char *name)
{
	Store *st = NULL;
	PeatErr err = {0};
	if (store_open(check_tmp(name), STORE_CREATE, &st, &err) < 0) {
		fprintf(stderr, "cannot create a store: %s\n", err.msg);
		exit(99);
	}
	return st;
}

/* The first column of the first row as text (heap), "NULL" for NULL and
 * "(no row)" when there is none. */
static inline char *check_q_str(Store *st, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	char *out;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(store_db(st)));
		return xstrdup("(error)");
	}
	if (sqlite3_step(stmt) != SQLITE_ROW)
		out = xstrdup("(no row)");
	else if (sqlite3_column_type(stmt, 0) == SQLITE_NULL)
		out = xstrdup("NULL");
	else
		out = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return out;
}

/* The same value read as an integer (0 for NULL or no row). */
static inline long long check_q_int(Store *st, const char *sql)
{
	char *s = check_q_str(st, sql);
	long long v = strtoll(s, NULL, 10);
	free(s);
	return v;
}

#define CHECK_Q(st, sql, expected)                     \
	do {                                           \
		char *got_ = check_q_str((st), (sql)); \
		CHECK_STR(got_, (expected));           \
		free(got_);                            \
	} while (0)

#endif
