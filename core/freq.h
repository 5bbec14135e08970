/* SPDX-License-Identifier: MIT */
/* freq.h - how many models of a list have each value of an attribute:
 * what `peat freq` prints and the explorer's frequency view draws.
 *
 * The list is a model list as `peat ls` and the models view define it (a
 * snapshot, its filters and search: a ListQuery), or the descendants of
 * one model (FREQ_RELATION). Every value is read as of the snapshot
 * (asof.h): a model's state there, the top-K turnover against the snapshot
 * before it, the lineage edges as of it; nothing later. */
#ifndef PEAT_FREQ_H
#define PEAT_FREQ_H

#include <stdint.h>

#include "query.h"
#include "table.h"

/* X(id, name, filter key): the attributes counted by, their names (`peat
 * freq --by NAME`, the value column's key) and the key of the explorer's
 * filter language that selects one value (NULL: none selects it). author,
 * license, tag, language and relation are the keys issue 16 gives the
 * filter language.
 * library, language and tag are many-valued: a model counts once under
 * each value it has. */
#define FREQ_ATTRS(X)                              \
	X(FREQ_PIPELINE, "pipeline", "pipeline")   \
	X(FREQ_LIBRARY, "library", "library")      \
	X(FREQ_AUTHOR, "author", "author")         \
	X(FREQ_LICENSE, "license", "license")      \
	X(FREQ_LANGUAGE, "language", "language")   \
	X(FREQ_TAG, "tag", "tag")                  \
	X(FREQ_CARD, "card", "card")               \
	X(FREQ_STATUS, "status", NULL)             \
	X(FREQ_RELATION, "relation", "relation")

typedef enum {
#define FREQ_ENUM(id, name, key) id,
	FREQ_ATTRS(FREQ_ENUM)
#undef FREQ_ENUM
	FREQ_COUNT
} FreqBy;

const char *freq_by_name(FreqBy by);
/* 0, or -1 when `name` names no attribute ("licence" is taken for
 * license). */
int freq_by_parse(const char *name, FreqBy *out);
/* "pipeline, library, ... or relation": for messages. */
const char *freq_by_list(void);
/* The filter key selecting one value of `by`, or NULL. */
const char *freq_filter_key(FreqBy by);
/* 1 when a model can have several values of `by`. */
int freq_by_many(FreqBy by);
/* 1 when `tag` is one FREQ_LANGUAGE counts: an ISO 639-1 code, lowercase,
 * as the Hub tags each language of a card ("en"). The filter key
 * language: selects by the same rule. */
int freq_is_language(const char *tag);
/* Those codes, space-separated ("aa ab ... zu"). */
extern const char freq_languages[];

typedef struct FreqQuery {
	FreqBy by;
	/* The models counted (snapshot and filters; sort and limit
	 * ignored); for FREQ_RELATION only its snapshot is read. */
	const ListQuery *list;
	int64_t k;       /* FREQ_STATUS: the K of the top-K */
	int64_t of;      /* FREQ_RELATION: the model whose descendants are counted */
	const char *of_name; /* and its name, for the title */
	int64_t limit;   /* at most this many values (the commonest); <= 0 all */
} FreqQuery;

/* Columns: the value (named after the attribute: text; card: sections
 * 0-5; status: a turnover status), models (how many have it) and share
 * (of the models listed, a real 0-1). Models without the attribute are
 * one row whose value is null (shown "(none)"; for status, outside the
 * top-K). Rows in count order, ties by value, the null row last among
 * its ties. Notes say what was counted, the values left out by `limit`,
 * and what the snapshot does not record. NULL with err set. */
Table *freq_table(Store *st, const FreqQuery *q, PeatErr *err);

#endif
