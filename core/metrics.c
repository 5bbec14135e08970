/* metrics.c - the paper's measurements C1, C2b and C3 over the store. */
#include "metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* Distinct (parent, child) pairs of the registry whose child has a stored
 * record: a placeholder child's libraries are unknown, not absent. */
#define C1_PAIRS                                                                        \
	"pairs AS (SELECT DISTINCT e.parent_id, e.child_id FROM edge e"                 \
	" JOIN model p ON p.id = e.parent_id JOIN model c ON c.id = e.child_id"         \
	" WHERE p.registry_id = ?1 AND c.has_record = 1 AND e.parent_id <> e.child_id)," \
	"nlib AS (SELECT model_id, count(*) AS n FROM model_library GROUP BY model_id)"

static const char c1_paper_sql[] =
	"WITH " C1_PAIRS
	" SELECT l.library, count(DISTINCT p.parent_id), count(*),"
	"  sum(EXISTS (SELECT 1 FROM model_library c WHERE c.model_id = p.child_id AND c.library = l.library))"
	" FROM pairs p JOIN model_library l ON l.model_id = p.parent_id"
	" JOIN nlib b ON b.model_id = p.parent_id AND b.n >= 2"
	" GROUP BY l.library";

static const char c1_artifact_sql[] =
	"WITH " C1_PAIRS ","
	" multi AS (SELECT DISTINCT p.child_id FROM pairs p JOIN nlib n ON n.model_id = p.child_id AND n.n >= 2)"
	" SELECT l.library, 0, (SELECT count(*) FROM multi), count(*)"
	" FROM multi m JOIN model_library l ON l.model_id = m.child_id"
	" GROUP BY l.library";

static int compare_preservation(const void *a, const void *b)
{
	const LibraryPreservation *x = a, *y = b;
	if (x->descendants != y->descendants)
		return x->descendants < y->descendants ? 1 : -1;
	if (x->preserving != y->preserving)
		return x->preserving < y->preserving ? 1 : -1;
	return strcmp(x->library, y->library);
}

int metrics_c1(Store *st, int64_t registry_id, MetricVariant v, C1Result *out, PeatErr *err)
{
	memset(out, 0, sizeof *out);
	out->variant = v;
	sqlite3_stmt *stmt = store_prepare(st, v == VARIANT_PAPER ? c1_paper_sql : c1_artifact_sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, registry_id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (out->nlibs == cap) {
			cap = cap ? cap * 2 : 32;
			out->libs = xrealloc(out->libs, cap * sizeof *out->libs);
		}
		LibraryPreservation *lp = &out->libs[out->nlibs++];
		snprintf(lp->library, sizeof lp->library, "%s", (const char *)sqlite3_column_text(stmt, 0));
		lp->bases = sqlite3_column_int64(stmt, 1);
		lp->descendants = sqlite3_column_int64(stmt, 2);
		lp->preserving = sqlite3_column_int64(stmt, 3);
		lp->share = lp->descendants ? (double)lp->preserving / (double)lp->descendants : NAN;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		c1_free(out);
		return store_error(st, err);
	}
	if (out->nlibs)
		qsort(out->libs, out->nlibs, sizeof *out->libs, compare_preservation);
	return 0;
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
	return t;
}

/* --------------------------------------------------------------- C2b */

static const char c2b_paper_sql[] =
	"SELECT s.downloads, (SELECT count(DISTINCT e.child_id) FROM edge e WHERE e.parent_id = m.id)"
	" FROM stat s JOIN model m ON m.id = s.model_id"
	" WHERE s.snapshot_id = ?1 AND s.downloads IS NOT NULL"
	" AND EXISTS (SELECT 1 FROM edge e WHERE e.parent_id = m.id)";

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
 * children with known downloads. */
static const char c2b_artifact_sql[] =
	"WITH pairs AS (SELECT DISTINCT e.parent_id, e.child_id FROM edge e"
	"  JOIN model p ON p.id = e.parent_id JOIN snapshot sn ON sn.id = ?1"
	"  WHERE p.registry_id = sn.registry_id"
	"  AND EXISTS (SELECT 1 FROM stat x WHERE x.model_id = e.child_id AND x.snapshot_id = ?1))"
	" SELECT coalesce(sum(cs.downloads), 0), count(cs.downloads)"
	" FROM pairs p JOIN stat cs ON cs.model_id = p.child_id AND cs.snapshot_id = ?1"
	" GROUP BY p.parent_id";

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

int metrics_c2b(Store *st, const SnapshotInfo *snap, MetricVariant v, C2bResult *out, PeatErr *err)
{
	memset(out, 0, sizeof *out);
	out->variant = v;
	sqlite3_stmt *stmt = store_prepare(st, v == VARIANT_PAPER ? c2b_paper_sql : c2b_artifact_sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, snap->id);
	Point *pts = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			pts = xrealloc(pts, cap * sizeof *pts);
		}
		pts[n].x = sqlite3_column_double(stmt, 0);
		pts[n].y = sqlite3_column_double(stmt, 1);
		n++;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		free(pts);
		return store_error(st, err);
	}
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
		table_set(t, row, 1, "n/a");
	else if (digits < 0)
		table_setf(t, row, 1, "%.3g", v);
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

/* Quality of every model in the snapshot with a scored card and a known
 * value of `measure`, with that value, best first, ties broken by model id
 * (the tie rule metrics.h states). */
static int ranked_quality(Store *st, const SnapshotInfo *snap, const char *measure, double **quality,
			  int64_t **values, size_t *n, PeatErr *err)
{
	StrBuf sql = {0};
	sb_printf(&sql,
		  "SELECT c.quality, s.%s FROM stat s JOIN card_score c ON c.model_id = s.model_id"
		  " JOIN model m ON m.id = s.model_id WHERE s.snapshot_id = ?1 AND s.%s IS NOT NULL"
		  " ORDER BY s.%s DESC, m.name",
		  measure, measure, measure);
	sqlite3_stmt *stmt = store_prepare(st, sb_str(&sql), err);
	sb_free(&sql);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, snap->id);
	size_t cap = 0;
	*quality = NULL;
	*values = NULL;
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 1024;
			*quality = xrealloc(*quality, cap * sizeof **quality);
			*values = xrealloc(*values, cap * sizeof **values);
		}
		(*quality)[*n] = sqlite3_column_double(stmt, 0);
		(*values)[(*n)++] = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		free(*quality);
		free(*values);
		*quality = NULL;
		*values = NULL;
		return store_error(st, err);
	}
	return 0;
}

/* The cut of the group values[from .. from + len) of a ranking of total
 * values: at its last model for the top (from 0), at its first for the
 * bottom (the group's model nearest the rest of the ranking). */
static C3Cut group_cut(const int64_t *values, size_t total, size_t from, size_t len)
{
	C3Cut c = {0, 0, 0};
	if (len == 0)
		return c;
	size_t at = from == 0 ? len - 1 : from;
	c.value = values[at];
	for (size_t i = 0; i < total; i++)
		if (values[i] == c.value) {
			c.tied++;
			c.taken += i >= from && i < from + len;
		}
	return c;
}

int metrics_c3(Store *st, const SnapshotInfo *snap, size_t n, C3Result *out, PeatErr *err)
{
	static const char *const rankings[] = {"downloads", "likes"};
	memset(out, 0, sizeof *out);
	out->n = n;
	for (size_t k = 0; k < 2; k++) {
		double *q;
		int64_t *v;
		size_t total;
		if (ranked_quality(st, snap, rankings[k], &q, &v, &total, err) < 0) {
			c3_free(out);
			return -1;
		}
		if (k == 0)
			out->population = (int64_t)total;
		if (total < 4) {
			free(q);
			free(v);
			continue; /* the snapshot has no such number (e.g. likes) */
		}
		size_t group = n < total / 2 ? n : total / 2;
		C3Comparison *c = &out->cmp[out->ncmp++];
		snprintf(c->ranking, sizeof c->ranking, "%s", rankings[k]);
		c->population = (int64_t)total;
		c->top_cut = group_cut(v, total, 0, group);
		c->bottom_cut = group_cut(v, total, total - group, group);
		c->top_values = xcalloc(group, sizeof *c->top_values);
		c->bottom_values = xcalloc(group, sizeof *c->bottom_values);
		memcpy(c->top_values, q, group * sizeof *q);
		memcpy(c->bottom_values, q + total - group, group * sizeof *q);
		free(q);
		free(v);
		stats_summary(c->top_values, group, &c->top);
		stats_summary(c->bottom_values, group, &c->bottom);
		stats_welch_t(c->top_values, group, c->bottom_values, group, &c->welch);
		stats_mann_whitney(c->top_values, group, c->bottom_values, group, &c->mann_whitney);
		c->cohens_d = stats_cohens_d(c->top_values, group, c->bottom_values, group);
	}
	if (out->ncmp == 0)
		return peat_err_set(err,
				    "snapshot %s: no scored model cards among its models (import cards, then run "
				    "`peat cards score`)",
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
		table_set(t, row, col, "n/a");
	else
		table_setf(t, row, col, "%.3g", p);
}

Table *c3_table(const C3Result *r)
{
	StrBuf title = {0};
	sb_printf(&title, "C3 documentation quality (0-1) of the top-%zu vs the bottom-%zu models "
		  "(one-sided: top > bottom)", r->n, r->n);
	Table *t = table_new(sb_str(&title));
	sb_free(&title);
	static const char *const cols[] = {
		"ranking", "n", "top mean", "bottom mean", "top median", "bottom median", "welch t", "df",
		"welch p", "holm p", "mw U", "mw p", "mw holm p", "cohen d",
		"top cut", "top tied", "top taken", "bottom cut", "bottom tied", "bottom taken",
	};
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
		table_add_column(t, cols[i], i == 0 ? COL_TEXT : COL_REAL);
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
			table_add_note(t, "%s: only %lld models with a scored card; groups of %zu", c->ranking,
				       (long long)c->population, c->top.n);
	}
	table_add_note(t, "cut: the ranking's value at the group's edge; tied: models with that value; taken: how "
		       "many of them are in the group. Ties are broken by model id: the top takes the first, the "
		       "bottom the last.%s",
		       split ? "" : " No cut split a tie.");
	return t;
}
