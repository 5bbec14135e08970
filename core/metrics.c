/* SPDX-License-Identifier: MIT */
/* metrics.c - the paper's measurements C1, C2b and C3 over the store.
 *
 * Each reads the tables it needs once, in key order, into compact arrays
 * (metrics_scan.h) and joins them in C: the SQL joins this replaced looked
 * rows up at random in tables far larger than SQLite's page cache, and took
 * minutes at the Hub's scale. The results are the same bit for bit (the
 * points and group values come in the order the SQL gave them, so every
 * floating-point sum adds in the same order). */
#include "metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_scan.h"
#include "strbuf.h"

int metric_variant_parse(const char *s, MetricVariant *out)
{
	if (strcmp(s, "paper") == 0)
		*out = VARIANT_PAPER;
	else if (strcmp(s, "esem-artifact") == 0 || strcmp(s, "artifact") == 0)
		*out = VARIANT_ESEM_ARTIFACT;
	else
		return -1;
	return 0;
}

const char *metric_variant_name(MetricVariant v)
{
	return v == VARIANT_ESEM_ARTIFACT ? "esem-artifact" : "paper";
}

/* ---------------------------------------------------------------- C1 */

static int compare_preservation(const void *a, const void *b)
{
	const LibraryPreservation *x = a, *y = b;
	if (x->descendants != y->descendants)
		return x->descendants < y->descendants ? 1 : -1;
	if (x->preserving != y->preserving)
		return x->preserving < y->preserving ? 1 : -1;
	return strcmp(x->library, y->library);
}

/* The distinct (parent, child) pairs of the registry whose child has a
 * stored record (a placeholder child's libraries are unknown, not absent),
 * a model's edge to itself left out. */
static int c1_pairs(Store *st, const SnapshotInfo *snap, EdgePairs *pairs, PeatErr *err)
{
	if (edge_pairs_load(st, snap->id, 1, pairs, err) < 0)
		return -1;
	if (pairs->n == 0)
		return 0; /* no lineage (the 2022 scrape): no model needs reading */
	IdSet ends = {0};
	for (size_t i = 0; i < pairs->n; i++) {
		idset_add(&ends, pairs->pairs[i].parent);
		idset_add(&ends, pairs->pairs[i].child);
	}
	idset_seal(&ends);
	ModelFlags flags;
	int rc = model_flags_load(st, snap->registry_id, snap->id, &ends, 1, &flags, err);
	idset_free(&ends);
	if (rc < 0) {
		edge_pairs_free(pairs);
		return -1;
	}
	size_t kept = 0;
	for (size_t i = 0; i < pairs->n; i++) {
		const EdgePair *p = &pairs->pairs[i];
		if ((model_flags_of(&flags, p->parent) & MODEL_IN_REGISTRY) &&
		    (model_flags_of(&flags, p->child) & MODEL_HAS_RECORD))
			pairs->pairs[kept++] = *p;
	}
	pairs->n = kept;
	model_flags_free(&flags);
	return 0;
}

/* Per library number: the C1 counts before they become rows. */
typedef struct C1Tally {
	int64_t *bases, *descendants, *preserving;
} C1Tally;

static void tally_init(C1Tally *t, size_t nlibs)
{
	t->bases = xcalloc(nlibs + 1, sizeof *t->bases);
	t->descendants = xcalloc(nlibs + 1, sizeof *t->descendants);
	t->preserving = xcalloc(nlibs + 1, sizeof *t->preserving);
}

static void tally_free(C1Tally *t)
{
	free(t->bases);
	free(t->descendants);
	free(t->preserving);
}

/* paper: for each pair whose parent supports two or more libraries, each
 * library L of the parent counts the pair as a descendant, preserving when
 * the child supports L too; bases counts each such parent once per L. */
static void tally_paper(const EdgePairs *pairs, const LibrarySets *libs, C1Tally *t)
{
	uint8_t *counted = xcalloc(libs->models.n + 1, 1); /* per parent position */
	for (size_t i = 0; i < pairs->n; i++) {
		const uint32_t *pl, *cl;
		size_t np = library_set_of(libs, pairs->pairs[i].parent, &pl);
		if (np < 2)
			continue;
		size_t nc = library_set_of(libs, pairs->pairs[i].child, &cl);
		ptrdiff_t at = idset_find(&libs->models, pairs->pairs[i].parent);
		for (size_t k = 0; k < np; k++) {
			t->descendants[pl[k]]++;
			t->bases[pl[k]] += !counted[at];
		}
		counted[at] = 1;
		library_sets_count_common(pl, np, cl, nc, t->preserving);
	}
	free(counted);
}

/* esem-artifact: the distinct children with two or more libraries; each
 * library L of theirs counts them as preserving. Returns how many they are
 * (every library's descendants). */
static int64_t tally_artifact(const LibrarySets *libs, C1Tally *t)
{
	int64_t multi = 0;
	for (size_t i = 0; i < libs->models.n; i++) {
		const uint32_t *cl;
		size_t nc = library_set_of(libs, libs->models.ids[i], &cl);
		if (nc < 2)
			continue;
		multi++;
		for (size_t k = 0; k < nc; k++)
			t->preserving[cl[k]]++;
	}
	return multi;
}

/* The libraries with a count, as result rows. */
static void tally_rows(const C1Tally *t, const LibrarySets *libs, MetricVariant v, int64_t multi, C1Result *out)
{
	out->libs = xcalloc(libs->nnames + 1, sizeof *out->libs);
	for (size_t l = 0; l < libs->nnames; l++) {
		int present = v == VARIANT_PAPER ? t->descendants[l] > 0 : t->preserving[l] > 0;
		if (!present)
			continue;
		LibraryPreservation *lp = &out->libs[out->nlibs++];
		snprintf(lp->library, sizeof lp->library, "%s", libs->names[l]);
		lp->bases = v == VARIANT_PAPER ? t->bases[l] : 0;
		lp->descendants = v == VARIANT_PAPER ? t->descendants[l] : multi;
		lp->preserving = t->preserving[l];
		lp->share = lp->descendants ? (double)lp->preserving / (double)lp->descendants : NAN;
	}
}

static int compute_c1(Store *st, const SnapshotInfo *snap, MetricVariant v, C1Result *out, PeatErr *err)
{
	memset(out, 0, sizeof *out);
	out->variant = v;
	EdgePairs pairs;
	if (c1_pairs(st, snap, &pairs, err) < 0)
		return -1;
	/* paper: the libraries of both sides; esem-artifact: of the children. */
	IdSet ends = {0};
	for (size_t i = 0; i < pairs.n; i++) {
		if (v == VARIANT_PAPER)
			idset_add(&ends, pairs.pairs[i].parent);
		idset_add(&ends, pairs.pairs[i].child);
	}
	idset_seal(&ends);
	LibrarySets libs;
	int rc = library_sets_load(st, snap->id, &ends, &libs, err);
	idset_free(&ends);
	if (rc < 0) {
		edge_pairs_free(&pairs);
		return -1;
	}
	C1Tally t;
	tally_init(&t, libs.nnames);
	int64_t multi = 0;
	if (v == VARIANT_PAPER)
		tally_paper(&pairs, &libs, &t);
	else
		multi = tally_artifact(&libs, &t);
	tally_rows(&t, &libs, v, multi, out);
	tally_free(&t);
	library_sets_free(&libs);
	edge_pairs_free(&pairs);
	if (out->nlibs)
		qsort(out->libs, out->nlibs, sizeof *out->libs, compare_preservation);
	return 0;
}

/* What a snapshot lacks of what a metric reads, said as a warning. */
static void note_gaps(Store *st, const SnapshotInfo *snap, unsigned bits, char *warning, size_t n)
{
	for (unsigned bit = 1; bit; bit <<= 1) {
		if (!(bits & bit))
			continue;
		char *gap = query_snapshot_gap(st, snap, bit);
		if (gap) {
			size_t len = strlen(warning);
			snprintf(warning + len, n - len, "%s%s.", len ? " " : "", gap);
		}
		free(gap);
	}
}

int metrics_c1(Store *st, const SnapshotInfo *snap, MetricVariant v, C1Result *out, PeatErr *err)
{
	int64_t saved = scan_cache_begin(st);
	int rc = compute_c1(st, snap, v, out, err);
	scan_cache_end(st, saved);
	if (rc == 0)
		note_gaps(st, snap, REC_LIBRARIES | REC_PARENTS, out->warning, sizeof out->warning);
	return rc;
}

void c1_free(C1Result *r)
{
	free(r->libs);
	r->libs = NULL;
	r->nlibs = 0;
}

Table *c1_table(const C1Result *r, size_t top)
{
	int paper = r->variant == VARIANT_PAPER;
	Table *t = table_new(paper ? "C1 library preservation (paper): share of the direct descendants of base "
				     "models supporting L and another library that still support L"
				   : "C1 library preservation (esem-artifact): share of descendants with two or more "
				     "libraries that support L");
	table_set_name(t, "c1");
	table_add_column(t, "library", COL_TEXT);
	if (paper)
		table_add_column(t, "bases", COL_INT);
	table_add_column(t, "descendants", COL_INT);
	table_add_column(t, "preserving", COL_INT);
	table_add_column(t, "share", COL_REAL);
	size_t n = top && top < r->nlibs ? top : r->nlibs;
	for (size_t i = 0; i < n; i++) {
		const LibraryPreservation *lp = &r->libs[i];
		size_t row = table_add_row(t), c = 0;
		table_set(t, row, c++, lp->library);
		if (paper)
			table_set_int(t, row, c++, lp->bases);
		table_set_int(t, row, c++, lp->descendants);
		table_set_int(t, row, c++, lp->preserving);
		table_set_real(t, row, c++, lp->share, 3);
	}
	if (r->nlibs == 0)
		table_add_note(t, "No lineage edges between models with library information in this registry.");
	if (r->warning[0])
		table_add_note(t, "%s", r->warning);
	return t;
}

/* --------------------------------------------------------------- C2b */

typedef struct Point {
	double x, y;
} Point;

static int compare_points(const void *a, const void *b)
{
	const Point *p = a, *q = b;
	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	if (p->y != q->y)
		return p->y < q->y ? -1 : 1;
	return 0;
}

/* A parent with the number of its distinct direct children. */
typedef struct ParentCount {
	int64_t parent, children;
} ParentCount;

/* paper: every model with a direct child (any registry, any relation, an
 * edge to itself included), with how many distinct children it has,
 * ascending by model. pairs are distinct. */
static ParentCount *count_children(const EdgePairs *pairs, IdSet *parents, size_t *n)
{
	memset(parents, 0, sizeof *parents);
	for (size_t i = 0; i < pairs->n; i++)
		idset_add(parents, pairs->pairs[i].parent);
	idset_seal(parents);
	ParentCount *counts = xcalloc(parents->n + 1, sizeof *counts);
	for (size_t i = 0; i < parents->n; i++)
		counts[i].parent = parents->ids[i];
	for (size_t i = 0; i < pairs->n; i++)
		counts[idset_find(parents, pairs->pairs[i].parent)].children++;
	*n = parents->n;
	return counts;
}

typedef struct RankedPoint {
	int64_t model, downloads, children;
} RankedPoint;

/* Downloads descending, then model ascending: the order of the snapshot's
 * stat_by_downloads index, which the SQL this replaced walked. Keeping it
 * keeps every sum of the statistics bit for bit as it was. */
static int compare_by_downloads(const void *a, const void *b)
{
	const RankedPoint *p = a, *q = b;
	if (p->downloads != q->downloads)
		return p->downloads < q->downloads ? 1 : -1;
	return (p->model > q->model) - (p->model < q->model);
}

/* paper: x = the model's downloads in the snapshot (models with direct
 * descendants and known downloads), y = its distinct direct children. */
static int c2b_points_paper(Store *st, const SnapshotInfo *snap, Point **pts, size_t *n, PeatErr *err)
{
	EdgePairs pairs;
	if (edge_pairs_load(st, snap->id, 0, &pairs, err) < 0)
		return -1;
	IdSet parents;
	size_t nparents;
	ParentCount *counts = count_children(&pairs, &parents, &nparents);
	edge_pairs_free(&pairs);
	StatRows rows;
	int rc = stat_rows_load(st, snap->id, &parents, 0, &rows, err);
	idset_free(&parents);
	if (rc < 0) {
		free(counts);
		return -1;
	}
	RankedPoint *ranked = xcalloc(rows.n + 1, sizeof *ranked);
	size_t k = 0, c = 0;
	for (size_t i = 0; i < rows.n; i++) {
		const StatRow *r = &rows.rows[i];
		while (c + 1 < nparents && counts[c].parent < r->model) /* both ascending; every row is a parent's */
			c++;
		if (r->downloads != STAT_NONE)
			ranked[k++] = (RankedPoint){r->model, r->downloads, counts[c].children};
	}
	stat_rows_free(&rows);
	free(counts);
	qsort(ranked, k, sizeof *ranked, compare_by_downloads);
	*pts = xcalloc(k + 1, sizeof **pts);
	for (size_t i = 0; i < k; i++)
		(*pts)[i] = (Point){(double)ranked[i].downloads, (double)ranked[i].children};
	free(ranked);
	*n = k;
	return 0;
}

/* Per parent of the registry, its direct descendants in the snapshot. */
typedef struct ParentSum {
	int64_t downloads, with_downloads;
	int in_snapshot;
} ParentSum;

/* The ESEM 2024 artifact (PurdueDualityLab/ptm-quantify-esem-2024:
 * research_quantitative-analysis-of-hf-main/src/
 * number_DirectDescendantsToDownloads.py, then descendents.py):
 *   models = SELECT id, downloads FROM model, rows with a NULL dropped;
 *   for each base_model_name group of model_to_base_model (one row per
 *   child and parent), merge the rows with models on model_id (inner):
 *   count = rows left, downloads = int(sum of their downloads);
 *   so a parent none of whose children has downloads is a (0, 0) point.
 * Here a snapshot is the artifact's database: model_to_base_model rows are
 * the distinct (parent, child) edges of the registry whose child is in the
 * snapshot (PeaTMOSS lists lineage only for models it holds; a placeholder
 * child known from an edge list alone is no row), the merge keeps the
 * children with known downloads. One point per such parent, ascending. */
static int c2b_points_artifact(Store *st, const SnapshotInfo *snap, Point **pts, size_t *n, PeatErr *err)
{
	EdgePairs pairs;
	if (edge_pairs_load(st, snap->id, 0, &pairs, err) < 0)
		return -1;
	IdSet parents = {0}, children = {0};
	for (size_t i = 0; i < pairs.n; i++) {
		idset_add(&parents, pairs.pairs[i].parent);
		idset_add(&children, pairs.pairs[i].child);
	}
	idset_seal(&parents);
	idset_seal(&children);
	ModelFlags flags = {0};
	StatRows rows = {0};
	int rc = model_flags_load(st, snap->registry_id, snap->id, &parents, 0, &flags, err);
	if (rc == 0)
		rc = stat_rows_load(st, snap->id, &children, 0, &rows, err);
	ParentSum *sums = xcalloc(parents.n + 1, sizeof *sums);
	for (size_t i = 0; rc == 0 && i < pairs.n; i++) {
		const EdgePair *p = &pairs.pairs[i];
		const StatRow *child = stat_rows_find(&rows, p->child);
		if (!child || !(model_flags_of(&flags, p->parent) & MODEL_IN_REGISTRY))
			continue;
		ParentSum *sum = &sums[idset_find(&parents, p->parent)];
		sum->in_snapshot = 1;
		if (child->downloads == STAT_NONE)
			continue;
		if (child->downloads > 0 && sum->downloads > INT64_MAX - child->downloads) {
			rc = peat_err_set(err, "%s: integer overflow summing the downloads of model #%lld's descendants",
					  store_path(st), (long long)p->parent);
			break;
		}
		sum->downloads += child->downloads;
		sum->with_downloads++;
	}
	*pts = xcalloc(parents.n + 1, sizeof **pts);
	*n = 0;
	for (size_t i = 0; rc == 0 && i < parents.n; i++)
		if (sums[i].in_snapshot)
			(*pts)[(*n)++] = (Point){(double)sums[i].downloads, (double)sums[i].with_downloads};
	free(sums);
	stat_rows_free(&rows);
	model_flags_free(&flags);
	idset_free(&children);
	idset_free(&parents);
	edge_pairs_free(&pairs);
	if (rc < 0) {
		free(*pts);
		*pts = NULL;
	}
	return rc;
}

static int compute_c2b(Store *st, const SnapshotInfo *snap, MetricVariant v, C2bResult *out, PeatErr *err)
{
	memset(out, 0, sizeof *out);
	out->variant = v;
	Point *pts = NULL;
	size_t n = 0;
	if ((v == VARIANT_PAPER ? c2b_points_paper : c2b_points_artifact)(st, snap, &pts, &n, err) < 0)
		return -1;
	if (v == VARIANT_ESEM_ARTIFACT && n) {
		/* descendents.py: df.drop_duplicates(subset=['downloads',
		 * 'count']) before the fit (np.polyfit on log10(v + 1e-5), which
		 * is ordinary least squares). Which duplicate is kept does not
		 * matter: they are equal. */
		qsort(pts, n, sizeof *pts, compare_points);
		size_t k = 1;
		for (size_t i = 1; i < n; i++)
			if (compare_points(&pts[i], &pts[k - 1]) != 0)
				pts[k++] = pts[i];
		n = k;
	}
	double offset = v == VARIANT_PAPER ? 1.0 : 1e-5;
	out->n = n;
	out->x = xcalloc(n, sizeof *out->x);
	out->y = xcalloc(n, sizeof *out->y);
	out->lx = xcalloc(n, sizeof *out->lx);
	out->ly = xcalloc(n, sizeof *out->ly);
	for (size_t i = 0; i < n; i++) {
		out->x[i] = pts[i].x;
		out->y[i] = pts[i].y;
		out->lx[i] = log10(pts[i].x + offset);
		out->ly[i] = log10(pts[i].y + offset);
	}
	free(pts);
	stats_spearman(out->x, out->y, n, &out->spearman);
	stats_linregress(out->lx, out->ly, n, &out->fit);
	out->x_label = v == VARIANT_PAPER ? "downloads of the model" : "sum of the direct descendants' downloads";
	out->y_label = v == VARIANT_PAPER ? "direct descendants" : "direct descendants with downloads";
	out->transform = v == VARIANT_PAPER ? "log10(v + 1)" : "log10(v + 1e-5)";
	return 0;
}

int metrics_c2b(Store *st, const SnapshotInfo *snap, MetricVariant v, C2bResult *out, PeatErr *err)
{
	int64_t saved = scan_cache_begin(st);
	int rc = compute_c2b(st, snap, v, out, err);
	scan_cache_end(st, saved);
	return rc;
}

void c2b_free(C2bResult *r)
{
	free(r->x);
	free(r->y);
	free(r->lx);
	free(r->ly);
	memset(r, 0, sizeof *r);
}

static void add_stat_row(Table *t, const char *name, double v, int digits)
{
	size_t row = table_add_row(t);
	table_set(t, row, 0, name);
	if (isnan(v))
		table_set_null(t, row, 1, "n/a");
	else
		table_set_real(t, row, 1, v, digits);
}

Table *c2b_table(const C2bResult *r)
{
	StrBuf title = {0};
	sb_printf(&title, "C2b descendants vs popularity (%s): x = %s, y = %s, fit on %s axes",
		  metric_variant_name(r->variant), r->x_label, r->y_label, r->transform);
	Table *t = table_new(sb_str(&title));
	sb_free(&title);
	table_set_name(t, "c2b");
	table_add_column(t, "statistic", COL_TEXT);
	table_add_column(t, "value", COL_REAL);
	add_stat_row(t, "models", (double)r->n, 0);
	add_stat_row(t, "spearman rho", r->spearman.r, 4);
	add_stat_row(t, "spearman p", r->spearman.p_two_sided, -1);
	add_stat_row(t, "slope", r->fit.slope, 4);
	add_stat_row(t, "intercept", r->fit.intercept, 4);
	add_stat_row(t, "r squared", r->fit.r2, 4);
	add_stat_row(t, "slope p", r->fit.p_two_sided, -1);
	if (r->n < 3)
		table_add_note(t, "Too few models with descendants for a fit.");
	if (r->variant == VARIANT_ESEM_ARTIFACT)
		table_add_note(t, "As the ESEM 2024 artifact: one point per parent, over its direct descendants in the "
			       "snapshot that have downloads (a parent with none is (0, 0)); duplicate points dropped; "
			       "the fit is ordinary least squares. Spearman's rho (on the same points) is peat's "
			       "addition.");
	return t;
}

/* ---------------------------------------------------------------- C3 */

/* A model of a C3 ranking: its value (downloads or likes) and quality. */
typedef struct RankedCard {
	int64_t value, model;
	double quality;
} RankedCard;

/* Best first; in a tie by model id, for now: the tie rule's order by name
 * is settled only where a group needs it (group_quality). */
static int compare_ranked(const void *a, const void *b)
{
	const RankedCard *x = a, *y = b;
	if (x->value != y->value)
		return x->value < y->value ? 1 : -1;
	return (x->model > y->model) - (x->model < y->model);
}

/* The value a measure gives a scored row (STAT_NONE: unknown). */
static int64_t card_value(const StatRow *row, int by_likes)
{
	return by_likes ? row->likes : row->downloads;
}

/* The part of a ranking around one cut: every scored model with a value
 * beyond the cut (better for the top, worse for the bottom), sorted, and
 * every model with the cut value, ascending by id, in ranking order. The
 * group and its cut are the same in it as in the whole ranking, which is
 * never sorted. */
static RankedCard *ranking_around(const StatRows *scored, int by_likes, int64_t cut, int top, size_t *n)
{
	size_t beyond = 0, tied = 0;
	for (size_t i = 0; i < scored->n; i++) {
		int64_t v = card_value(&scored->rows[i], by_likes);
		if (v == STAT_NONE)
			continue;
		if (v == cut)
			tied++;
		else if (top ? v > cut : v < cut)
			beyond++;
	}
	RankedCard *r = xcalloc(beyond + tied + 1, sizeof *r);
	size_t at_beyond = top ? 0 : tied, at_tied = top ? beyond : 0;
	for (size_t i = 0; i < scored->n; i++) {
		const StatRow *row = &scored->rows[i];
		int64_t v = card_value(row, by_likes);
		if (v == STAT_NONE)
			continue;
		RankedCard c = {v, row->model, row->quality};
		if (v == cut)
			r[at_tied++] = c; /* rows come ascending by model */
		else if (top ? v > cut : v < cut)
			r[at_beyond++] = c;
	}
	qsort(r + (top ? 0 : tied), beyond, sizeof *r, compare_ranked);
	*n = beyond + tied;
	return r;
}

/* The quality of the model `id` of the run r[0..n) (ascending by id). */
static double run_quality(const RankedCard *r, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r[mid].model < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return r[lo].quality;
}

/* The part [lo, hi) of the run r[a..b) of equal values, in name order
 * (the tie rule), into out[0 .. hi - lo): the models are ordered by name
 * only as far as the part reaches, from whichever end it touches. */
static int run_part_by_name(Store *st, const RankedCard *run, size_t n, size_t lo, size_t hi, double *out,
			    PeatErr *err)
{
	int64_t *ids = xcalloc(n, sizeof *ids);
	for (size_t i = 0; i < n; i++)
		ids[i] = run[i].model;
	int from_end = lo > 0 && hi == n;
	size_t need = from_end ? n - lo : hi, skip = from_end ? 0 : lo;
	int64_t *ordered = xcalloc(need, sizeof *ordered);
	int rc = models_by_name(st, ids, n, need, from_end, NAME_ORDER_AUTO, ordered, err);
	for (size_t i = 0; rc == 0 && i < hi - lo; i++)
		out[i] = run_quality(run, n, ordered[skip + i]);
	free(ordered);
	free(ids);
	return rc;
}

/* The quality of the ranking's positions [from, from + len) in the tie
 * rule's order: by value, within equal values by name. */
static int group_quality(Store *st, const RankedCard *r, size_t total, size_t from, size_t len, double *out,
			 PeatErr *err)
{
	size_t end = from + len, a = from;
	while (a > 0 && r[a - 1].value == r[from].value)
		a--;
	while (a < end) {
		size_t b = a + 1;
		while (b < total && r[b].value == r[a].value)
			b++;
		size_t lo = a > from ? a : from, hi = b < end ? b : end;
		if (b - a == 1)
			out[lo - from] = r[a].quality;
		else if (run_part_by_name(st, r + a, b - a, lo - a, hi - a, out + (lo - from), err) < 0)
			return -1;
		a = b;
	}
	return 0;
}

/* The cut of the group r[from .. from + len) of a ranking of total
 * models: at its last model for the top, at its first for the bottom (the
 * group's model nearest the rest of the ranking). */
static C3Cut group_cut(const RankedCard *r, size_t total, size_t from, size_t len, int top)
{
	C3Cut c = {0, 0, 0};
	if (len == 0)
		return c;
	size_t at = top ? from + len - 1 : from;
	c.value = r[at].value;
	for (size_t i = 0; i < total; i++)
		if (r[i].value == c.value) {
			c.tied++;
			c.taken += i >= from && i < from + len;
		}
	return c;
}

/* One group of a comparison: the top (or bottom) `group` of the ranking of
 * `total` models whose values are values[0..total). */
static int take_group(Store *st, const StatRows *scored, int by_likes, int64_t *values, size_t total, size_t group,
		      int top, C3Cut *cut, double **quality, PeatErr *err)
{
	int64_t cut_value = ranking_kth_largest(values, total, top ? group : total - group + 1);
	size_t n;
	RankedCard *r = ranking_around(scored, by_likes, cut_value, top, &n);
	size_t from = top ? 0 : n - group;
	*cut = group_cut(r, n, from, group, top);
	*quality = xcalloc(group, sizeof **quality);
	int rc = group_quality(st, r, n, from, group, *quality, err);
	free(r);
	return rc;
}

/* One comparison of C3: the top and bottom `n` of the scored models with a
 * known value of the measure; 0 with nothing filled when they are fewer
 * than 4 (the snapshot has no such number, e.g. likes). */
static int compare_groups(Store *st, const StatRows *scored, int by_likes, size_t n, C3Result *out, PeatErr *err)
{
	int64_t *values = xcalloc(scored->n + 1, sizeof *values);
	size_t total = 0;
	for (size_t i = 0; i < scored->n; i++)
		if (card_value(&scored->rows[i], by_likes) != STAT_NONE)
			values[total++] = card_value(&scored->rows[i], by_likes);
	if (!by_likes)
		out->population = (int64_t)total;
	if (total < 4) {
		free(values);
		return 0;
	}
	C3Comparison *c = &out->cmp[out->ncmp++];
	size_t group = n < total / 2 ? n : total / 2;
	snprintf(c->ranking, sizeof c->ranking, "%s", by_likes ? "likes" : "downloads");
	c->population = (int64_t)total;
	int rc = take_group(st, scored, by_likes, values, total, group, 1, &c->top_cut, &c->top_values, err);
	if (rc == 0)
		rc = take_group(st, scored, by_likes, values, total, group, 0, &c->bottom_cut, &c->bottom_values, err);
	free(values);
	if (rc < 0)
		return -1;
	stats_summary(c->top_values, group, &c->top);
	stats_summary(c->bottom_values, group, &c->bottom);
	stats_welch_t(c->top_values, group, c->bottom_values, group, &c->welch);
	stats_mann_whitney(c->top_values, group, c->bottom_values, group, &c->mann_whitney);
	c->cohens_d = stats_cohens_d(c->top_values, group, c->bottom_values, group);
	return 0;
}

static int compute_c3(Store *st, const SnapshotInfo *snap, size_t n, C3Result *out, PeatErr *err)
{
	memset(out, 0, sizeof *out);
	out->n = n;
	StatRows scored;
	if (stat_rows_load(st, snap->id, NULL, 1, &scored, err) < 0)
		return -1;
	for (int by_likes = 0; by_likes < 2; by_likes++)
		if (compare_groups(st, &scored, by_likes, n, out, err) < 0) {
			stat_rows_free(&scored);
			c3_free(out);
			return -1;
		}
	stat_rows_free(&scored);
	if (out->ncmp == 0)
		return peat_err_set(err,
				    "snapshot %s: no model cards among its models (import cards first)",
				    snap->label);
	/* Holm across the family of comparisons, one family per test. */
	double pw[2], pm[2], aw[2], am[2];
	for (size_t i = 0; i < out->ncmp; i++) {
		pw[i] = out->cmp[i].welch.p_greater;
		pm[i] = out->cmp[i].mann_whitney.p_greater;
	}
	stats_holm(pw, out->ncmp, aw);
	stats_holm(pm, out->ncmp, am);
	for (size_t i = 0; i < out->ncmp; i++) {
		out->cmp[i].welch_p_holm = aw[i];
		out->cmp[i].mw_p_holm = am[i];
	}
	return 0;
}

int metrics_c3(Store *st, const SnapshotInfo *snap, size_t n, C3Result *out, PeatErr *err)
{
	int64_t saved = scan_cache_begin(st);
	int rc = compute_c3(st, snap, n, out, err);
	scan_cache_end(st, saved);
	if (rc == 0)
		note_gaps(st, snap, REC_CARD, out->warning, sizeof out->warning);
	return rc;
}

void c3_free(C3Result *r)
{
	for (size_t i = 0; i < r->ncmp; i++) {
		free(r->cmp[i].top_values);
		free(r->cmp[i].bottom_values);
	}
	memset(r, 0, sizeof *r);
}

static void set_p(Table *t, size_t row, size_t col, double p)
{
	if (isnan(p))
		table_set_null(t, row, col, "n/a");
	else
		table_set_real(t, row, col, p, -1);
}

Table *c3_table(const C3Result *r)
{
	StrBuf title = {0};
	sb_printf(&title, "C3 documentation quality (0-1) of the top-%zu vs the bottom-%zu models "
		  "(one-sided: top > bottom)", r->n, r->n);
	Table *t = table_new(sb_str(&title));
	sb_free(&title);
	table_set_name(t, "c3");
	static const char *const cols[] = {
		"ranking", "n", "top mean", "bottom mean", "top median", "bottom median", "welch t", "df",
		"welch p", "holm p", "mw U", "mw p", "mw holm p", "cohen d",
		"top cut", "top tied", "top taken", "bottom cut", "bottom tied", "bottom taken",
	};
	/* ranking; n; the statistics; the p-values; the counts of the cuts */
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
		table_add_column(t, cols[i], i == 0 ? COL_TEXT : i == 1 || i >= 14 ? COL_INT
							: strstr(cols[i], " p") ? COL_PVALUE : COL_REAL);
	int split = 0;
	for (size_t i = 0; i < r->ncmp; i++) {
		const C3Comparison *c = &r->cmp[i];
		size_t row = table_add_row(t), k = 0;
		table_set(t, row, k++, c->ranking);
		table_set_int(t, row, k++, (int64_t)c->top.n);
		table_set_real(t, row, k++, c->top.mean, 3);
		table_set_real(t, row, k++, c->bottom.mean, 3);
		table_set_real(t, row, k++, c->top.median, 3);
		table_set_real(t, row, k++, c->bottom.median, 3);
		table_set_real(t, row, k++, c->welch.statistic, 3);
		table_set_real(t, row, k++, c->welch.df, 1);
		set_p(t, row, k++, c->welch.p_greater);
		set_p(t, row, k++, c->welch_p_holm);
		table_set_real(t, row, k++, c->mann_whitney.statistic, 1);
		set_p(t, row, k++, c->mann_whitney.p_greater);
		set_p(t, row, k++, c->mw_p_holm);
		table_set_real(t, row, k++, c->cohens_d, 3);
		const C3Cut *cuts[2] = {&c->top_cut, &c->bottom_cut};
		static const char *const group_names[2] = {"top", "bottom"};
		for (int g = 0; g < 2; g++) {
			table_set_int(t, row, k++, cuts[g]->value);
			table_set_int(t, row, k++, cuts[g]->tied);
			table_set_int(t, row, k++, cuts[g]->taken);
			if (cuts[g]->tied > cuts[g]->taken) {
				split = 1;
				table_add_note(t, "%s: the %s-%zu cut falls in a tie: %lld models have %s %lld; the %s %lld "
					       "of them by model id were taken.",
					       c->ranking, group_names[g], c->top.n, (long long)cuts[g]->tied, c->ranking,
					       (long long)cuts[g]->value, g == 0 ? "first" : "last",
					       (long long)cuts[g]->taken);
			}
		}
		if (c->top.n < r->n)
			table_add_note(t, "%s: only %lld models with a card; groups of %zu", c->ranking,
				       (long long)c->population, c->top.n);
	}
	table_add_note(t, "cut: the ranking's value at the group's edge; tied: models with that value; taken: how "
		       "many of them are in the group. Ties are broken by model id: the top takes the first, the "
		       "bottom the last.%s",
		       split ? "" : " No cut split a tie.");
	if (r->warning[0])
		table_add_note(t, "%s", r->warning);
	return t;
}
