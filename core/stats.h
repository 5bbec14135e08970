/* SPDX-License-Identifier: MIT */
/* stats.h - the descriptive statistics, distributions and hypothesis tests
 * behind the paper's metrics (C2b: descendants vs downloads on log-log axes;
 * C3: documentation quality of the top vs the bottom of a ranking, one-sided
 * Welch t-test with Holm correction and Cohen's d, plus the Mann-Whitney U
 * test as the rank-based alternative).
 *
 * Every function is pure: no I/O, no global state, thread-safe. Those that
 * sort or rank allocate O(n) scratch with xcalloc (out of memory aborts, as
 * everywhere in peat) and free it before returning. Results agree
 * with SciPy 1.10 / NumPy / statsmodels (named per function) to about 1e-10.
 *
 * Common contract, unless a function says otherwise:
 * - Inputs are `const double *` arrays of `n` values owned by the caller and
 *   never modified. An array may be NULL only when its n is 0.
 * - Output arrays are caller-allocated with room for the stated count.
 * - NaN propagates: if any input value is NaN, the result (every field of a
 *   result struct) is NaN. Use stats_drop_nan() first to ignore missing
 *   values instead. Infinite values are not rejected; they go through IEEE
 *   arithmetic and usually give NaN or an infinite result.
 * - Degenerate input (too few values for the quantity, or zero variance
 *   where the quantity divides by it) gives NaN, never a crash, a trap or a
 *   division by zero. Callers test with isnan(). Where SciPy returns a
 *   conventional number instead of NaN for such input, the function says so.
 * - p-values are in [0, 1]; "greater" is the one-sided alternative that the
 *   first sample (a, x) is larger than the second (b, y). */
#ifndef PEAT_STATS_H
#define PEAT_STATS_H

#include <stddef.h>

/* ---- Descriptive statistics ------------------------------------------- */

/* Copy the non-NaN values of x into out (room for n values; out may equal
 * x) keeping their order; returns how many were copied. */
size_t stats_drop_nan(const double *x, size_t n, double *out);

/* Arithmetic mean. NaN when n == 0. */
double stats_mean(const double *x, size_t n);
/* Sample variance with n - 1 in the denominator (ddof = 1, two-pass).
 * NaN when n < 2. Zero for n >= 2 equal values. */
double stats_variance(const double *x, size_t n);
/* sqrt(stats_variance). NaN when n < 2. */
double stats_sd(const double *x, size_t n);
/* Smallest / largest value. NaN when n == 0. */
double stats_min(const double *x, size_t n);
double stats_max(const double *x, size_t n);

/* Median: the middle value of the sorted copy, or the mean of the two middle
 * values when n is even (numpy.median). NaN when n == 0. Allocates a sorted
 * copy internally (O(n) memory, O(n log n) time). */
double stats_median(const double *x, size_t n);
/* The q-quantile (0 <= q <= 1) with NumPy's default "linear" method:
 * position h = (n - 1) q in the sorted values, interpolated linearly between
 * the neighbours floor(h) and floor(h) + 1 (numpy.quantile(x, q)).
 * NaN when n == 0 or q is NaN or outside [0, 1]. Sorts a copy, as above. */
double stats_quantile(const double *x, size_t n, double q);

/* Everything a box plot and a summary row need, from one sort. */
typedef struct StatsSummary {
	size_t n;
	double min, q1, median, q3, max; /* q1/q3 as stats_quantile 0.25/0.75 */
	double mean;
	double sd; /* sample standard deviation (n - 1); NaN when n < 2 */
} StatsSummary;
/* Fill *out for x. With n == 0 or any NaN in x every double field is NaN
 * (out->n is still n). */
void stats_summary(const double *x, size_t n, StatsSummary *out);

/* ---- Ranks -------------------------------------------------------------- */

/* Rank x into ranks (room for n values; must not overlap x): 1 for the
 * smallest value, ties get the average of the ranks they span
 * (scipy.stats.rankdata, method "average"). When tie_term is not NULL it
 * receives sum(t^3 - t) over the groups of t tied values, the quantity rank
 * tests need for their tie correction (0 without ties).
 * Returns 0, or -1 when x holds a NaN: then every rank and *tie_term are NaN.
 * n == 0 is valid (returns 0, *tie_term = 0). Allocates O(n) scratch. */
int stats_rank(const double *x, size_t n, double *ranks, double *tie_term);

/* ---- Distributions ------------------------------------------------------ */

/* Regularized incomplete beta function I_x(a, b) for a > 0, b > 0 and
 * 0 <= x <= 1 (scipy.special.betainc), evaluated by a continued fraction
 * (modified Lentz) with the prefactor computed in logarithms. Relative
 * accuracy about 1e-12 for a, b up to 1000; beyond that it degrades roughly
 * as max(a, b) * 1e-15 near the distribution's centre, so a or b above 1e9
 * is refused (the t functions below have no such limit).
 * NaN when an argument is NaN or outside a, b in (0, 1e9], x in [0, 1]. */
double stats_incbeta(double a, double b, double x);

/* Student t distribution with df > 0 degrees of freedom (any real df, also
 * non-integer and very large): cumulative distribution P(T <= t) and survival
 * function P(T > t) (scipy.stats.t.cdf / t.sf). The survival function is
 * computed directly, so tiny upper tails keep their relative accuracy
 * (about 1e-13 relative, checked against 60-digit arithmetic for
 * 0.3 <= df <= 1e10). For df >= 1000 the central region uses DiDonato and
 * Morris' asymptotic series instead of the continued fraction, which is
 * ill-conditioned there. df = +infinity gives the normal distribution.
 * t may be +-infinity. NaN when t or df is NaN or df <= 0. */
double stats_t_cdf(double t, double df);
double stats_t_sf(double t, double df);

/* Standard normal CDF and survival function via erfc (scipy.stats.norm). */
double stats_normal_cdf(double z);
double stats_normal_sf(double z);

/* ---- Two-sample tests ------------------------------------------------- */

/* The outcome of a two-sample test of a (first sample) against b. */
typedef struct StatsTest {
	double statistic;   /* Welch: t; Mann-Whitney: U1 for sample a */
	double df;          /* Welch-Satterthwaite df; NaN for Mann-Whitney */
	double p_greater;   /* alternative: a is larger than b */
	double p_less;      /* alternative: a is smaller than b */
	double p_two_sided; /* alternative: a and b differ */
} StatsTest;

/* Welch's unequal-variances t-test:
 *   t = (mean(a) - mean(b)) / sqrt(s_a^2/n_a + s_b^2/n_b),
 *   df = (s_a^2/n_a + s_b^2/n_b)^2 / ((s_a^2/n_a)^2/(n_a-1) + (s_b^2/n_b)^2/(n_b-1)),
 * p-values from the t distribution with that (non-integer) df. Matches
 * scipy.stats.ttest_ind(a, b, equal_var=False, alternative=...).
 * Every field NaN when n_a < 2, n_b < 2, or both samples have zero variance
 * (SciPy then reports t = +-inf or NaN with df forced to 1). */
void stats_welch_t(const double *a, size_t n_a, const double *b, size_t n_b,
		   StatsTest *out);

/* Mann-Whitney U test, normal approximation with tie correction and
 * continuity correction. statistic = U1 = R1 - n_a(n_a + 1)/2 where R1 is
 * the sum of the ranks of a in the pooled sample (average ranks for ties).
 * Matches scipy.stats.mannwhitneyu(a, b, alternative=...,
 * method='asymptotic', use_continuity=True).
 * Every field NaN when n_a == 0 or n_b == 0. When every pooled value is
 * equal the U statistic is still reported but the p-values are NaN (the
 * normal approximation has zero variance; SciPy reports p = 1). */
void stats_mann_whitney(const double *a, size_t n_a, const double *b,
			size_t n_b, StatsTest *out);

/* Cohen's d = (mean(a) - mean(b)) / s_pooled with
 *   s_pooled^2 = ((n_a - 1) s_a^2 + (n_b - 1) s_b^2) / (n_a + n_b - 2),
 * i.e. the pooled sums of squared deviations over n_a + n_b - 2.
 * NaN when n_a == 0, n_b == 0, n_a + n_b < 3, or s_pooled == 0. */
double stats_cohens_d(const double *a, size_t n_a, const double *b,
		      size_t n_b);

/* ---- Multiple comparisons ----------------------------------------------- */

/* Holm-Bonferroni step-down adjustment of m p-values: sorted ascending,
 * the i-th smallest (i = 0..m-1) becomes (m - i) p, made monotone by a running
 * maximum and capped at 1; results are written back in the input order.
 * Ties get the same adjusted value. Matches statsmodels'
 * multipletests(p, method='holm')[1]. adjusted has room for m values and
 * may be the same array as p. Returns 0, or -1 when a p-value is NaN or
 * outside [0, 1]: then every adjusted value is NaN. m == 0 is valid. */
int stats_holm(const double *p, size_t m, double *adjusted);

/* ---- Correlation and regression ----------------------------------------- */

/* Pearson correlation of the n pairs (x[i], y[i]), clipped to [-1, 1]
 * (scipy.stats.pearsonr(x, y)[0]). NaN when n < 2 or x or y is constant. */
double stats_pearson(const double *x, const double *y, size_t n);

typedef struct StatsCorrelation {
	double r; /* the coefficient */
	double p_two_sided;
} StatsCorrelation;

/* Spearman's rank correlation: the Pearson correlation of the average
 * ranks of x and of y; p-value from t = r sqrt((n-2) / ((1+r)(1-r))) with
 * n - 2 df (two-sided; 0 when |r| = 1). Matches scipy.stats.spearmanr(x, y).
 * r is NaN when n < 2 or x or y is constant; p is NaN also when n < 3. */
void stats_spearman(const double *x, const double *y, size_t n,
		    StatsCorrelation *out);

/* Ordinary least squares fit y = intercept + slope x. */
typedef struct StatsLinreg {
	double slope, intercept;
	double r;          /* Pearson r of x and y */
	double r2;         /* r * r: the share of y's variance explained */
	double p_two_sided; /* H0: slope = 0 (t-test on r with n - 2 df) */
	double slope_stderr, intercept_stderr;
} StatsLinreg;

/* Least squares regression of y on x. Matches scipy.stats.linregress(x, y)
 * (slope, intercept, rvalue, pvalue, stderr, intercept_stderr).
 * Degenerate input: every field NaN when n < 2 or x is constant (SciPy
 * raises). When y is constant slope = 0, intercept = y[0] and the standard
 * errors are 0 (NaN when n == 2) but r, r2 and p are NaN (SciPy reports
 * r = 0, p = 1). With n == 2 the line is exact and p and both standard
 * errors are NaN (SciPy reports p = 0 or 1 and 0). */
void stats_linregress(const double *x, const double *y, size_t n,
		      StatsLinreg *out);

#endif
