/* SPDX-License-Identifier: MIT */
/* stats.c - see stats.h. Formulas follow the SciPy / NumPy / statsmodels
 * functions named in the header, so numbers agree with a reviewer's Python
 * notebook; the special functions are written here so the core needs only
 * libm. */
#include "stats.h"

#include "strbuf.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

/* M_PI and friends are POSIX, not C11. */
#define HALF_LOG_2PI 0.91893853320467274178032973640562 /* ln(2 pi) / 2 */
#define SQRT_2 1.41421356237309504880168872420970
#define LOG_SQRT_PI 0.57236494292470008707171367567653 /* ln Gamma(1/2) */
/* From this many degrees of freedom on, the t distribution's central part
 * uses an asymptotic series instead of the continued fraction. */
#define LARGE_DF 1000.0
/* stats_incbeta's largest supported a and b (see stats.h). */
#define INCBETA_MAX_PARAM 1e9

/* ---- Helpers ---------------------------------------------------------- */

static int has_nan(const double *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (isnan(x[i]))
			return 1;
	return 0;
}

/* Exact equality with the first value, as SciPy tests for constant input:
 * the rounded mean of equal values need not equal them, so "variance == 0"
 * computed from deviations is not a reliable test. */
static int is_constant(const double *x, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (x[i] != x[0])
			return 0;
	return 1;
}

static int compare_doubles(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;
	return (a > b) - (a < b);
}

/* A sorted heap copy of x (n > 0, no NaN). The caller frees it. */
static double *sorted_copy(const double *x, size_t n)
{
	double *copy = xcalloc(n, sizeof *copy);
	for (size_t i = 0; i < n; i++)
		copy[i] = x[i];
	qsort(copy, n, sizeof *copy, compare_doubles);
	return copy;
}

/* Sum of squared deviations from the mean (two-pass, no cancellation). */
static double sum_sq_dev(const double *x, size_t n, double mean)
{
	double ss = 0.0;
	for (size_t i = 0; i < n; i++) {
		double d = x[i] - mean;
		ss += d * d;
	}
	return ss;
}

/* ---- Descriptive statistics ------------------------------------------- */

size_t stats_drop_nan(const double *x, size_t n, double *out)
{
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(x[i]))
			out[kept++] = x[i];
	return kept;
}

double stats_mean(const double *x, size_t n)
{
	if (n == 0)
		return NAN;
	double sum = 0.0;
	for (size_t i = 0; i < n; i++)
		sum += x[i];
	return sum / (double)n;
}

double stats_variance(const double *x, size_t n)
{
	if (n < 2 || has_nan(x, n))
		return NAN;
	if (is_constant(x, n))
		return 0.0;
	return sum_sq_dev(x, n, stats_mean(x, n)) / (double)(n - 1);
}

double stats_sd(const double *x, size_t n)
{
	return sqrt(stats_variance(x, n));
}

double stats_min(const double *x, size_t n)
{
	if (n == 0 || has_nan(x, n))
		return NAN;
	double m = x[0];
	for (size_t i = 1; i < n; i++)
		if (x[i] < m)
			m = x[i];
	return m;
}

double stats_max(const double *x, size_t n)
{
	if (n == 0 || has_nan(x, n))
		return NAN;
	double m = x[0];
	for (size_t i = 1; i < n; i++)
		if (x[i] > m)
			m = x[i];
	return m;
}

/* Median of already sorted values (n > 0). Halving each term before adding
 * is exact and cannot overflow. */
static double sorted_median(const double *s, size_t n)
{
	if (n % 2)
		return s[n / 2];
	return s[n / 2 - 1] / 2.0 + s[n / 2] / 2.0;
}

/* NumPy's "linear" quantile of sorted values (n > 0, 0 <= q <= 1),
 * including its two-sided interpolation (numpy.lib.function_base._lerp),
 * which interpolates from the nearer neighbour to reduce rounding. */
static double sorted_quantile(const double *s, size_t n, double q)
{
	double h = (double)(n - 1) * q;
	double below = floor(h);
	size_t lo = (size_t)below;
	if (lo >= n - 1)
		return s[n - 1];
	double frac = h - below;
	double a = s[lo], b = s[lo + 1];
	double diff = b - a;
	if (frac >= 0.5)
		return b - diff * (1.0 - frac);
	return a + diff * frac;
}

double stats_median(const double *x, size_t n)
{
	if (n == 0 || has_nan(x, n))
		return NAN;
	double *s = sorted_copy(x, n);
	double m = sorted_median(s, n);
	free(s);
	return m;
}

double stats_quantile(const double *x, size_t n, double q)
{
	if (n == 0 || !(q >= 0.0 && q <= 1.0) || has_nan(x, n))
		return NAN;
	double *s = sorted_copy(x, n);
	double v = sorted_quantile(s, n, q);
	free(s);
	return v;
}

void stats_summary(const double *x, size_t n, StatsSummary *out)
{
	out->n = n;
	out->min = out->q1 = out->median = out->q3 = out->max = NAN;
	out->mean = out->sd = NAN;
	if (n == 0 || has_nan(x, n))
		return;
	double *s = sorted_copy(x, n);
	out->min = s[0];
	out->max = s[n - 1];
	out->q1 = sorted_quantile(s, n, 0.25);
	out->median = sorted_median(s, n);
	out->q3 = sorted_quantile(s, n, 0.75);
	free(s);
	out->mean = stats_mean(x, n);
	out->sd = stats_sd(x, n);
}

/* ---- Ranks -------------------------------------------------------------- */

typedef struct IndexedValue {
	double value;
	size_t index;
} IndexedValue;

static int compare_indexed(const void *pa, const void *pb)
{
	const IndexedValue *a = pa, *b = pb;
	if (a->value != b->value)
		return (a->value > b->value) - (a->value < b->value);
	/* Ties in original order keep qsort's result deterministic. */
	return (a->index > b->index) - (a->index < b->index);
}

/* The values with their positions, sorted by value (heap, caller frees). */
static IndexedValue *sorted_with_index(const double *x, size_t n)
{
	IndexedValue *v = xcalloc(n, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		v[i].value = x[i];
		v[i].index = i;
	}
	qsort(v, n, sizeof *v, compare_indexed);
	return v;
}

int stats_rank(const double *x, size_t n, double *ranks, double *tie_term)
{
	if (tie_term)
		*tie_term = 0.0;
	if (has_nan(x, n)) {
		for (size_t i = 0; i < n; i++)
			ranks[i] = NAN;
		if (tie_term)
			*tie_term = NAN;
		return -1;
	}
	if (n == 0)
		return 0;
	IndexedValue *v = sorted_with_index(x, n);
	double ties = 0.0;
	size_t start = 0;
	while (start < n) {
		size_t end = start + 1;
		while (end < n && v[end].value == v[start].value)
			end++;
		/* Sorted positions start..end-1 hold ranks start+1..end. */
		double avg = ((double)start + 1.0 + (double)end) / 2.0;
		for (size_t k = start; k < end; k++)
			ranks[v[k].index] = avg;
		double t = (double)(end - start);
		ties += t * t * t - t;
		start = end;
	}
	free(v);
	if (tie_term)
		*tie_term = ties;
	return 0;
}

/* ---- Special functions -------------------------------------------------- */

/* lgamma(x) - [(x - 1/2) ln x - x + ln(2 pi)/2] for x >= 10, from the
 * Stirling series; the first omitted term is below 1e-16 there. */
static double stirling_remainder(double x)
{
	static const double coef[] = {
		1.0 / 12.0,        -1.0 / 360.0,     1.0 / 1260.0,
		-1.0 / 1680.0,     1.0 / 1188.0,     -691.0 / 360360.0,
		1.0 / 156.0,       -3617.0 / 122400.0,
	};
	double inv = 1.0 / x, inv2 = inv * inv, sum = 0.0, power = inv;
	for (size_t i = 0; i < sizeof coef / sizeof coef[0]; i++) {
		sum += coef[i] * power;
		power *= inv2;
	}
	return sum;
}

/* ln B(a, b). lgamma(a) + lgamma(b) - lgamma(a + b) loses all precision
 * when one argument is large (the t distribution with large df needs
 * B(df/2, 1/2)): the big terms cancel. Above 10 the Stirling form is
 * rearranged so that the large parts cancel analytically. */
static double log_beta(double a, double b)
{
	double big = a > b ? a : b, small = a > b ? b : a;
	if (big < 10.0)
		return lgamma(a) + lgamma(b) - lgamma(a + b);
	double sum = big + small;
	/* lgamma(big) - lgamma(big + small), exact rearrangement of Stirling */
	double diff = -(big - 0.5) * log1p(small / big) - small * log(sum) + small +
		      stirling_remainder(big) - stirling_remainder(sum);
	if (small < 10.0)
		return lgamma(small) + diff;
	/* lgamma(small) by Stirling too, so its (small) ln(...) terms combine */
	return diff + (small - 0.5) * log(small) - small + HALF_LOG_2PI +
	       stirling_remainder(small);
}

/* The continued fraction for I_x(a, b) * a / (x^a y^b / B(a, b)), evaluated
 * with the modified Lentz method; it converges fast for
 * x < (a + 1) / (a + b + 2). Returns NaN if it does not converge. */
static double beta_continued_fraction(double a, double b, double x)
{
	const double tiny = 1e-300;
	const double eps = DBL_EPSILON;
	/* Convergence needs O(sqrt(max(a, b))) terms near the switch point.
	 * The coefficients are formed as products of ratios so that huge a or
	 * b cannot overflow them. */
	double bound = 200.0 + 50.0 * sqrt(a > b ? a : b);
	long max_terms = bound > 2e6 ? 2000000L : (long)bound;
	double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0);
	if (fabs(d) < tiny)
		d = tiny;
	d = 1.0 / d;
	double h = d;
	for (long m = 1; m <= max_terms; m++) {
		double dm = (double)m, m2 = 2.0 * dm;
		/* even step: d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m)) */
		double coef = dm / (a + m2 - 1.0) * ((b - dm) / (a + m2)) * x;
		d = 1.0 + coef * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1.0 + coef / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1.0 / d;
		h *= d * c;
		/* odd step: d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)) */
		coef = -((a + dm) / (a + m2)) * ((a + b + dm) / (a + m2 + 1.0)) * x;
		d = 1.0 + coef * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1.0 + coef / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1.0 / d;
		double delta = d * c;
		h *= delta;
		if (fabs(delta - 1.0) <= eps)
			return h;
	}
	return NAN;
}

/* I_x(a, b) given both x and y = 1 - x, each accurate on its own: callers
 * that know 1 - x more precisely than the subtraction would give (the t
 * distribution near t = 0) pass it. */
static double incbeta_xy(double a, double b, double x, double y)
{
	if (x <= 0.0)
		return 0.0;
	if (y <= 0.0)
		return 1.0;
	/* Use the symmetry I_x(a, b) = 1 - I_y(b, a) where the fraction is slow. */
	if (x > (a + 1.0) / (a + b + 2.0))
		return 1.0 - incbeta_xy(b, a, y, x);
	double log_x = x < 0.5 ? log(x) : log1p(-y);
	double log_y = y < 0.5 ? log(y) : log1p(-x);
	double log_front = a * log_x + b * log_y - log_beta(a, b);
	if (log_front < -746.0) /* below the smallest subnormal: the result is 0 */
		return 0.0;
	return exp(log_front) * beta_continued_fraction(a, b, x) / a;
}

double stats_incbeta(double a, double b, double x)
{
	/* Past 1e9 the error (about max(a, b) * 1e-15) would exceed 1e-6. */
	if (!(a > 0.0 && a <= INCBETA_MAX_PARAM) ||
	    !(b > 0.0 && b <= INCBETA_MAX_PARAM) || !(x >= 0.0 && x <= 1.0))
		return NAN;
	return incbeta_xy(a, b, x, 1.0 - x);
}

/* Bernoulli numbers B_2, B_4, ..., B_30 for the series below. */
static const double bernoulli_even[] = {
	1.0 / 6.0,          -1.0 / 30.0,          1.0 / 42.0,
	-1.0 / 30.0,        5.0 / 66.0,           -691.0 / 2730.0,
	7.0 / 6.0,          -3617.0 / 510.0,      43867.0 / 798.0,
	-174611.0 / 330.0,  854513.0 / 138.0,     -236364091.0 / 2730.0,
	8553103.0 / 6.0,    -23749461029.0 / 870.0, 8615841276005.0 / 14322.0,
};
#define LARGE_DF_TERMS (sizeof bernoulli_even / sizeof bernoulli_even[0])

/* I_x(a, 1/2) for large a and x = exp(-w0) with 0 < w0 <= 1, where the
 * continued fraction is ill-conditioned: its coefficients are formed from
 * x ~ 1 - O(1/a), so the rounding of x is amplified about a times.
 *
 * With s = exp(-w) and T = a - 1/4 the integrand of I_x becomes
 *   s^(a-1) (1-s)^(-1/2) ds = e^(-T w) w^(-1/2) f(w) dw,
 *   f(w) = (sinh(w/2) / (w/2))^(-1/2) = sum_n c_n w^(2n),
 * so I_x(a, 1/2) = P sum_n c_n J_n / T^(2n) with u = T w0,
 *   J_n = Gamma(1/2 + 2n, u) / Gamma(1/2)  (J_0 = erfc(sqrt(u))),
 *   P = Gamma(a + 1/2) / (Gamma(a) sqrt(T)).
 * ln(sinh(v)/v) = sum_k B_2k (2v)^(2k) / (2k (2k)!), and the c_n follow
 * from exponentiating that series. All terms are positive; they shrink by
 * about (w0 / 2 pi)^2 or (2n / 2 pi T)^2 per step, so a >= 500 needs only a
 * handful of them. This is DiDonato and Morris' asymptotic expansion for
 * large a and small b, specialised to b = 1/2. */
static double incbeta_large_a_half(double a, double w0)
{
	double T = a - 0.25;
	double u = T * w0;
	/* h_k: coefficients of -1/2 ln(sinh(w/2)/(w/2)) in powers of w^2 */
	double h[LARGE_DF_TERMS + 1], c[LARGE_DF_TERMS + 1];
	double factorial = 1.0; /* (2k)! */
	for (size_t k = 1; k <= LARGE_DF_TERMS; k++) {
		factorial *= (double)(2 * k - 1) * (double)(2 * k);
		h[k] = -0.5 * bernoulli_even[k - 1] / ((double)(2 * k) * factorial);
	}
	c[0] = 1.0;
	for (size_t n = 1; n <= LARGE_DF_TERMS; n++) {
		double sum = 0.0;
		for (size_t k = 1; k <= n; k++)
			sum += (double)k * h[k] * c[n - k];
		c[n] = sum / (double)n;
	}
	double log_u = log(u);
	double j = erfc(sqrt(u)); /* J_0 */
	double s = 0.5;           /* J_n = Gamma(s, u) / Gamma(1/2) */
	double inv_t2 = 1.0 / (T * T), scale = 1.0;
	double sum = j;
	for (size_t n = 1; n <= LARGE_DF_TERMS; n++) {
		/* Gamma(s + 1, u) = s Gamma(s, u) + u^s e^-u, applied twice */
		for (int step = 0; step < 2; step++) {
			j = s * j + exp(s * log_u - u - LOG_SQRT_PI);
			s += 1.0;
		}
		scale *= inv_t2;
		double term = c[n] * j * scale;
		sum += term;
		if (fabs(term) <= 1e-17 * sum)
			break;
	}
	double log_p = LOG_SQRT_PI - log_beta(a, 0.5) - 0.5 * log(T);
	return exp(log_p) * sum;
}

/* P(T > |t|) for the t distribution: I_x(df/2, 1/2) / 2 with
 * x = df / (df + t^2). x and 1 - x are formed from whichever of t^2/df or
 * df/t^2 is at most 1, so neither overflows nor cancels. */
static double t_upper_tail(double abs_t, double df)
{
	if (abs_t == 0.0)
		return 0.5;
	if (isinf(abs_t))
		return 0.0;
	double x, y, w0; /* w0 = -ln x = ln(1 + t^2/df) */
	if (abs_t <= sqrt(df)) {
		double r = abs_t / df * abs_t; /* t^2 / df <= 1 */
		x = 1.0 / (1.0 + r);
		y = r / (1.0 + r);
		w0 = log1p(r);
	} else {
		double r = df / abs_t / abs_t; /* df / t^2 < 1 */
		x = r / (1.0 + r);
		y = 1.0 / (1.0 + r);
		w0 = log1p(1.0 / r);
	}
	/* Beyond w0 = 1 the continued fraction is well-conditioned. */
	if (df >= LARGE_DF && w0 <= 1.0)
		return 0.5 * incbeta_large_a_half(df / 2.0, w0);
	return 0.5 * incbeta_xy(df / 2.0, 0.5, x, y);
}

double stats_t_sf(double t, double df)
{
	if (isnan(t) || !(df > 0.0))
		return NAN;
	if (isinf(df))
		return stats_normal_sf(t);
	double tail = t_upper_tail(fabs(t), df);
	return t > 0.0 ? tail : 1.0 - tail;
}

double stats_t_cdf(double t, double df)
{
	if (isnan(t) || !(df > 0.0))
		return NAN;
	if (isinf(df))
		return stats_normal_cdf(t);
	double tail = t_upper_tail(fabs(t), df);
	return t < 0.0 ? tail : 1.0 - tail;
}

double stats_normal_cdf(double z)
{
	return 0.5 * erfc(-z / SQRT_2);
}

double stats_normal_sf(double z)
{
	return 0.5 * erfc(z / SQRT_2);
}

/* ---- Two-sample tests ------------------------------------------------- */

static void test_set_nan(StatsTest *out)
{
	out->statistic = out->df = NAN;
	out->p_greater = out->p_less = out->p_two_sided = NAN;
}

void stats_welch_t(const double *a, size_t n_a, const double *b, size_t n_b,
		   StatsTest *out)
{
	test_set_nan(out);
	if (n_a < 2 || n_b < 2 || has_nan(a, n_a) || has_nan(b, n_b))
		return;
	double var_mean_a = stats_variance(a, n_a) / (double)n_a;
	double var_mean_b = stats_variance(b, n_b) / (double)n_b;
	double var_diff = var_mean_a + var_mean_b;
	if (!(var_diff > 0.0))
		return;
	double t = (stats_mean(a, n_a) - stats_mean(b, n_b)) / sqrt(var_diff);
	/* Welch-Satterthwaite with each share normalised by the sum, so squares
	 * of tiny variances cannot underflow to 0/0. */
	double share_a = var_mean_a / var_diff, share_b = var_mean_b / var_diff;
	double df = 1.0 / (share_a * share_a / (double)(n_a - 1) +
			   share_b * share_b / (double)(n_b - 1));
	out->statistic = t;
	out->df = df;
	out->p_greater = stats_t_sf(t, df);
	out->p_less = stats_t_cdf(t, df);
	double two = 2.0 * stats_t_sf(fabs(t), df);
	out->p_two_sided = two > 1.0 ? 1.0 : two;
}

void stats_mann_whitney(const double *a, size_t n_a, const double *b,
			size_t n_b, StatsTest *out)
{
	test_set_nan(out);
	if (n_a == 0 || n_b == 0 || has_nan(a, n_a) || has_nan(b, n_b))
		return;
	size_t n = n_a + n_b;
	double *pooled = xcalloc(n, sizeof *pooled);
	double *ranks = xcalloc(n, sizeof *ranks);
	for (size_t i = 0; i < n_a; i++)
		pooled[i] = a[i];
	for (size_t i = 0; i < n_b; i++)
		pooled[n_a + i] = b[i];
	double tie_term = 0.0;
	stats_rank(pooled, n, ranks, &tie_term);
	double rank_sum_a = 0.0;
	for (size_t i = 0; i < n_a; i++)
		rank_sum_a += ranks[i];
	int all_tied = is_constant(pooled, n);
	free(ranks);
	free(pooled);

	double na = (double)n_a, nb = (double)n_b, nn = (double)n;
	double u1 = rank_sum_a - na * (na + 1.0) / 2.0;
	double u2 = na * nb - u1;
	out->statistic = u1;
	double spread = na * nb / 12.0 * ((nn + 1.0) - tie_term / (nn * (nn - 1.0)));
	if (all_tied || !(spread > 0.0))
		return;
	double sd = sqrt(spread), mu = na * nb / 2.0;
	/* The continuity correction always moves towards the null: each
	 * p-value is an upper tail, so 0.5 is subtracted from its U. */
	out->p_greater = stats_normal_sf((u1 - mu - 0.5) / sd);
	out->p_less = stats_normal_sf((u2 - mu - 0.5) / sd);
	double two = 2.0 * stats_normal_sf(((u1 > u2 ? u1 : u2) - mu - 0.5) / sd);
	out->p_two_sided = two > 1.0 ? 1.0 : two;
}

double stats_cohens_d(const double *a, size_t n_a, const double *b,
		      size_t n_b)
{
	if (n_a == 0 || n_b == 0 || n_a + n_b < 3 || has_nan(a, n_a) ||
	    has_nan(b, n_b))
		return NAN;
	double mean_a = stats_mean(a, n_a), mean_b = stats_mean(b, n_b);
	double ss_a = is_constant(a, n_a) ? 0.0 : sum_sq_dev(a, n_a, mean_a);
	double ss_b = is_constant(b, n_b) ? 0.0 : sum_sq_dev(b, n_b, mean_b);
	double pooled_var = (ss_a + ss_b) / (double)(n_a + n_b - 2);
	if (!(pooled_var > 0.0))
		return NAN;
	return (mean_a - mean_b) / sqrt(pooled_var);
}

/* ---- Multiple comparisons ----------------------------------------------- */

int stats_holm(const double *p, size_t m, double *adjusted)
{
	for (size_t i = 0; i < m; i++) {
		if (!(p[i] >= 0.0 && p[i] <= 1.0)) {
			for (size_t k = 0; k < m; k++)
				adjusted[k] = NAN;
			return -1;
		}
	}
	if (m == 0)
		return 0;
	IndexedValue *order = sorted_with_index(p, m);
	/* p and adjusted may be one array: everything is read from `order`
	 * before being written. */
	double running_max = 0.0;
	for (size_t i = 0; i < m; i++) {
		double scaled = (double)(m - i) * order[i].value;
		if (scaled > running_max)
			running_max = scaled;
		order[i].value = running_max > 1.0 ? 1.0 : running_max;
	}
	for (size_t i = 0; i < m; i++)
		adjusted[order[i].index] = order[i].value;
	free(order);
	return 0;
}

/* ---- Correlation and regression ----------------------------------------- */

/* Centred sums of squares and cross-products (each divided by nothing). */
typedef struct CoMoments {
	double mean_x, mean_y;
	double sxx, syy, sxy;
} CoMoments;

static CoMoments co_moments(const double *x, const double *y, size_t n)
{
	CoMoments c = {stats_mean(x, n), stats_mean(y, n), 0.0, 0.0, 0.0};
	for (size_t i = 0; i < n; i++) {
		double dx = x[i] - c.mean_x, dy = y[i] - c.mean_y;
		c.sxx += dx * dx;
		c.syy += dy * dy;
		c.sxy += dx * dy;
	}
	return c;
}

static double clip_unit(double r)
{
	return r > 1.0 ? 1.0 : r < -1.0 ? -1.0 : r;
}

/* sxy / sqrt(sxx syy), clipped to [-1, 1]. One square root of the product
 * rounds once (perfectly correlated data give exactly +-1); the product of
 * square roots is the fallback when sxx syy overflows or underflows. */
static double correlation(double sxx, double syy, double sxy)
{
	double denom = sqrt(sxx * syy);
	if (!isfinite(denom) || denom == 0.0)
		denom = sqrt(sxx) * sqrt(syy);
	return clip_unit(sxy / denom);
}

double stats_pearson(const double *x, const double *y, size_t n)
{
	if (n < 2 || has_nan(x, n) || has_nan(y, n) || is_constant(x, n) ||
	    is_constant(y, n))
		return NAN;
	CoMoments c = co_moments(x, y, n);
	return correlation(c.sxx, c.syy, c.sxy);
}

void stats_spearman(const double *x, const double *y, size_t n,
		    StatsCorrelation *out)
{
	out->r = out->p_two_sided = NAN;
	if (n < 2 || has_nan(x, n) || has_nan(y, n) || is_constant(x, n) ||
	    is_constant(y, n))
		return;
	double *rank_x = xcalloc(n, sizeof *rank_x);
	double *rank_y = xcalloc(n, sizeof *rank_y);
	stats_rank(x, n, rank_x, NULL);
	stats_rank(y, n, rank_y, NULL);
	double r = stats_pearson(rank_x, rank_y, n);
	free(rank_x);
	free(rank_y);
	out->r = r;
	if (n < 3 || isnan(r))
		return;
	if (fabs(r) == 1.0) {
		out->p_two_sided = 0.0;
		return;
	}
	double df = (double)(n - 2);
	double ratio = df / ((r + 1.0) * (1.0 - r));
	double t = r * sqrt(ratio > 0.0 ? ratio : 0.0);
	double two = 2.0 * stats_t_sf(fabs(t), df);
	out->p_two_sided = two > 1.0 ? 1.0 : two;
}

void stats_linregress(const double *x, const double *y, size_t n,
		      StatsLinreg *out)
{
	out->slope = out->intercept = out->r = out->r2 = NAN;
	out->p_two_sided = out->slope_stderr = out->intercept_stderr = NAN;
	if (n < 2 || has_nan(x, n) || has_nan(y, n) || is_constant(x, n))
		return;
	double nn = (double)n;
	CoMoments c = co_moments(x, y, n);
	/* SciPy's names: population (co)variances, i.e. divided by n */
	double ssxm = c.sxx / nn, ssym = c.syy / nn, ssxym = c.sxy / nn;
	if (is_constant(y, n)) {
		out->slope = 0.0;
		out->intercept = y[0];
		if (n > 2)
			out->slope_stderr = out->intercept_stderr = 0.0;
		return;
	}
	double r = correlation(ssxm, ssym, ssxym);
	out->slope = ssxym / ssxm;
	out->intercept = c.mean_y - out->slope * c.mean_x;
	out->r = r;
	out->r2 = r * r;
	if (n == 2)
		return;
	double df = nn - 2.0;
	/* SciPy's guard against r = +-1; it shifts t only when |r| ~ 1. */
	const double tiny = 1.0e-20;
	double t = r * sqrt(df / ((1.0 - r + tiny) * (1.0 + r + tiny)));
	double two = 2.0 * stats_t_sf(fabs(t), df);
	out->p_two_sided = two > 1.0 ? 1.0 : two;
	out->slope_stderr = sqrt((1.0 - r * r) * ssym / ssxm / df);
	out->intercept_stderr =
		out->slope_stderr * sqrt(ssxm + c.mean_x * c.mean_x);
}
