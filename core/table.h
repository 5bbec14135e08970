/* SPDX-License-Identifier: MIT */
/* table.h - the one result shape every listing and metric produces, and the
 * writers that print it as an aligned table, CSV, TSV, JSON, Markdown or
 * LaTeX. The CLI prints tables; the TUI's export keys call the same writers.
 *
 * Ownership: a Table owns copies of every string given to it; table_free()
 * releases everything. Cells are text; a column's type decides alignment
 * and how JSON writes it (numbers unquoted, empty cells as null). */
#ifndef PEAT_TABLE_H
#define PEAT_TABLE_H

#include <stdint.h>
#include <stdio.h>

#include "error.h"

typedef enum { COL_TEXT, COL_INT, COL_REAL } ColType;

typedef enum { FMT_TABLE, FMT_CSV, FMT_TSV, FMT_JSON, FMT_MD, FMT_LATEX, FMT_COUNT } OutFormat;

typedef struct TableColumn {
	char *name;
	ColType type;
} TableColumn;

typedef struct Table {
	char *title;          /* optional caption */
	TableColumn *cols;
	size_t ncols;
	char **cells;         /* nrows * ncols; NULL = empty */
	size_t nrows, cap_rows;
	char **notes;         /* lines printed after the table (table/md/latex) */
	size_t nnotes;
} Table;

/* Where a table came from: written where the format allows it (LaTeX
 * "% ..." comment lines, Markdown's leading HTML comment, JSON's "command",
 * "snapshots" and "source" fields, the demo note under a table). CSV and TSV
 * carry none: a comment line is not CSV and breaks most readers. */
typedef struct Provenance {
	const char *command;    /* the command line that produced it */
	const char *snapshots;  /* "label (date), ..." or NULL */
	/* What else the numbers come from when it is not a snapshot ("card
	 * <file> (fetched <date>)", "every stored card"), or NULL. */
	const char *source;
	int demo;               /* the store holds generated demo data */
} Provenance;

Table *table_new(const char *title);
void table_free(Table *t);
/* Columns may be added after rows (their cells in the new column empty). */
size_t table_add_column(Table *t, const char *name, ColType type);
/* Append an empty row; returns its index. */
size_t table_add_row(Table *t);
void table_set(Table *t, size_t row, size_t col, const char *text);
void table_setf(Table *t, size_t row, size_t col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void table_set_int(Table *t, size_t row, size_t col, int64_t v);
/* Real with `digits` decimals; NaN writes an empty cell. */
void table_set_real(Table *t, size_t row, size_t col, double v, int digits);
const char *table_get(const Table *t, size_t row, size_t col);
void table_add_note(Table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

const char *out_format_name(OutFormat f);
/* 1 when format f cannot show the Unicode glyphs tables use (card gauges,
 * rank arrows, tree lines, the returning symbol): LaTeX, whose default
 * fonts have none of them (pdflatex stops at ●, ▲, ├──). The CLI and the
 * TUI's export keys then build their tables with ASCII glyphs. */
int out_format_ascii_only(OutFormat f);
int out_format_parse(const char *s, OutFormat *out);

/* Write the table. `prov` may be NULL. Returns 0, or -1 on a write error. */
int table_write(const Table *t, OutFormat f, const Provenance *prov, FILE *out);

/* Escape text for LaTeX (heap string). Exposed for tests. */
char *latex_escape(const char *s);

#endif
