/* SPDX-License-Identifier: MIT */
/* table_write.h - what the table writers (table_write.c, table_latex.c)
 * share; not for callers, who use table.h. */
#ifndef PEAT_TABLE_WRITE_H
#define PEAT_TABLE_WRITE_H

#include "strbuf.h"
#include "table.h"

/* The columns a writer writes, in order: those WriteOptions.columns
 * names, else every column (but COL_TREE ones in machine formats). */
typedef struct ColumnView {
	size_t *cols; /* heap */
	size_t n;
} ColumnView;

ColumnView column_view(const Table *t, const WriteOptions *opt, int machine);
/* 1 when column c holds numbers (right-aligned). */
int column_is_numeric(const Table *t, size_t c);
/* The cell as display formats draw it, or its value as machine formats
 * write it, into sb (reset first). */
void cell_display(const Table *t, size_t r, size_t c, const GlyphSet *g, StrBuf *sb);
void cell_value(const Table *t, size_t r, size_t c, StrBuf *sb);

void write_latex(const Table *t, const ColumnView *v, const Provenance *prov, FILE *out);

#endif
