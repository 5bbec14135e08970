/* SPDX-License-Identifier: MIT */
/* demo.h - the built-in demo store: a fictional but realistic registry.
 *
 * demo_generate() fills a store with generated data that gives every view of
 * peat something meaningful to show:
 *   - registry "hf": `models` models with full records (authors, dates,
 *     pipeline tags, libraries, licenses, Hub-style tags), a lineage forest
 *     (about 30% children; a few roots with hundreds of descendants over
 *     several levels; finetune, adapter, quantized and merge edges, merges
 *     with 2-3 parents), four monthly snapshots "demo-2024-01" ..
 *     "demo-2024-04" of 30-day downloads and likes with power-law popularity
 *     and real turnover (newcomers, drop-outs, returning models), and model
 *     cards for about 70% of the models whose completeness (0..5 of the
 *     paper's sections) rises with popularity;
 *   - registries "pypi" (three snapshots of download counts, top 200) and
 *     "npm" (three snapshots of ranks only, top 200), both stable.
 * Every snapshot is marked is_demo with a label starting "demo-", and the
 * store's meta key "demo" is set to "1" (plus "demo_models", "demo_seed").
 * All names are fictional; a few are non-ASCII (a CJK organisation, an
 * accented model family and user) so UTF-8 display is exercised.
 *
 * Determinism: the content depends only on (models, seed). The generator
 * uses its own PRNG (splitmix64), never rand(); it uses exp/log/pow from
 * libm only for values that are then rounded to integers.
 *
 * Transaction: demo_generate() opens ONE transaction itself (store_begin)
 * and commits it; call it outside any transaction. On error it rolls back,
 * the store is exactly as before, err is set and -1 is returned.
 *
 * Regenerating: the store may be empty or already hold data. Rows of a
 * previous demo are replaced, not duplicated: before writing, the stats of
 * demo snapshots, the edges whose source is "demo", and the tags, libraries,
 * metadata fields, cards and record fields of every model those rows
 * referenced are cleared; models (and snapshots) are then found again by
 * name (label), so they keep their ids. Models of the previous demo that the
 * new one does not write again and that nothing else refers to are deleted.
 * Hence generating twice with the same (models, seed) leaves the store as
 * after the first time, and a different (models, seed) leaves exactly the
 * new demo's content (model ids may differ from a fresh store's).
 * Non-demo rows (other snapshots, other edges) are left alone. */
#ifndef PEAT_DEMO_H
#define PEAT_DEMO_H

#include "error.h"
#include "progress.h"
#include "store.h"

#define DEMO_DEFAULT_MODELS 3000
#define DEMO_MAX_MODELS 5000000

typedef struct DemoOptions {
	int models;               /* Hugging Face models; <= 0 means DEMO_DEFAULT_MODELS */
	unsigned long seed;       /* 0 means 1 */
	const Progress *progress; /* may be NULL; reports models written */
} DemoOptions;

/* Generate the demo data into `st` (open for writing, no transaction
 * open). Returns 0, or -1 with err set (e.g. models above DEMO_MAX_MODELS,
 * or a write failed). */
int demo_generate(Store *st, const DemoOptions *opt, PeatErr *err);

/* The registry demo_generate() would write, as Hub /api/models records:
 * one JSON object per line in the 2025 wire format (id, author, createdAt,
 * downloads, likes, library_name, pipeline_tag, tags with their
 * base_model:<relation>:<id> lineage, cardData for the models that have a
 * card, safetensors.total), with the numbers of the last snapshot, so that
 * `peat import` can be measured on a registry of any size. Written to
 * `path`, or standard output for "-"; a name ending in ".gz" is gzip
 * compressed. No store is involved. Returns the number of records, or -1
 * with err set. */
int64_t demo_write_hub_jsonl(const DemoOptions *opt, const char *path, PeatErr *err);

#endif
