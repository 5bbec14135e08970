/* SPDX-License-Identifier: MIT */
/* store_dump.h - the whole content of a store as text, so a test can assert
 * that a failed import left it exactly as it was (compare two dumps) and that
 * importing the same file twice changes nothing. */
#ifndef PEAT_STORE_DUMP_H
#define PEAT_STORE_DUMP_H

#include <sqlite3.h>

#include "store.h"
#include "strbuf.h"

/* Append every row of `sql` to sb as "a|b|...\n" (NULL as "NULL"); an SQL
 * error is appended as "error: ..." so a comparison fails on it. */
static inline void store_dump_rows(Store *st, const char *sql, StrBuf *sb)
{
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL) != SQLITE_OK) {
		sb_printf(sb, "error: %s\n", sqlite3_errmsg(store_db(st)));
		return;
	}
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(stmt); c++) {
			const unsigned char *v = sqlite3_column_text(stmt, c);
			sb_printf(sb, "%s%s", c ? "|" : "", v ? (const char *)v : "NULL");
		}
		sb_putc(sb, '\n');
	}
	sqlite3_finalize(stmt);
}

/* The rows of each query in turn, each under a "## SQL" line (heap). */
static inline char *store_dump_queries(Store *st, const char *const *queries, size_t n)
{
	StrBuf sb = {0};
	for (size_t q = 0; q < n; q++) {
		sb_printf(&sb, "## %s\n", queries[q]);
		store_dump_rows(st, queries[q], &sb);
	}
	return sb_take(&sb);
}

static inline char *store_dump(Store *st)
{
	static const char *const queries[] = {
		"SELECT * FROM registry ORDER BY id",
		"SELECT * FROM model ORDER BY id",
		"SELECT * FROM alias ORDER BY 1, 2",
		"SELECT * FROM attr ORDER BY id",
		"SELECT * FROM attr_tag ORDER BY 1, 2",
		"SELECT * FROM attr_library ORDER BY 1, 2",
		"SELECT * FROM attr_meta ORDER BY 1, 2",
		"SELECT * FROM snapshot ORDER BY id",
		"SELECT * FROM state ORDER BY 1, 2",
		"SELECT * FROM stat ORDER BY 1, 2",
		"SELECT * FROM snapshot_count ORDER BY 1",
		"SELECT * FROM parents ORDER BY id",
		"SELECT * FROM parent_edge ORDER BY 1, 2, 3",
		"SELECT id, model_id, digest, body, source, etag, revision FROM card ORDER BY 1",
		"SELECT card_id, attr_id, sections, completeness, metadata, quality, scorer FROM card_score ORDER BY 1, 2",
		"SELECT * FROM card_section ORDER BY 1, 2",
		"SELECT id, source, format, snapshot_id, records FROM import_log ORDER BY id",
		"SELECT rowid, * FROM model_fts ORDER BY rowid",
	};
	return store_dump_queries(st, queries, sizeof queries / sizeof queries[0]);
}

#endif
