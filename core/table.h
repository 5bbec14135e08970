/* SPDX-License-Identifier: MIT */
/* table.h - the one result shape every listing and metric produces, and the
 * writers that print it as an aligned table, CSV, TSV, JSON, Markdown or
 * LaTeX. The CLI prints tables; the TUI's export keys call the same writers.
 *
 * Values, not glyphs: a cell holds a value (an integer, a real at full
 * precision, text, null) and its column a kind that says how the value is
 * drawn (a count, a p-value, a card gauge, a rank change, a turnover
 * status, ...). Only the writers, and table_cell_text() for the explorer,
 * turn values into text or symbols, with a glyph set (Unicode or ASCII)
 * their caller chooses: no code that fills a table knows about glyphs.
 * Display formats (table, Markdown, LaTeX) draw a value as a reader sees
 * it ("●●●○○ 3/5", "▲8", "↺"); machine formats (CSV, TSV, JSON) write the
 * value itself (3, 8, "returning") under the column's machine name.
 *
 * Ownership: a Table owns copies of every string given to it; table_free()
 * releases everything. */
#ifndef PEAT_TABLE_H
#define PEAT_TABLE_H

#include <stdint.h>
#include <stdio.h>

#include "error.h"

/* How a column's values are drawn. The numeric kinds (INT, REAL, PVALUE,
 * PERCENT) are right-aligned in display formats; the others left-aligned. */
typedef enum {
	COL_TEXT,     /* text */
	COL_DATE,     /* a date, YYYY-MM-DD (text) */
	COL_INT,      /* an integer: a count, a rank */
	COL_REAL,     /* a real shown with its cell's decimals, written in full */
	COL_PVALUE,   /* a probability shown with 3 significant digits */
	COL_PERCENT,  /* a percentage 0-100 shown with its cell's decimals */
	COL_BOOL,     /* 0 or 1, shown no / yes, written false / true */
	COL_GAUGE,    /* card completeness 0-5 shown as a gauge: ●●●○○ 3/5 */
	COL_SECTIONS, /* card completeness 0-5 shown as 3/5 */
	COL_CHANGE,   /* a change of position, positive = up: ▲8, ▼2, = */
	COL_STATUS,   /* a TurnoverStatus shown as its symbol, written as its name
		       * (or an enum cell naming one, shown as it says) */
	COL_TREE,     /* a lineage node drawn under its tree lines (table_set_tree);
		       * display formats only: scripts read depth and parent */
	COL_KIND_COUNT
} ColKind;

/* The turnover statuses a COL_STATUS cell holds (turnover.h computes them):
 * id, machine name. Outside the top-K is a null cell. */
#define TURNOVER_STATUSES(X)            \
	X(TS_OUTSIDE, "outside")        \
	X(TS_REMAINED, "remained")      \
	X(TS_NEWCOMER, "newcomer")      \
	X(TS_RETURNING, "returning")    \
	X(TS_DROPPED, "dropped")

typedef enum {
#define TS_ENUM(id, name) id,
	TURNOVER_STATUSES(TS_ENUM)
#undef TS_ENUM
	TS_COUNT
} TurnoverStatus;

/* A glyph set: what display formats draw values with. glyphs_unicode is
 * the default; glyphs_ascii is for --ascii, a locale that is not UTF-8,
 * and LaTeX (whose default fonts have none of ● ▲ ↺ ├──). The choice is
 * the caller's (the CLI, the explorer), never that of the code that fills
 * a table. */
typedef struct GlyphSet {
	const char *gauge_on, *gauge_off;          /* ● ○ */
	const char *up, *down;                     /* ▲ ▼ */
	const char *status[TS_COUNT];              /* "", "=", "+", "↺", "-" */
	const char *tee, *corner, *bar, *blank;    /* ├── └── │ and indentation */
	const char *up_tee, *up_corner;            /* ├▲─ └▲─: a parent under its child */
	const char *spark[8];                      /* ▁ .. █: a sparkline's levels, lowest first */
	unsigned char id;                          /* 1, 2, ...: which set drew a cached text */
} GlyphSet;

extern const GlyphSet glyphs_unicode, glyphs_ascii;

/* Card completeness (0-5; negative = no card: "○○○○○ -/5") as a gauge
 * into buf, returned. */
#define GLYPHS_GAUGE_SIZE 32
const char *glyphs_gauge(const GlyphSet *g, int completeness, char buf[GLYPHS_GAUGE_SIZE]);
/* A turnover status's one-column symbol ("" outside). */
const char *glyphs_status(const GlyphSet *g, TurnoverStatus s);
/* An integer value of kind `kind` as display formats draw it with glyph
 * set g (what table_cell_text() shows for such a cell): a gauge, "3/5", a
 * change ("▲8", "="), a status symbol, yes / no, or the number; into buf,
 * returned. For the explorer's values that are in no table. */
#define GLYPHS_VALUE_SIZE 48
const char *glyphs_value(const GlyphSet *g, ColKind kind, int64_t v, char buf[GLYPHS_VALUE_SIZE]);

/* A sparkline of the n values v (counts, >= 0) in at most `width` columns:
 * each column the level of its value against the largest, from
 * g->spark[0] up to g->spark[7] (the largest), a zero drawn as a blank so
 * that a gap shows. More values than columns: each column sums *per
 * consecutive values (the last column may hold fewer). Heap string;
 * *per may be NULL. */
char *glyphs_sparkline(const GlyphSet *g, const int64_t *v, size_t n, size_t width, size_t *per);

/* FMT_PGFPLOTS is for figures (pgfplots.h); table_write() refuses it. */
typedef enum { FMT_TABLE, FMT_CSV, FMT_TSV, FMT_JSON, FMT_MD, FMT_LATEX, FMT_PGFPLOTS, FMT_COUNT } OutFormat;

typedef enum { CELL_NULL, CELL_TEXT, CELL_INT, CELL_REAL, CELL_ENUM } CellType;

typedef struct Cell {
	union {
		int64_t i;
		double r;
	} v;
	/* CELL_TEXT: the text. CELL_ENUM: "name\0shown", the machine name
	 * then what display formats show. CELL_NULL: what display formats
	 * show for it ("n/a", "no card"), or NULL for nothing. A COL_TREE
	 * text cell: "layout\0name" (table_set_tree). */
	char *text;
	char *shown;              /* the display text as last drawn (a cache) */
	unsigned char type;       /* CellType */
	unsigned char kind;       /* 0: the column's kind; else ColKind + 1 */
	signed char digits;       /* CELL_REAL: decimals shown; -1: 3 significant digits */
	unsigned char shown_by;   /* GlyphSet.id of `shown`, 0 when none */
} Cell;

typedef struct TableColumn {
	char *name;   /* the display header */
	char *key;    /* the machine name (snake_case) CSV, TSV and JSON use */
	ColKind kind;
} TableColumn;

/* A title or note: text with drawn values (a gauge, a status symbol) in it. */
typedef struct TextPart {
	char *text;     /* NULL for a value part */
	ColKind kind;   /* a value part's kind */
	int64_t value;
} TextPart;

typedef struct RichText {
	TextPart *parts;
	size_t n;
} RichText;

typedef struct Table {
	char *name;           /* the table's name among a command's tables ("c2b"), or NULL */
	RichText title;       /* optional caption (n = 0: none) */
	TableColumn *cols;
	size_t ncols;
	Cell *cells;          /* nrows * ncols */
	size_t nrows, cap_rows;
	RichText *notes;      /* lines printed after the table (table/md/latex) */
	size_t nnotes;
} Table;

/* A snapshot whose numbers an output shows, as JSON lists it. */
typedef struct ProvSnapshot {
	const char *label, *date, *registry, *measure;
	int partial;
} ProvSnapshot;

/* Where a table came from: written where the format allows it (LaTeX
 * "% ..." comment lines, Markdown's leading HTML comment, JSON's "command",
 * "snapshots" and "source" fields, the demo note under a table). CSV and TSV
 * carry none: a comment line is not CSV and breaks most readers. */
typedef struct Provenance {
	const char *command;    /* the command line that produced it */
	const char *snapshots;  /* "label (date), ..." for comments, or NULL */
	const ProvSnapshot *snaps; /* the same as data, for JSON */
	size_t nsnaps;
	/* What else the numbers come from when it is not a snapshot ("card
	 * <file> (fetched <date>)", "every stored card"), or NULL; as data,
	 * source_kind ("card", "cards"), source_label (the file, or the
	 * text) and source_date (NULL when unknown). */
	const char *source;
	const char *source_kind, *source_label, *source_date;
	int demo;               /* the store holds generated demo data */
} Provenance;

Table *table_new(const char *title);
void table_free(Table *t);
void table_set_name(Table *t, const char *name);
/* Columns may be added after rows (their cells in the new column empty).
 * The machine name is the header in snake_case ("turnover %" ->
 * "turnover_pct"); table_add_column_key() names it. */
size_t table_add_column(Table *t, const char *name, ColKind kind);
size_t table_add_column_key(Table *t, const char *name, const char *key, ColKind kind);
/* Append an empty row; returns its index. */
size_t table_add_row(Table *t);

/* Set a cell. Text NULL makes the cell null. */
void table_set(Table *t, size_t row, size_t col, const char *text);
void table_setf(Table *t, size_t row, size_t col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void table_set_int(Table *t, size_t row, size_t col, int64_t v);
/* A real shown with `digits` decimals (-1: 3 significant digits) and
 * written at full precision; NaN makes the cell null. */
void table_set_real(Table *t, size_t row, size_t col, double v, int digits);
/* A null cell that display formats show as `shown` ("n/a", "no card"). */
void table_set_null(Table *t, size_t row, size_t col, const char *shown);
/* A value of a fixed set: machine name `name`, shown as `shown`. */
void table_set_enum(Table *t, size_t row, size_t col, const char *name, const char *shown);
/* A COL_TREE cell: the node `name` under the tree lines `layout`, one
 * character per level above it: 'b' a bar (an ancestor with later
 * siblings), ' ' nothing, then 't' (a child with later siblings) or 'c'
 * (the last child), or in a tree going up 'T' and 'C' (a parent hanging
 * from its child: drawn with the up glyphs); "" for a root. */
void table_set_tree(Table *t, size_t row, size_t col, const char *layout, const char *name);
/* Draw this cell as `kind` rather than as its column's (a row of mixed
 * values in `peat compare`). */
void table_set_cell_kind(Table *t, size_t row, size_t col, ColKind kind);

const Cell *table_cell(const Table *t, size_t row, size_t col);
ColKind table_cell_kind(const Table *t, size_t row, size_t col);
int table_cell_is_null(const Table *t, size_t row, size_t col);
/* The cell's value as text for machine formats: the text, the integer,
 * the real at full precision, the enum's name, the tree node's name;
 * "" for null. Valid until the cell changes; buf (at least 40 bytes) may
 * be used. */
const char *table_cell_value(const Table *t, size_t row, size_t col, char *buf, size_t n);
/* The cell as display formats show it, drawn with glyph set g (NULL:
 * Unicode): what a terminal table prints. Valid until the cell changes or
 * the table is freed. */
const char *table_cell_text(const Table *t, size_t row, size_t col, const GlyphSet *g);
/* table_cell_text() with Unicode glyphs. */
const char *table_get(const Table *t, size_t row, size_t col);
/* The column whose machine name is `key`, or -1. */
long table_column_by_key(const Table *t, const char *key);

void table_add_note(Table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append text, or a value drawn as `kind`, to the last note (or to the
 * title). */
void table_note_text(Table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void table_note_value(Table *t, ColKind kind, int64_t v);
void table_title_text(Table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void table_title_value(Table *t, ColKind kind, int64_t v);
/* A title or note drawn for display (g) or, with g NULL, for machine
 * formats (values as their plain text: "3/5", ASCII symbols). Heap. */
char *rich_text_render(const RichText *rt, const GlyphSet *g);

const char *out_format_name(OutFormat f);
int out_format_parse(const char *s, OutFormat *out);

/* How to write a table. */
typedef struct WriteOptions {
	OutFormat format;
	const GlyphSet *glyphs;   /* table and Markdown (NULL: Unicode); LaTeX draws in ASCII */
	/* The columns to write, by machine name, in this order
	 * ("id,downloads"), or NULL for all. */
	const char *columns;
} WriteOptions;

/* Check that every name in `columns` ("a,b,c") is a column of t; -1 with
 * err naming the first that is not and the table's columns. */
int table_check_columns(const Table *t, const char *columns, PeatErr *err);

/* Write the table. `opt` NULL: an aligned text table with Unicode glyphs;
 * `prov` may be NULL. Returns 0, or -1 on a write error (or for
 * FMT_PGFPLOTS, which is no table format). */
int table_write(const Table *t, const WriteOptions *opt, const Provenance *prov, FILE *out);

/* JSON: the provenance fields that open every document ("peat",
 * "command", "snapshots", "source", "demo"), and one table as an object
 * ("name", "title", "columns", "rows", "notes") at indentation `indent`.
 * cli_print_tables() puts several tables in one document with them. */
void table_write_json_provenance(const Provenance *prov, FILE *out);
void table_write_json_table(const Table *t, const WriteOptions *opt, int indent, FILE *out);

/* Escape text for LaTeX (heap string): TeX's special characters, and
 * non-ASCII that pdflatex's default fonts cannot set transliterated
 * (é -> \'e, – -> --) or dropped; *dropped (may be NULL) counts the
 * characters dropped. Exposed for tests. */
char *latex_escape(const char *s);
char *latex_escape_counted(const char *s, size_t *dropped);

#endif
