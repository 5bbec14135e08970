/* SPDX-License-Identifier: MIT */
/* test_demo.c - the demo generator: shape of the data, determinism,
 * idempotence and speed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cardsec.h"
#include "check.h"
#include "check_store.h"
#include "demo.h"
#include "store.h"
#include "store_dump.h"
#include "strbuf.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZER_SLOWDOWN 3
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZER_SLOWDOWN 3
#endif
#endif
#ifndef SANITIZER_SLOWDOWN
#define SANITIZER_SLOWDOWN 1
#endif

/* The process's CPU time, its threads' included: what generating costs,
 * whatever else the machine runs (the suite's other tests, other builds). */
static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static Store *open_fresh(const char *name)
{
	PeatErr err = {0};
	Store *st = NULL;
	const char *path = check_tmp(name);
	remove(path);
	if (store_open(path, STORE_CREATE, &st, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		exit(99);
	}
	return st;
}

static int generate(Store *st, int models, unsigned long seed, double *seconds)
{
	PeatErr err = {0};
	DemoOptions opt = {models, seed, NULL};
	double t0 = now_seconds();
	int rc = demo_generate(st, &opt, &err);
	if (seconds)
		*seconds = now_seconds() - t0;
	if (rc < 0)
		fprintf(stderr, "demo_generate: %s\n", err.msg);
	return rc;
}

/* First column of the first row of a query, as an integer (-1 on error). */
static int64_t q_int(Store *st, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	int64_t v = -1;
	check_now_views(st);
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL) != SQLITE_OK) {
		fprintf(stderr, "bad test query: %s\n%s\n", sqlite3_errmsg(store_db(st)), sql);
		return -1;
	}
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

static double q_double(Store *st, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	double v = -1;
	check_now_views(st);
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL) != SQLITE_OK) {
		fprintf(stderr, "bad test query: %s\n%s\n", sqlite3_errmsg(store_db(st)), sql);
		return -1;
	}
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_double(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/* The demo's content keyed by names instead of ids, to compare stores whose
 * ids differ. */
static char *named_dump(Store *st)
{
	static const char *const queries[] = {
		"SELECT r.name, m.name, m.author, m.created, m.last_modified, m.pipeline_tag, m.library, m.license,"
		" m.gated, m.sha, m.params, m.has_record FROM model_now m JOIN registry r ON r.id = m.registry_id"
		" ORDER BY 1, 2",
		"SELECT m.name, t.tag FROM tag_now t JOIN model m ON m.id = t.model_id ORDER BY 1, 2",
		"SELECT m.name, l.library FROM library_now l JOIN model m ON m.id = l.model_id ORDER BY 1, 2",
		"SELECT m.name, x.field, x.value FROM meta_now x JOIN model m ON m.id = x.model_id ORDER BY 1, 2",
		"SELECT s.label, s.taken, s.measure, s.is_demo, m.name, t.downloads, t.likes, t.rank FROM stat t"
		" JOIN snapshot s ON s.id = t.snapshot_id JOIN model m ON m.id = t.model_id ORDER BY 1, 5",
		"SELECT c.name, p.name, e.relation, e.source FROM edge_now e JOIN model c ON c.id = e.child_id"
		" JOIN model p ON p.id = e.parent_id ORDER BY 1, 2, 3",
		"SELECT m.name, c.body, c.source FROM card_now c JOIN model m ON m.id = c.model_id ORDER BY 1",
		"SELECT doc FROM model_fts ORDER BY 1",
	};
	check_now_views(st);
	return store_dump_queries(st, queries, sizeof queries / sizeof queries[0]);
}

/* The default demo store's content, as the generator made it when this
 * constant was written: a change of compiler (the order in which it
 * evaluates a call's arguments) or of platform must not change it; a
 * deliberate change of the generator updates it (the test prints the new
 * digest). FNV-1a of named_dump(), which names models instead of numbering
 * them. (Schema 9 changed the dump's queries, which it holds, to the views
 * of the store as of now; every row they return is what the old tables
 * held.) */
#define DEMO_DIGEST 0x5b19a4b409973e8eULL

static uint64_t fnv1a64(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static void check_digest(Store *st)
{
	char *dump = named_dump(st);
	uint64_t digest = fnv1a64(dump);
	CHECK(digest == DEMO_DIGEST);
	if (digest != DEMO_DIGEST)
		fprintf(stderr, "the default demo store's digest is 0x%016llx (%zu bytes of dump), expected 0x%016llx\n",
			(unsigned long long)digest, strlen(dump), (unsigned long long)DEMO_DIGEST);
	free(dump);
}

/* The top 100 of an hf demo snapshot, as a subquery. */
#define TOP100(label)                                                                              \
	"(SELECT t.model_id FROM stat t JOIN snapshot s ON s.id = t.snapshot_id"                   \
	" WHERE s.label = '" label "' ORDER BY t.downloads DESC, t.model_id LIMIT 100)"

static void check_shape(Store *st, int n, int full)
{
	char sql[512];
	char *demo = store_get_meta(st, "demo");
	CHECK_STR(demo, "1");
	free(demo);
	CHECK(store_is_demo(st));

	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM model m JOIN registry r ON r.id = m.registry_id"
		 " WHERE r.name = 'hf' AND m.has_record = 1");
	CHECK_INT(q_int(st, sql), n);
	/* No placeholder models: every hf model is a full record. */
	CHECK_INT(q_int(st, "SELECT count(*) FROM model m JOIN registry r ON r.id = m.registry_id"
			    " WHERE r.name = 'hf' AND m.has_record = 0"),
		  0);

	/* Snapshots: 4 hf, 3 pypi, 3 npm, all demo, all labelled "demo-". */
	CHECK_INT(q_int(st, "SELECT count(*) FROM snapshot s JOIN registry r ON r.id = s.registry_id"
			    " WHERE r.name = 'hf' AND s.is_demo = 1 AND s.measure = 'downloads_30d'"
			    " AND s.label IN ('demo-2024-01','demo-2024-02','demo-2024-03','demo-2024-04')"),
		  4);
	CHECK_INT(q_int(st, "SELECT count(*) FROM snapshot s JOIN registry r ON r.id = s.registry_id"
			    " WHERE r.name = 'pypi' AND s.is_demo = 1 AND s.label LIKE 'demo-pypi-2024-0_'"),
		  3);
	CHECK_INT(q_int(st, "SELECT count(*) FROM snapshot s JOIN registry r ON r.id = s.registry_id"
			    " WHERE r.name = 'npm' AND s.is_demo = 1 AND s.measure = 'rank'"
			    " AND s.label LIKE 'demo-npm-2024-0_'"),
		  3);
	CHECK_INT(q_int(st, "SELECT count(*) FROM snapshot WHERE is_demo = 0 OR label NOT LIKE 'demo-%'"), 0);
	CHECK_INT(q_int(st, "SELECT count(*) FROM snapshot WHERE label = 'demo-2024-03' AND taken = '2024-03-01'"), 1);

	/* PyPI: 200 ranked packages with downloads in each snapshot; npm: ranks only. */
	CHECK_INT(q_int(st, "SELECT count(*) FROM stat t JOIN snapshot s ON s.id = t.snapshot_id"
			    " WHERE s.label = 'demo-pypi-2024-02' AND t.downloads > 0 AND t.rank BETWEEN 1 AND 200"),
		  200);
	CHECK_INT(q_int(st, "SELECT count(DISTINCT t.rank) FROM stat t JOIN snapshot s ON s.id = t.snapshot_id"
			    " WHERE s.label = 'demo-npm-2024-03' AND t.downloads IS NULL AND t.likes IS NULL"),
		  200);
	/* PyPI and npm are stable: few changes in their top 100. */
	CHECK(q_int(st, "SELECT count(*) FROM"
			" (SELECT t.model_id FROM stat t JOIN snapshot s ON s.id = t.snapshot_id"
			"  WHERE s.label = 'demo-pypi-2024-01' AND t.rank <= 100) a JOIN"
			" (SELECT t.model_id FROM stat t JOIN snapshot s ON s.id = t.snapshot_id"
			"  WHERE s.label = 'demo-pypi-2024-02' AND t.rank <= 100) b USING (model_id)") >= 90);
	CHECK(q_int(st, "SELECT count(*) FROM"
			" (SELECT t.model_id FROM stat t JOIN snapshot s ON s.id = t.snapshot_id"
			"  WHERE s.label = 'demo-npm-2024-02' AND t.rank <= 100) a JOIN"
			" (SELECT t.model_id FROM stat t JOIN snapshot s ON s.id = t.snapshot_id"
			"  WHERE s.label = 'demo-npm-2024-03' AND t.rank <= 100) b USING (model_id)") >= 90);

	/* Every model exists in the last snapshot, none before its creation. */
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM stat t JOIN snapshot s ON s.id = t.snapshot_id WHERE s.label = 'demo-2024-04'");
	CHECK_INT(q_int(st, sql), n);
	CHECK_INT(q_int(st, "SELECT count(*) FROM stat t JOIN snapshot s ON s.id = t.snapshot_id"
			    " JOIN model_now m ON m.id = t.model_id WHERE m.created >= s.taken"),
		  0);
	CHECK_INT(q_int(st, "SELECT count(*) FROM model_now WHERE has_record = 1"
			    " AND (created < '2021-01-01' OR created >= '2024-04-01' OR last_modified < created)"),
		  0);

	/* UTF-8: a CJK author and an accented name. */
	CHECK_INT(q_int(st, "SELECT count(*) FROM model_now WHERE name = '北极星-ai/marten-8b' AND author = '北极星-ai'"), 1);
	CHECK(q_int(st, "SELECT count(*) FROM model_now WHERE name LIKE '%mésange%'") >= 1);

	/* Lineage. */
	CHECK_INT(q_int(st, "SELECT count(DISTINCT relation) FROM edge_now WHERE source = 'demo'"
			    " AND relation IN ('finetune','adapter','quantized','merge')"),
		  4);
	CHECK(q_int(st, "SELECT count(*) FROM (SELECT child_id FROM edge_now WHERE relation = 'merge'"
			" GROUP BY child_id HAVING count(DISTINCT parent_id) >= 2)") >= 1);
	CHECK_INT(q_int(st, "SELECT count(*) FROM (SELECT child_id FROM edge_now GROUP BY child_id"
			    " HAVING count(DISTINCT relation) > 1)"),
		  0);
	/* Children carry the Hub's base_model tags. */
	CHECK_INT(q_int(st, "SELECT count(*) FROM edge_now e JOIN model p ON p.id = e.parent_id"
			    " WHERE NOT EXISTS (SELECT 1 FROM tag_now t WHERE t.model_id = e.child_id"
			    "  AND t.tag = 'base_model:' || e.relation || ':' || p.name)"
			    " OR NOT EXISTS (SELECT 1 FROM tag_now t WHERE t.model_id = e.child_id"
			    "  AND t.tag = 'base_model:' || p.name)"),
		  0);
	/* About 30% of the models are children. */
	double children = q_double(st, "SELECT count(DISTINCT child_id) * 1.0 / (SELECT count(*) FROM model"
				       " WHERE has_record = 1) FROM edge_now");
	CHECK(children > 0.25 && children < 0.35);
	/* Relations in the Hub's proportions (of models with parents):
	 * adapters ~43%, fine-tunes ~36%, quantizations ~19%, merges ~2%. */
	static const struct {
		const char *relation;
		double lo, hi;
	} shares[] = {{"adapter", 0.37, 0.49}, {"finetune", 0.30, 0.42}, {"quantized", 0.14, 0.24}, {"merge", 0.005, 0.04}};
	for (size_t i = 0; i < sizeof shares / sizeof shares[0]; i++) {
		snprintf(sql, sizeof sql,
			 "WITH c AS (SELECT child_id, CASE WHEN count(*) > 1 THEN 'merge' ELSE min(relation) END rel"
			 " FROM edge_now GROUP BY child_id) SELECT avg(rel = '%s') FROM c",
			 shares[i].relation);
		double share = q_double(st, sql);
		if (share < shares[i].lo || share > shares[i].hi)
			printf("  %s: %.3f of the children, expected %.2f..%.2f\n", shares[i].relation, share, shares[i].lo,
			       shares[i].hi);
		CHECK(share >= shares[i].lo && share <= shares[i].hi);
	}
	/* Quantizations are (almost) always leaves: at most 5% of them have
	 * children (one, in a registry too small for 5% to be one). */
	double quant_parents =
		q_double(st, "SELECT avg(EXISTS (SELECT 1 FROM edge_now c WHERE c.parent_id = q.child_id)) FROM"
			     " (SELECT DISTINCT child_id FROM edge_now WHERE relation = 'quantized') q");
	int64_t quants = q_int(st, "SELECT count(DISTINCT child_id) FROM edge_now WHERE relation = 'quantized'");
	CHECK(quant_parents >= 0 && quant_parents * (double)quants <= (quants >= 20 ? 0.05 * (double)quants : 1.0));
	/* Libraries co-occur realistically: quantizations mostly gguf,
	 * adapters peft or diffusers. */
	CHECK(q_double(st, "SELECT avg(m.library = 'gguf') FROM model_now m WHERE m.id IN"
			   " (SELECT child_id FROM edge_now WHERE relation = 'quantized')") > 0.3);
	CHECK(q_double(st, "SELECT avg(m.library IN ('peft','diffusers')) FROM model_now m WHERE m.id IN"
			   " (SELECT child_id FROM edge_now WHERE relation = 'adapter')") > 0.9);
	CHECK_INT(q_int(st, "SELECT count(*) FROM model_now m WHERE has_record = 1 AND NOT EXISTS"
			    " (SELECT 1 FROM library_now l WHERE l.model_id = m.id AND l.library = m.library)"),
		  0);
	CHECK(q_int(st, "SELECT count(*) FROM tag_now WHERE tag LIKE 'license:%'") > n / 2);

	/* Downloads are heavy-tailed: max / median > 1000. */
	snprintf(sql, sizeof sql,
		 "SELECT t.downloads FROM stat t JOIN snapshot s ON s.id = t.snapshot_id"
		 " WHERE s.label = 'demo-2024-04' ORDER BY t.downloads LIMIT 1 OFFSET %d",
		 n / 2);
	int64_t median = q_int(st, sql);
	int64_t max = q_int(st, "SELECT max(t.downloads) FROM stat t JOIN snapshot s ON s.id = t.snapshot_id"
				" WHERE s.label = 'demo-2024-04'");
	CHECK(median >= 0 && max > 1000 * (median > 0 ? median : 1));
	/* Likes follow downloads: the top 5% have far more than the bottom half. */
	snprintf(sql, sizeof sql,
		 "SELECT avg(likes) FROM (SELECT t.likes FROM stat t JOIN snapshot s ON s.id = t.snapshot_id"
		 " WHERE s.label = 'demo-2024-04' ORDER BY t.downloads DESC LIMIT %d)",
		 n / 20 > 0 ? n / 20 : 1);
	double top_likes = q_double(st, sql);
	snprintf(sql, sizeof sql,
		 "SELECT avg(likes) FROM (SELECT t.likes FROM stat t JOIN snapshot s ON s.id = t.snapshot_id"
		 " WHERE s.label = 'demo-2024-04' ORDER BY t.downloads ASC LIMIT %d)",
		 n / 2);
	double bottom_likes = q_double(st, sql);
	CHECK(top_likes > 10 * bottom_likes + 1);

	/* Cards: about half of the models, as on the Hub (55% in the 2022
	 * dump, 43% in the 2023 one), with front matter and placeholders. */
	double cards = q_double(st, "SELECT count(*) * 1.0 / (SELECT count(*) FROM model_now WHERE has_record = 1) FROM card_now");
	CHECK(cards >= 0.45 && cards <= 0.65);
	if (!full)
		return;

	printf("  hf models %d: median downloads %lld, max %lld, children %.2f, cards %.2f, quantized parents %.3f\n",
	       n, (long long)median, (long long)max, children, cards, quant_parents);

	/* The largest tree has >= 100 descendants over at least 3 levels. */
	int64_t largest = q_int(st, "WITH RECURSIVE d(root, node) AS ("
				    " SELECT id, id FROM model m WHERE has_record = 1"
				    "  AND NOT EXISTS (SELECT 1 FROM edge_now e WHERE e.child_id = m.id)"
				    " UNION SELECT d.root, e.child_id FROM d JOIN edge_now e ON e.parent_id = d.node)"
				    " SELECT count(*) - 1 AS c FROM d GROUP BY root ORDER BY c DESC LIMIT 1");
	int64_t depth = q_int(st, "WITH RECURSIVE d(node, depth) AS ("
				  " SELECT m.id, 0 FROM model m JOIN registry r ON r.id = m.registry_id"
				  " WHERE r.name = 'hf' AND m.name = 'lumen-labs/tern-7b'"
				  " UNION SELECT e.child_id, d.depth + 1 FROM d JOIN edge_now e ON e.parent_id = d.node)"
				  " SELECT max(depth) FROM d");
	int64_t small_trees = q_int(st, "SELECT count(*) FROM (SELECT parent_id FROM edge_now GROUP BY parent_id"
					" HAVING count(*) <= 3)");
	printf("  largest tree %lld descendants, tern-7b depth %lld, parents with <= 3 children %lld\n",
	       (long long)largest, (long long)depth, (long long)small_trees);
	CHECK(largest >= 100);
	CHECK(depth >= 3 && depth <= 5);
	CHECK(small_trees > 50);

	/* Turnover: consecutive top-100s overlap strictly between 30 and 90. */
	static const char *const overlaps[] = {
		"SELECT count(*) FROM " TOP100("demo-2024-01") " a JOIN " TOP100("demo-2024-02") " b USING (model_id)",
		"SELECT count(*) FROM " TOP100("demo-2024-02") " a JOIN " TOP100("demo-2024-03") " b USING (model_id)",
		"SELECT count(*) FROM " TOP100("demo-2024-03") " a JOIN " TOP100("demo-2024-04") " b USING (model_id)",
	};
	for (int k = 0; k < 3; k++) {
		int64_t o = q_int(st, overlaps[k]);
		printf("  top-100 overlap %d->%d: %lld\n", k + 1, k + 2, (long long)o);
		CHECK(o > 30 && o < 90);
	}
	int64_t returning = q_int(st, "SELECT count(*) FROM " TOP100("demo-2024-01") " a"
				      " WHERE a.model_id NOT IN " TOP100("demo-2024-02")
				      " AND (a.model_id IN " TOP100("demo-2024-03")
				      " OR a.model_id IN " TOP100("demo-2024-04") ")");
	int64_t newcomers = q_int(st, "SELECT count(*) FROM " TOP100("demo-2024-04") " a WHERE NOT EXISTS"
				      " (SELECT 1 FROM stat t JOIN snapshot s ON s.id = t.snapshot_id"
				      "  WHERE s.label = 'demo-2024-01' AND t.model_id = a.model_id)");
	printf("  returning %lld, brand-new models in the last top-100 %lld\n", (long long)returning,
	       (long long)newcomers);
	CHECK(returning >= 1);
	CHECK(newcomers >= 1);

	/* Cards show every section kind, in several heading variants, and the
	 * Markdown features the renderer must handle. */
	static const char *const needles[] = {
		"# Model Card for ", "## Model description", "## Model Details", "## Limitations",
		"## Bias, Risks, and Limitations", "## Intended uses & limitations", "## Out-of-scope use",
		"## How to use", "## Usage", "## How to Get Started with the Model", "## Training procedure",
		"## Training data", "## Training hyperparameters", "## Evaluation", "## Eval results",
		"[More Information Needed]", "from_pretrained(", "|:---", "> **Note**", "<!--", "<div", "![",
		"base_model:", "model-index:", "datasets:", "```python", "**", "*", "](https://", "\n- ",
	};
	for (size_t i = 0; i < sizeof needles / sizeof needles[0]; i++) {
		sqlite3_stmt *stmt = NULL;
		sqlite3_prepare_v2(store_db(st), "SELECT count(*) FROM card_now WHERE instr(body, ?1) > 0", -1, &stmt, NULL);
		sqlite3_bind_text(stmt, 1, needles[i], -1, SQLITE_STATIC);
		int64_t c = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
		sqlite3_finalize(stmt);
		if (c < 5)
			fprintf(stderr, "  only %lld cards contain \"%s\"\n", (long long)c, needles[i]);
		CHECK(c >= 5);
	}
	/* Bare templates: every section is a placeholder. */
	CHECK(q_int(st, "SELECT count(*) FROM card_now WHERE body LIKE '---\nlibrary_name: transformers\ntags: []\n---%'") > 10);
	/* Popular models have better cards: fewer placeholders, longer text. */
	double top_ph = q_double(st, "SELECT avg(instr(c.body, '[More Information Needed]') > 0) FROM card_now c"
				     " WHERE c.model_id IN (SELECT t.model_id FROM stat t JOIN snapshot s ON s.id = t.snapshot_id"
				     " WHERE s.label = 'demo-2024-04' ORDER BY t.downloads DESC LIMIT 300)");
	double bottom_ph = q_double(st, "SELECT avg(instr(c.body, '[More Information Needed]') > 0) FROM card_now c"
					" WHERE c.model_id IN (SELECT t.model_id FROM stat t JOIN snapshot s ON s.id = t.snapshot_id"
					" WHERE s.label = 'demo-2024-04' ORDER BY t.downloads ASC LIMIT 1000)");
	double top_len = q_double(st, "SELECT avg(length(c.body)) FROM card_now c WHERE c.model_id IN"
				      " (SELECT t.model_id FROM stat t JOIN snapshot s ON s.id = t.snapshot_id"
				      " WHERE s.label = 'demo-2024-04' ORDER BY t.downloads DESC LIMIT 300)");
	double bottom_len = q_double(st, "SELECT avg(length(c.body)) FROM card_now c WHERE c.model_id IN"
					 " (SELECT t.model_id FROM stat t JOIN snapshot s ON s.id = t.snapshot_id"
					 " WHERE s.label = 'demo-2024-04' ORDER BY t.downloads ASC LIMIT 1000)");
	printf("  cards with placeholders: top %.2f, bottom %.2f; mean length: top %.0f, bottom %.0f\n", top_ph,
	       bottom_ph, top_len, bottom_len);
	CHECK(top_ph < bottom_ph);
	CHECK(top_len > bottom_len);
	/* Metadata fields from the front matter are recorded. */
	CHECK(q_int(st, "SELECT count(DISTINCT field) FROM meta_now") >= 7);
	CHECK_INT(q_int(st, "SELECT count(*) FROM meta_now x WHERE NOT EXISTS"
			    " (SELECT 1 FROM card_now c WHERE c.model_id = x.model_id)"),
		  0);
	/* The import log names the demo. */
	CHECK_INT(q_int(st, "SELECT count(*) FROM import_log WHERE format = 'demo' AND source = 'peat demo'"), 10);
}

static int progress_calls;
static int64_t progress_last;
static void count_progress(void *ctx, const char *what, int64_t done, int64_t total, int64_t records)
{
	(void)ctx;
	(void)what;
	(void)total;
	(void)records;
	progress_calls++;
	progress_last = done;
}

int main(void)
{
	double secs;

	/* The default size: shape, turnover, cards, and its time. */
	Store *a = open_fresh("a.db");
	CHECK_INT(generate(a, 0, 0, &secs), 0);
	printf("generated %d models in %.3f s of CPU time\n", DEMO_DEFAULT_MODELS, secs);
	check_shape(a, DEMO_DEFAULT_MODELS, 1);
	check_digest(a);

	/* Same seed, fresh store: identical; regenerating in place: identical. */
	Store *b = open_fresh("b.db");
	CHECK_INT(generate(b, DEMO_DEFAULT_MODELS, 1, NULL), 0);
	char *da = store_dump(a), *db = store_dump(b);
	CHECK(strcmp(da, db) == 0);
	CHECK(strlen(da) > 100000);
	CHECK_INT(generate(a, 0, 1, NULL), 0);
	char *da2 = store_dump(a);
	CHECK(strcmp(da, da2) == 0);
	free(da2);

	/* A different seed gives a different store of the same shape. */
	Store *c = open_fresh("c.db");
	CHECK_INT(generate(c, DEMO_DEFAULT_MODELS, 7, NULL), 0);
	char *dc = store_dump(c);
	CHECK(strcmp(da, dc) != 0);
	check_shape(c, DEMO_DEFAULT_MODELS, 1);
	free(dc);
	store_close(c);

	/* A small store, and regenerating a different demo over a big one: the
	 * result has exactly the new demo's content (ids aside). */
	Store *s = open_fresh("small.db");
	int progress_seen = 0;
	{
		PeatErr err = {0};
		Progress p = {.report = count_progress};
		DemoOptions opt = {200, 5, &p};
		CHECK_INT(demo_generate(s, &opt, &err), 0);
		progress_seen = progress_calls;
		CHECK_INT(progress_last, 200);
	}
	CHECK_INT(progress_seen, 200);
	check_shape(s, 200, 0);
	CHECK_INT(generate(b, 200, 5, NULL), 0);
	check_shape(b, 200, 0);
	char *ns = named_dump(s), *nb = named_dump(b);
	CHECK(strcmp(ns, nb) == 0);
	if (strcmp(ns, nb) != 0) {
		/* Show the first difference. */
		size_t i = 0;
		while (ns[i] && ns[i] == nb[i])
			i++;
		size_t from = i > 200 ? i - 200 : 0;
		fprintf(stderr, "first difference at %zu:\n--- fresh\n%.400s\n--- regenerated\n%.400s\n", i, ns + from,
			nb + from);
	}
	free(ns);
	free(nb);
	CHECK_INT(q_int(b, "SELECT count(*) FROM model"), q_int(s, "SELECT count(*) FROM model"));
	CHECK_INT(q_int(b, "SELECT count(*) FROM model_fts"), q_int(s, "SELECT count(*) FROM model"));

	/* Non-demo data in the same store is left alone by a regeneration. */
	{
		PeatErr err = {0};
		CHECK_INT(store_begin(b, &err), 0);
		int64_t reg = store_registry(b, "hf", &err);
		SnapshotSpec spec = {.registry = reg, .label = "mine-2024-05", .date = "2024-05-01",
				     .source = "mine.csv", .measure = MEASURE_DOWNLOADS_30D};
		int64_t snap = store_snapshot(b, &spec, &err);
		int64_t mine = store_model(b, reg, "someone/real-model", &err);
		int64_t tern = store_find_model(b, reg, "lumen-labs/tern-7b");
		CHECK(snap > 0 && mine > 0 && tern > 0);
		CHECK_INT(store_stat(b, snap, mine, 42, 1, STAT_NONE, &err), 0);
		CHECK_INT(store_edge(b, mine, tern, REL_FINETUNE, EDGE_FROM_CSV, &err), 0);
		CHECK_INT(store_commit(b, &err), 0);
		CHECK_INT(generate(b, 300, 9, NULL), 0);
		CHECK_INT(q_int(b, "SELECT count(*) FROM model_now WHERE has_record = 1"), 300);
		CHECK_INT(q_int(b, "SELECT count(*) FROM snapshot WHERE is_demo = 1"), 10);
		CHECK_INT(q_int(b, "SELECT count(*) FROM stat t JOIN snapshot s ON s.id = t.snapshot_id"
				   " WHERE s.label = 'demo-2024-04'"),
			  300);
		CHECK_INT(q_int(b, "SELECT count(*) FROM stat t JOIN snapshot s ON s.id = t.snapshot_id"
				   " WHERE s.label = 'mine-2024-05' AND t.downloads = 42"),
			  1);
		CHECK_INT(q_int(b, "SELECT count(*) FROM edge_now WHERE source = 'csv'"), 1);
		CHECK_INT(q_int(b, "SELECT count(*) FROM model_now WHERE name = 'someone/real-model'"), 1);
	}

	/* Bad input: too many models is refused and changes nothing. */
	{
		PeatErr err = {0};
		DemoOptions opt = {DEMO_MAX_MODELS + 1, 1, NULL};
		char *before = store_dump(s);
		CHECK_INT(demo_generate(s, &opt, &err), -1);
		CHECK(err.set && strstr(err.msg, "at most") != NULL);
		char *after = store_dump(s);
		CHECK(strcmp(before, after) == 0);
		free(before);
		free(after);
	}

	/* Tiny stores do not break anything. */
	for (int n = 1; n <= 12; n++) {
		char name[32];
		snprintf(name, sizeof name, "tiny%d.db", n);
		Store *t = open_fresh(name);
		CHECK_INT(generate(t, n, (unsigned long)n, NULL), 0);
		CHECK_INT(q_int(t, "SELECT count(*) FROM model_now WHERE has_record = 1"), n);
		store_close(t);
	}

	/* Speed at a larger size (a sanitizer build, unoptimised and checking
	 * every access, is given three times as long). The time includes
	 * scoring the 11,000 cards as they are stored, on every core. */
	Store *big = open_fresh("big.db");
	CHECK_INT(generate(big, 20000, 1, &secs), 0);
	printf("generated 20000 models in %.3f s of CPU time\n", secs);
	CHECK(secs < 30.0 * SANITIZER_SLOWDOWN);
	check_shape(big, 20000, 1);
	store_close(big);

	/* The card scorer finds every completeness from 0 to 5, more for
	 * popular models (the paper's C3), and all five for the showcase roots.
	 * Regenerating afterwards drops the stale verdicts: same dump again. */
	{
		PeatErr err = {0};
		int64_t scored = 0;
		CHECK_INT(cards_score_store(a, -1, NULL, &scored, &err), 0);
		CHECK_INT(scored, q_int(a, "SELECT count(*) FROM card_now"));
		for (int k = 0; k <= 5; k++) {
			char sql[128];
			snprintf(sql, sizeof sql, "SELECT count(*) FROM score_now WHERE completeness = %d", k);
			int64_t cnt = q_int(a, sql);
			printf("  completeness %d: %lld cards\n", k, (long long)cnt);
			CHECK(cnt >= scored / 100);
		}
		static const char ranked[] =
			"WITH r AS (SELECT t.model_id, row_number() OVER (ORDER BY t.downloads DESC, t.model_id) AS rk"
			" FROM stat t JOIN snapshot s ON s.id = t.snapshot_id WHERE s.label = 'demo-2024-04')"
			" SELECT avg(c.completeness) FROM r JOIN score_now c ON c.model_id = r.model_id WHERE ";
		char sql[512];
		snprintf(sql, sizeof sql, "%s r.rk <= 300", ranked);
		double top = q_double(a, sql);
		snprintf(sql, sizeof sql, "%s r.rk > (SELECT count(*) FROM r) - 1000", ranked);
		double bottom = q_double(a, sql);
		printf("  mean completeness: top 300 %.2f, bottom 1000 %.2f\n", top, bottom);
		CHECK(top > bottom + 1.0);
		CHECK_INT(q_int(a, "SELECT count(*) FROM score_now c JOIN model m ON m.id = c.model_id"
				   " WHERE c.completeness = 5 AND m.name IN ('lumen-labs/tern-7b', '北极星-ai/marten-8b',"
				   " 'kelpie-labs/mésange-3b')"),
			  3);
		CHECK_INT(generate(a, 0, 1, NULL), 0);
		char *again = store_dump(a);
		CHECK(strcmp(da, again) == 0);
		free(again);
	}

	free(da);
	free(db);
	store_close(a);
	store_close(b);
	store_close(s);
	check_cleanup();
	return check_done();
}
