/* SPDX-License-Identifier: MIT */
/* Unit tests for core/stats: every expected number below was printed by the
 * Python command in the comment right above it, run with Debian's
 * /usr/bin/python3 (python3-scipy 1.10, python3-numpy 1.24), so the C code is
 * checked against an independent implementation, not against itself. To
 * rerun a command, drop the comment's leading " * " from each line. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "stats.h"

#define N(arr) (sizeof(arr) / sizeof((arr)[0]))

/* got within rel * |want| of want (the tiny floor only lets an exact 0 pass). */
#define CHECK_REL(got, want, rel) CHECK_NEAR((got), (want), (rel) * fabs(want) + 1e-300)

/* Expected values of one two-sample comparison of a against b. */
typedef struct TwoSampleRef {
	double welch_t, welch_df;
	double welch_greater, welch_less, welch_two_sided;
	double u, mw_greater, mw_less, mw_two_sided;
	double cohens_d;
} TwoSampleRef;

static void check_two_sample(const char *name, const double *a, size_t n_a,
			     const double *b, size_t n_b, const TwoSampleRef *want)
{
	int before = check_failures;
	StatsTest w, mw;
	stats_welch_t(a, n_a, b, n_b, &w);
	CHECK_REL(w.statistic, want->welch_t, 1e-11);
	CHECK_REL(w.df, want->welch_df, 1e-11);
	CHECK_REL(w.p_greater, want->welch_greater, 1e-9);
	CHECK_REL(w.p_less, want->welch_less, 1e-9);
	CHECK_REL(w.p_two_sided, want->welch_two_sided, 1e-9);
	stats_mann_whitney(a, n_a, b, n_b, &mw);
	CHECK_REL(mw.statistic, want->u, 1e-12);
	CHECK(isnan(mw.df));
	CHECK_REL(mw.p_greater, want->mw_greater, 1e-9);
	CHECK_REL(mw.p_less, want->mw_less, 1e-9);
	CHECK_REL(mw.p_two_sided, want->mw_two_sided, 1e-9);
	CHECK_REL(stats_cohens_d(a, n_a, b, n_b), want->cohens_d, 1e-11);
	/* swapping the samples mirrors every one-sided result */
	StatsTest ws;
	stats_welch_t(b, n_b, a, n_a, &ws);
	CHECK_REL(ws.statistic, -want->welch_t, 1e-11);
	CHECK_REL(ws.p_greater, want->welch_less, 1e-9);
	CHECK_REL(ws.p_two_sided, want->welch_two_sided, 1e-9);
	if (check_failures != before)
		fprintf(stderr, "  in two-sample case \"%s\"\n", name);
}

/* Expected NumPy results for one vector. */
typedef struct DescriptiveRef {
	double mean, median, variance, sd, min, max;
	double quantile[7]; /* at QUANTILE_PROBS */
} DescriptiveRef;

static const double QUANTILE_PROBS[7] = {0, 0.1, 0.25, 0.5, 0.75, 0.9, 1};

static void check_descriptive(const char *name, const double *x, size_t n,
			      const DescriptiveRef *want)
{
	int before = check_failures;
	double copy[64];
	CHECK(n <= N(copy));
	memcpy(copy, x, n * sizeof *x);
	CHECK_REL(stats_mean(x, n), want->mean, 1e-14);
	CHECK_REL(stats_median(x, n), want->median, 1e-14);
	CHECK_REL(stats_variance(x, n), want->variance, 1e-13);
	CHECK_REL(stats_sd(x, n), want->sd, 1e-13);
	CHECK_REL(stats_min(x, n), want->min, 0);
	CHECK_REL(stats_max(x, n), want->max, 0);
	for (size_t i = 0; i < N(QUANTILE_PROBS); i++)
		CHECK_REL(stats_quantile(x, n, QUANTILE_PROBS[i]), want->quantile[i], 1e-14);
	StatsSummary s;
	stats_summary(x, n, &s);
	CHECK_INT(s.n, n);
	CHECK_REL(s.min, want->min, 0);
	CHECK_REL(s.q1, want->quantile[2], 1e-14);
	CHECK_REL(s.median, want->median, 1e-14);
	CHECK_REL(s.q3, want->quantile[4], 1e-14);
	CHECK_REL(s.max, want->max, 0);
	CHECK_REL(s.mean, want->mean, 1e-14);
	CHECK_REL(s.sd, want->sd, 1e-13);
	/* the sorting happened on a copy: the caller's array is untouched */
	CHECK(memcmp(copy, x, n * sizeof *x) == 0);
	if (check_failures != before)
		fprintf(stderr, "  in descriptive case \"%s\"\n", name);
}

static void check_holm(const char *name, const double *p, size_t m,
		       const double *want)
{
	int before = check_failures;
	double adjusted[16], in_place[16];
	CHECK(m <= N(adjusted));
	CHECK_INT(stats_holm(p, m, adjusted), 0);
	for (size_t i = 0; i < m; i++)
		CHECK_REL(adjusted[i], want[i], 1e-14);
	/* adjusted may be the input array itself */
	memcpy(in_place, p, m * sizeof *p);
	CHECK_INT(stats_holm(in_place, m, in_place), 0);
	for (size_t i = 0; i < m; i++)
		CHECK_REL(in_place[i], want[i], 1e-14);
	if (check_failures != before)
		fprintf(stderr, "  in Holm case \"%s\"\n", name);
}

static void check_two_sample_cases(void)
{
	{
		/* small samples, moderate effect */
		static const double a[] = {5.1, 4.9, 6.2, 5.8, 6.0, 5.5, 5.3};
		static const double b[] = {4.2, 4.8, 5.0, 4.6, 4.4, 5.1};
		/* /usr/bin/python3 - <<'EOF'
		 * import numpy as np
		 * from scipy import stats
		 * A = [5.1, 4.9, 6.2, 5.8, 6.0, 5.5, 5.3]
		 * B = [4.2, 4.8, 5.0, 4.6, 4.4, 5.1]
		 * na, nb = len(A), len(B)
		 * va, vb = np.var(A, ddof=1) / na, np.var(B, ddof=1) / nb
		 * w = {h: stats.ttest_ind(A, B, equal_var=False, alternative=h) for h in ('greater', 'less', 'two-sided')}
		 * m = {h: stats.mannwhitneyu(A, B, alternative=h, method='asymptotic', use_continuity=True) for h in ('greater', 'less', 'two-sided')}
		 * sp = np.sqrt(((na - 1) * np.var(A, ddof=1) + (nb - 1) * np.var(B, ddof=1)) / (na + nb - 2))
		 * print(repr(w['greater'].statistic), repr((va + vb)**2 / (va**2 / (na - 1) + vb**2 / (nb - 1))))
		 * print(repr(w['greater'].pvalue), repr(w['less'].pvalue), repr(w['two-sided'].pvalue))
		 * print(repr(m['greater'].statistic), repr(m['greater'].pvalue), repr(m['less'].pvalue), repr(m['two-sided'].pvalue))
		 * print(repr((np.mean(A) - np.mean(B)) / sp))
		 * EOF */
		static const TwoSampleRef want = {
			.welch_t = 3.7311789557668313,
			.welch_df = 10.772081980323012,
			.welch_greater = 0.0017181790069296155,
			.welch_less = 0.9982818209930704,
			.welch_two_sided = 0.003436358013859231,
			.u = 39.5,
			.mw_greater = 0.005012467355164744,
			.mw_less = 0.9967163247344417,
			.mw_two_sided = 0.010024934710329487,
			.cohens_d = 2.023121252869502,
		};
		check_two_sample("small samples, moderate effect", a, N(a), b, N(b), &want);
	}
	{
		/* ties, unequal sizes, b larger */
		static const double a[] = {1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 4.0, 5.0};
		static const double b[] = {2.0, 2.0, 3.0, 3.0, 4.0, 4.0, 4.0, 5.0, 5.0, 6.0, 6.0, 7.0};
		/* /usr/bin/python3 - <<'EOF'
		 * import numpy as np
		 * from scipy import stats
		 * A = [1, 2, 2, 3, 3, 3, 4, 5]
		 * B = [2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 6, 7]
		 * na, nb = len(A), len(B)
		 * va, vb = np.var(A, ddof=1) / na, np.var(B, ddof=1) / nb
		 * w = {h: stats.ttest_ind(A, B, equal_var=False, alternative=h) for h in ('greater', 'less', 'two-sided')}
		 * m = {h: stats.mannwhitneyu(A, B, alternative=h, method='asymptotic', use_continuity=True) for h in ('greater', 'less', 'two-sided')}
		 * sp = np.sqrt(((na - 1) * np.var(A, ddof=1) + (nb - 1) * np.var(B, ddof=1)) / (na + nb - 2))
		 * print(repr(w['greater'].statistic), repr((va + vb)**2 / (va**2 / (na - 1) + vb**2 / (nb - 1))))
		 * print(repr(w['greater'].pvalue), repr(w['less'].pvalue), repr(w['two-sided'].pvalue))
		 * print(repr(m['greater'].statistic), repr(m['greater'].pvalue), repr(m['less'].pvalue), repr(m['two-sided'].pvalue))
		 * print(repr((np.mean(A) - np.mean(B)) / sp))
		 * EOF */
		static const TwoSampleRef want = {
			.welch_t = -2.152088059476542,
			.welch_df = 17.446444304945654,
			.welch_greater = 0.9771680456521746,
			.welch_less = 0.02283195434782534,
			.welch_two_sided = 0.04566390869565068,
			.u = 24.5,
			.mw_greater = 0.970202828363415,
			.mw_less = 0.03551450231549122,
			.mw_two_sided = 0.07102900463098244,
			.cohens_d = -0.9326351412579654,
		};
		check_two_sample("ties, unequal sizes, b larger", a, N(a), b, N(b), &want);
	}
	{
		/* large effect */
		static const double a[] = {10.2, 11.5, 12.1, 10.8, 11.9, 12.4, 11.1, 10.5, 12.8, 11.6};
		static const double b[] = {1.2, 0.8, 1.5, 1.1, 0.9, 1.3, 1.0, 1.4};
		/* /usr/bin/python3 - <<'EOF'
		 * import numpy as np
		 * from scipy import stats
		 * A = [10.2, 11.5, 12.1, 10.8, 11.9, 12.4, 11.1, 10.5, 12.8, 11.6]
		 * B = [1.2, 0.8, 1.5, 1.1, 0.9, 1.3, 1.0, 1.4]
		 * na, nb = len(A), len(B)
		 * va, vb = np.var(A, ddof=1) / na, np.var(B, ddof=1) / nb
		 * w = {h: stats.ttest_ind(A, B, equal_var=False, alternative=h) for h in ('greater', 'less', 'two-sided')}
		 * m = {h: stats.mannwhitneyu(A, B, alternative=h, method='asymptotic', use_continuity=True) for h in ('greater', 'less', 'two-sided')}
		 * sp = np.sqrt(((na - 1) * np.var(A, ddof=1) + (nb - 1) * np.var(B, ddof=1)) / (na + nb - 2))
		 * print(repr(w['greater'].statistic), repr((va + vb)**2 / (va**2 / (na - 1) + vb**2 / (nb - 1))))
		 * print(repr(w['greater'].pvalue), repr(w['less'].pvalue), repr(w['two-sided'].pvalue))
		 * print(repr(m['greater'].statistic), repr(m['greater'].pvalue), repr(m['less'].pvalue), repr(m['two-sided'].pvalue))
		 * print(repr((np.mean(A) - np.mean(B)) / sp))
		 * EOF */
		static const TwoSampleRef want = {
			.welch_t = 36.96001338524945,
			.welch_df = 10.852048808568316,
			.welch_greater = 4.587473495894015e-13,
			.welch_less = 0.9999999999995413,
			.welch_two_sided = 9.17494699178803e-13,
			.u = 80.0,
			.mw_greater = 0.00022433402018915614,
			.mw_less = 0.9998399830292902,
			.mw_two_sided = 0.0004486680403783123,
			.cohens_d = 15.873680171833895,
		};
		check_two_sample("large effect", a, N(a), b, N(b), &want);
	}
	{
		/* no effect: the same values in another order */
		static const double a[] = {3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0};
		static const double b[] = {6.0, 2.0, 9.0, 5.0, 1.0, 4.0, 1.0, 3.0};
		/* /usr/bin/python3 - <<'EOF'
		 * import numpy as np
		 * from scipy import stats
		 * A = [3, 1, 4, 1, 5, 9, 2, 6]
		 * B = [6, 2, 9, 5, 1, 4, 1, 3]
		 * na, nb = len(A), len(B)
		 * va, vb = np.var(A, ddof=1) / na, np.var(B, ddof=1) / nb
		 * w = {h: stats.ttest_ind(A, B, equal_var=False, alternative=h) for h in ('greater', 'less', 'two-sided')}
		 * m = {h: stats.mannwhitneyu(A, B, alternative=h, method='asymptotic', use_continuity=True) for h in ('greater', 'less', 'two-sided')}
		 * sp = np.sqrt(((na - 1) * np.var(A, ddof=1) + (nb - 1) * np.var(B, ddof=1)) / (na + nb - 2))
		 * print(repr(w['greater'].statistic), repr((va + vb)**2 / (va**2 / (na - 1) + vb**2 / (nb - 1))))
		 * print(repr(w['greater'].pvalue), repr(w['less'].pvalue), repr(w['two-sided'].pvalue))
		 * print(repr(m['greater'].statistic), repr(m['greater'].pvalue), repr(m['less'].pvalue), repr(m['two-sided'].pvalue))
		 * print(repr((np.mean(A) - np.mean(B)) / sp))
		 * EOF */
		static const TwoSampleRef want = {
			.welch_t = 0.0,
			.welch_df = 14.0,
			.welch_greater = 0.5,
			.welch_less = 0.5,
			.welch_two_sided = 1.0,
			.u = 32.0,
			.mw_greater = 0.5211895779953962,
			.mw_less = 0.5211895779953962,
			.mw_two_sided = 1.0,
			.cohens_d = 0.0,
		};
		check_two_sample("no effect: the same values in another order", a, N(a), b, N(b), &want);
	}
	{
		/* documentation scores, top vs bottom (C3 shape, many ties) */
		static const double a[] = {0.9, 0.8, 1.0, 0.7, 0.9, 0.6, 0.8, 0.8, 1.0, 0.5, 0.9, 0.7, 0.8, 0.6, 0.9, 1.0, 0.7, 0.8, 0.4, 0.9, 0.8, 0.7, 1.0, 0.6, 0.9, 0.8, 0.5, 0.9, 0.7, 0.8};
		static const double b[] = {0.3, 0.5, 0.2, 0.6, 0.4, 0.1, 0.5, 0.3, 0.7, 0.2, 0.4, 0.0, 0.5, 0.3, 0.6, 0.2, 0.4, 0.8, 0.1, 0.3, 0.5, 0.0, 0.4, 0.2, 0.6};
		/* /usr/bin/python3 - <<'EOF'
		 * import numpy as np
		 * from scipy import stats
		 * A = [0.9, 0.8, 1.0, 0.7, 0.9, 0.6, 0.8, 0.8, 1.0, 0.5, 0.9, 0.7, 0.8, 0.6, 0.9, 1.0, 0.7, 0.8, 0.4, 0.9, 0.8, 0.7, 1.0, 0.6, 0.9, 0.8, 0.5, 0.9, 0.7, 0.8]
		 * B = [0.3, 0.5, 0.2, 0.6, 0.4, 0.1, 0.5, 0.3, 0.7, 0.2, 0.4, 0.0, 0.5, 0.3, 0.6, 0.2, 0.4, 0.8, 0.1, 0.3, 0.5, 0.0, 0.4, 0.2, 0.6]
		 * na, nb = len(A), len(B)
		 * va, vb = np.var(A, ddof=1) / na, np.var(B, ddof=1) / nb
		 * w = {h: stats.ttest_ind(A, B, equal_var=False, alternative=h) for h in ('greater', 'less', 'two-sided')}
		 * m = {h: stats.mannwhitneyu(A, B, alternative=h, method='asymptotic', use_continuity=True) for h in ('greater', 'less', 'two-sided')}
		 * sp = np.sqrt(((na - 1) * np.var(A, ddof=1) + (nb - 1) * np.var(B, ddof=1)) / (na + nb - 2))
		 * print(repr(w['greater'].statistic), repr((va + vb)**2 / (va**2 / (na - 1) + vb**2 / (nb - 1))))
		 * print(repr(w['greater'].pvalue), repr(w['less'].pvalue), repr(w['two-sided'].pvalue))
		 * print(repr(m['greater'].statistic), repr(m['greater'].pvalue), repr(m['less'].pvalue), repr(m['two-sided'].pvalue))
		 * print(repr((np.mean(A) - np.mean(B)) / sp))
		 * EOF */
		static const TwoSampleRef want = {
			.welch_t = 8.107480500609142,
			.welch_df = 43.719525527654675,
			.welch_greater = 1.4812770443345443e-10,
			.welch_less = 0.9999999998518723,
			.welch_two_sided = 2.9625540886690886e-10,
			.u = 703.0,
			.mw_greater = 1.2787249434785991e-08,
			.mw_less = 0.9999999884033498,
			.mw_two_sided = 2.5574498869571982e-08,
			.cohens_d = 2.253826559518255,
		};
		check_two_sample("documentation scores, top vs bottom (C3 shape, many ties)", a, N(a), b, N(b), &want);
	}
	{
		/* first sample constant (zero variance on one side only) */
		static const double a[] = {2.0, 2.0, 2.0, 2.0};
		static const double b[] = {1.0, 3.0, 5.0, 7.0, 9.0};
		/* /usr/bin/python3 - <<'EOF'
		 * import numpy as np
		 * from scipy import stats
		 * A = [2, 2, 2, 2]
		 * B = [1, 3, 5, 7, 9]
		 * na, nb = len(A), len(B)
		 * va, vb = np.var(A, ddof=1) / na, np.var(B, ddof=1) / nb
		 * w = {h: stats.ttest_ind(A, B, equal_var=False, alternative=h) for h in ('greater', 'less', 'two-sided')}
		 * m = {h: stats.mannwhitneyu(A, B, alternative=h, method='asymptotic', use_continuity=True) for h in ('greater', 'less', 'two-sided')}
		 * sp = np.sqrt(((na - 1) * np.var(A, ddof=1) + (nb - 1) * np.var(B, ddof=1)) / (na + nb - 2))
		 * print(repr(w['greater'].statistic), repr((va + vb)**2 / (va**2 / (na - 1) + vb**2 / (nb - 1))))
		 * print(repr(w['greater'].pvalue), repr(w['less'].pvalue), repr(w['two-sided'].pvalue))
		 * print(repr(m['greater'].statistic), repr(m['greater'].pvalue), repr(m['less'].pvalue), repr(m['two-sided'].pvalue))
		 * print(repr((np.mean(A) - np.mean(B)) / sp))
		 * EOF */
		static const TwoSampleRef want = {
			.welch_t = -2.1213203435596424,
			.welch_df = 4.0,
			.welch_greater = 0.9494042463908523,
			.welch_less = 0.0505957536091477,
			.welch_two_sided = 0.1011915072182954,
			.u = 4.0,
			.mw_greater = 0.9518403379441637,
			.mw_less = 0.07969520338701697,
			.mw_two_sided = 0.15939040677403393,
			.cohens_d = -1.2549900398011133,
		};
		check_two_sample("first sample constant (zero variance on one side only)", a, N(a), b, N(b), &want);
	}
}

static void check_mann_whitney_single(void)
{
	static const double a[] = {3.5};
	static const double b[] = {1, 2, 3, 4, 5, 6};
	/* /usr/bin/python3 - <<'EOF'
	 * from scipy import stats
	 * A = [3.5]
	 * B = [1, 2, 3, 4, 5, 6]
	 * for h in ('greater', 'less', 'two-sided'):
	 *     r = stats.mannwhitneyu(A, B, alternative=h, method='asymptotic', use_continuity=True)
	 *     print(repr(r.statistic), repr(r.pvalue))
	 * EOF */
	static const double want[] = {3.0, 0.5987063256829237, 3.0, 0.5987063256829237, 3.0, 1.0};
	StatsTest mw;
	stats_mann_whitney(a, N(a), b, N(b), &mw);
	CHECK_REL(mw.statistic, want[0], 1e-12);
	CHECK_REL(mw.p_greater, want[1], 1e-9);
	CHECK_REL(mw.statistic, want[2], 1e-12); /* U1 whatever the alternative */
	CHECK_REL(mw.p_less, want[3], 1e-9);
	CHECK_REL(mw.p_two_sided, want[5], 1e-9);
	/* Welch needs two values per sample */
	StatsTest w;
	stats_welch_t(a, N(a), b, N(b), &w);
	CHECK(isnan(w.statistic) && isnan(w.df) && isnan(w.p_greater) && isnan(w.p_two_sided));
}

static void check_descriptive_cases(void)
{
	{
		/* even n, unsorted, negative values, a tie */
		static const double x[] = {3.2, -1.5, 7.8, 0.0, 2.2, 9.1, -4.4, 5.5, 2.2, 6.3};
		/* /usr/bin/python3 - <<'EOF'
		 * import numpy as np
		 * X = [3.2, -1.5, 7.8, 0.0, 2.2, 9.1, -4.4, 5.5, 2.2, 6.3]
		 * print(repr(np.mean(X)), repr(np.median(X)), repr(np.var(X, ddof=1)), repr(np.std(X, ddof=1)), repr(np.min(X)), repr(np.max(X)))
		 * print(*map(repr, np.quantile(X, [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1])))
		 * EOF */
		static const DescriptiveRef want = {3.04, 2.7, 18.078222222222223, 4.251849270872878, -4.4, 9.1, {-4.4, -1.79, 0.55, 2.7, 6.1, 7.93, 9.1}};
		check_descriptive("even n, unsorted, negative values, a tie", x, N(x), &want);
	}
	{
		/* odd n */
		static const double x[] = {12.0, 3.0, 7.0, 7.0, 1.0, 20.0, 5.0};
		/* /usr/bin/python3 - <<'EOF'
		 * import numpy as np
		 * X = [12, 3, 7, 7, 1, 20, 5]
		 * print(repr(np.mean(X)), repr(np.median(X)), repr(np.var(X, ddof=1)), repr(np.std(X, ddof=1)), repr(np.min(X)), repr(np.max(X)))
		 * print(*map(repr, np.quantile(X, [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1])))
		 * EOF */
		static const DescriptiveRef want = {7.857142857142857, 7.0, 40.8095238095238, 6.3882332306768355, 1, 20, {1.0, 2.2, 4.0, 7.0, 9.5, 15.200000000000003, 20.0}};
		check_descriptive("odd n", x, N(x), &want);
	}
	{
		/* two values */
		static const double x[] = {4.0, -2.5};
		/* /usr/bin/python3 - <<'EOF'
		 * import numpy as np
		 * X = [4.0, -2.5]
		 * print(repr(np.mean(X)), repr(np.median(X)), repr(np.var(X, ddof=1)), repr(np.std(X, ddof=1)), repr(np.min(X)), repr(np.max(X)))
		 * print(*map(repr, np.quantile(X, [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1])))
		 * EOF */
		static const DescriptiveRef want = {0.75, 0.75, 21.125, 4.596194077712559, -2.5, 4.0, {-2.5, -1.85, -0.875, 0.75, 2.375, 3.35, 4.0}};
		check_descriptive("two values", x, N(x), &want);
	}
}

static void check_ranks(void)
{
	static const double x[] = {10, 20, 10, 30, 20, 10, 40, -5};
	/* /usr/bin/python3 - <<'EOF'
	 * import numpy as np
	 * from scipy import stats
	 * R = [10, 20, 10, 30, 20, 10, 40, -5]
	 * print(*map(repr, stats.rankdata(R, method='average')))
	 * t = np.unique(R, return_counts=True)[1].astype(float)
	 * print(repr(np.sum(t**3 - t)))
	 * EOF */
	static const double want[] = {3.0, 5.5, 3.0, 7.0, 5.5, 3.0, 8.0, 1.0};
	const double want_tie_term = 30.0;
	double ranks[N(x)], tie_term = -1;
	CHECK_INT(stats_rank(x, N(x), ranks, &tie_term), 0);
	for (size_t i = 0; i < N(x); i++)
		CHECK_REL(ranks[i], want[i], 1e-15);
	CHECK_REL(tie_term, want_tie_term, 1e-15);
	CHECK_INT(stats_rank(x, N(x), ranks, NULL), 0); /* tie_term is optional */
	CHECK_REL(ranks[6], want[6], 1e-15);

	/* NaN cannot be ranked: everything NaN, -1 */
	static const double with_nan[] = {1, NAN, 3};
	double r3[3];
	CHECK_INT(stats_rank(with_nan, 3, r3, &tie_term), -1);
	CHECK(isnan(r3[0]) && isnan(r3[1]) && isnan(r3[2]) && isnan(tie_term));
	/* nothing to rank */
	CHECK_INT(stats_rank(NULL, 0, NULL, &tie_term), 0);
	CHECK(tie_term == 0.0);
}

static void check_t_distribution(void)
{
	static const double dfs[] = {0.5, 1.0, 2.5, 7.3, 30.0, 1234.5, 1000000.0, 1000000000.0, 1e+300};
	static const double ts[] = {-40.0, -3.0, -0.5, 0.0, 0.7, 2.0, 5.0, 12.0};
	/* {cdf, sf} for each df (outer) and t (inner) */
	/* /usr/bin/python3 - <<'EOF'
	 * from scipy import stats
	 * for df in [0.5, 1, 2.5, 7.3, 30, 1234.5, 1000000.0, 1000000000.0, 1e+300]:
	 *     for t in [-40, -3, -0.5, 0, 0.7, 2, 5, 12]:
	 *         print(repr(stats.t.cdf(t, df)), repr(stats.t.sf(t, df)))
	 * EOF */
	static const double want[][2] = {
		{0.05070489996474719, 0.9492951000352527},
		{0.18365407799297176, 0.8163459220070283},
		{0.3786590364647183, 0.6213409635352816},
		{0.5, 0.5},
		{0.6572996687396166, 0.34270033126038335},
		{0.7772425549084344, 0.22275744509156561},
		{0.8570042984205706, 0.14299570157942942},
		{0.907469739465399, 0.09253026053460106},
		{0.007956089912025812, 0.9920439100879742},
		{0.10241638234956672, 0.8975836176504333},
		{0.3524163823495668, 0.6475836176504333},
		{0.5, 0.5},
		{0.6944001122142147, 0.3055998877857853},
		{0.8524163823495667, 0.1475836176504332},
		{0.9371670418109989, 0.06283295818900117},
		{0.9735353239404101, 0.02646467605958987},
		{7.097817145246693e-05, 0.9999290218285476},
		{0.036288047774515914, 0.9637119522254841},
		{0.3288489599348574, 0.6711510400651426},
		{0.5, 0.5},
		{0.7282975284052259, 0.2717024715947741},
		{0.9213042521210171, 0.078695747878983},
		{0.9882744050145691, 0.011725594985430922},
		{0.9985818924849609, 0.0014181075150391613},
		{4.0185675839568655e-10, 0.9999999995981432},
		{0.009490275511566747, 0.9905097244884332},
		{0.3158967634022208, 0.6841032365977793},
		{0.5, 0.5},
		{0.7471914299068707, 0.25280857009312924},
		{0.9580294803329485, 0.04197051966705152},
		{0.9993086128103433, 0.00069138718965673},
		{0.9999977221073852, 2.2778926147852727e-06},
		{6.863022597203181e-28, 1.0},
		{0.002694982032825972, 0.997305017967174},
		{0.31036150244256366, 0.6896384975574363},
		{0.5, 0.5},
		{0.7553397782501642, 0.24466022174983582},
		{0.9726874775185085, 0.02731252248149155},
		{0.9999883516572665, 1.1648342733503893e-05},
		{0.999999999999721, 2.7900927075996303e-13},
		{2.2949140086702908e-225, 1.0},
		{0.0013769658036701824, 0.9986230341963298},
		{0.30858209385741686, 0.6914179061425831},
		{0.5, 0.5},
		{0.7579704039070645, 0.24202959609293556},
		{0.9771404883844726, 0.022859511615527375},
		{0.9999996719961953, 3.280038046566524e-07},
		{1.0, 9.261619423081725e-32},
		{0.0, 1.0},
		{0.0013499312707108977, 0.9986500687292891},
		{0.30853759373618583, 0.6914624062638142},
		{0.5, 0.5},
		{0.758036266356729, 0.24196373364327095},
		{0.9772497330743404, 0.0227502669256596},
		{0.9999997133001064, 2.8669989354453655e-07},
		{1.0, 1.785842562382539e-33},
		{0.0, 1.0},
		{0.0013498980648689604, 0.998650101935131},
		{0.3085375387809969, 0.691462461219003},
		{0.5, 0.5},
		{0.7580363476955072, 0.24196365230449274},
		{0.9772498679168433, 0.022750132083156665},
		{0.9999997133483798, 2.866516201975811e-07},
		{1.0, 1.776491448870538e-33},
		{0.0, 1.0},
		{0.0013498980316300948, 0.9986501019683699},
		{0.30853753872598305, 0.691462461274017},
		{0.5, 0.5},
		{0.7580363477769301, 0.24196365222306987},
		{0.9772498680518208, 0.02275013194817918},
		{0.9999997133484282, 2.866515718791931e-07},
		{1.0, 1.776482112077703e-33},
	};
	size_t k = 0;
	for (size_t i = 0; i < N(dfs); i++) {
		for (size_t j = 0; j < N(ts); j++, k++) {
			double cdf = stats_t_cdf(ts[j], dfs[i]), sf = stats_t_sf(ts[j], dfs[i]);
			int before = check_failures;
			CHECK_REL(cdf, want[k][0], 1e-10);
			CHECK_REL(sf, want[k][1], 1e-10);
			if (check_failures != before)
				fprintf(stderr, "  in t distribution, df = %g, t = %g\n", dfs[i], ts[j]);
		}
	}
	CHECK_INT(k, N(want));
	/* limits and bad arguments */
	CHECK(stats_t_cdf(INFINITY, 3) == 1.0 && stats_t_sf(INFINITY, 3) == 0.0);
	CHECK(stats_t_cdf(-INFINITY, 3) == 0.0 && stats_t_sf(-INFINITY, 3) == 1.0);
	CHECK(isnan(stats_t_cdf(1.0, 0.0)) && isnan(stats_t_sf(1.0, -2.0)));
	CHECK(isnan(stats_t_cdf(NAN, 5.0)) && isnan(stats_t_sf(1.0, NAN)));
	CHECK(stats_t_sf(1e160, 1e300) == 0.0 && stats_t_cdf(1e160, 1e300) == 1.0);
	CHECK_REL(stats_t_sf(2.0, INFINITY), stats_normal_sf(2.0), 1e-15);
	CHECK_REL(stats_t_cdf(-2.0, INFINITY), stats_normal_cdf(-2.0), 1e-15);
}

static void check_incbeta_and_normal(void)
{
	static const double args[][3] = {{0.5, 0.5, 0.3}, {2.0, 3.0, 0.4}, {10.5, 2.25, 0.8}, {100.0, 50.0, 0.7}, {1.0, 1.0, 0.25}, {0.1, 20.0, 0.001}, {3.0, 7.0, 0.999}, {40.0, 0.5, 0.95}};
	/* /usr/bin/python3 - <<'EOF'
	 * from scipy import special
	 * for a, b, x in [(0.5, 0.5, 0.3), (2, 3, 0.4), (10.5, 2.25, 0.8), (100, 50, 0.7), (1, 1, 0.25), (0.1, 20, 0.001), (3, 7, 0.999), (40, 0.5, 0.95)]:
	 *     print(repr(special.betainc(a, b, x)))
	 * EOF */
	static const double want[] = {0.3690101195655454, 0.5247999999999999, 0.35622537266897086, 0.8054481662277535, 0.25, 0.7079970084234188, 0.9999999999999999, 0.04344486964208068};
	for (size_t i = 0; i < N(args); i++)
		CHECK_REL(stats_incbeta(args[i][0], args[i][1], args[i][2]), want[i], 1e-11);
	CHECK(stats_incbeta(2, 3, 0) == 0.0 && stats_incbeta(2, 3, 1) == 1.0);
	CHECK(isnan(stats_incbeta(0, 3, 0.5)) && isnan(stats_incbeta(2, 3, 1.5)));
	CHECK(isnan(stats_incbeta(2, NAN, 0.5)));
	CHECK(isnan(stats_incbeta(2e9, 3, 0.5))); /* beyond the supported range */

	static const double zs[] = {-10.0, -1.96, 0.0, 1.0, 3.5, 8.0};
	/* /usr/bin/python3 - <<'EOF'
	 * from scipy import stats
	 * for z in [-10, -1.96, 0, 1, 3.5, 8]:
	 *     print(repr(stats.norm.cdf(z)), repr(stats.norm.sf(z)))
	 * EOF */
	static const double want_normal[][2] = {{7.61985302416047e-24, 1.0}, {0.024997895148220435, 0.9750021048517795}, {0.5, 0.5}, {0.8413447460685429, 0.15865525393145707}, {0.9997673709209645, 0.00023262907903552502}, {0.9999999999999993, 6.22096057427174e-16}};
	for (size_t i = 0; i < N(zs); i++) {
		CHECK_REL(stats_normal_cdf(zs[i]), want_normal[i][0], 1e-13);
		CHECK_REL(stats_normal_sf(zs[i]), want_normal[i][1], 1e-13);
	}
}

static void check_holm_cases(void)
{
	{
		/* unsorted, with ties, some capped at 1 */
		static const double p[] = {0.01, 0.04, 0.03, 0.04, 0.005, 0.4, 0.03, 0.7, 0.001, 0.45};
		/* /usr/bin/python3 - <<'EOF'
		 * import numpy as np
		 * # statsmodels' multipletests(method='holm') step by step (statsmodels is not installed)
		 * p = np.array([0.01, 0.04, 0.03, 0.04, 0.005, 0.4, 0.03, 0.7, 0.001, 0.45])
		 * m = len(p)
		 * order = np.argsort(p)
		 * adjusted = np.maximum.accumulate(p[order] * np.arange(m, 0, -1))
		 * adjusted[adjusted > 1] = 1
		 * out = np.empty(m)
		 * out[order] = adjusted
		 * print(*map(repr, out))
		 * EOF */
		static const double want[] = {0.08, 0.21, 0.21, 0.21, 0.045, 1.0, 0.21, 1.0, 0.01, 1.0};
		check_holm("unsorted, with ties, some capped at 1", p, N(p), want);
	}
	{
		/* the paper's three rankings (downloads, likes, downstream repositories) */
		static const double p[] = {0.004, 0.0001, 0.03};
		/* /usr/bin/python3 - <<'EOF'
		 * import numpy as np
		 * # statsmodels' multipletests(method='holm') step by step (statsmodels is not installed)
		 * p = np.array([0.004, 0.0001, 0.03])
		 * m = len(p)
		 * order = np.argsort(p)
		 * adjusted = np.maximum.accumulate(p[order] * np.arange(m, 0, -1))
		 * adjusted[adjusted > 1] = 1
		 * out = np.empty(m)
		 * out[order] = adjusted
		 * print(*map(repr, out))
		 * EOF */
		static const double want[] = {0.008, 0.00030000000000000003, 0.03};
		check_holm("the paper's three rankings (downloads, likes, downstream repositories)", p, N(p), want);
	}
	{
		/* running maximum matters: a smaller p after a larger scaled one */
		static const double p[] = {0.02, 0.011, 0.012, 0.9};
		/* /usr/bin/python3 - <<'EOF'
		 * import numpy as np
		 * # statsmodels' multipletests(method='holm') step by step (statsmodels is not installed)
		 * p = np.array([0.02, 0.011, 0.012, 0.9])
		 * m = len(p)
		 * order = np.argsort(p)
		 * adjusted = np.maximum.accumulate(p[order] * np.arange(m, 0, -1))
		 * adjusted[adjusted > 1] = 1
		 * out = np.empty(m)
		 * out[order] = adjusted
		 * print(*map(repr, out))
		 * EOF */
		static const double want[] = {0.044, 0.044, 0.044, 0.9};
		check_holm("running maximum matters: a smaller p after a larger scaled one", p, N(p), want);
	}
}

static void check_spearman_cases(void)
{
	{
		/* ties in both, positive */
		static const double x[] = {1.0, 2.0, 2.0, 3.0, 4.0, 4.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0};
		static const double y[] = {2.0, 1.0, 3.0, 3.0, 5.0, 4.0, 6.0, 6.0, 8.0, 7.0, 7.0, 10.0};
		/* /usr/bin/python3 - <<'EOF'
		 * from scipy import stats
		 * r = stats.spearmanr([1, 2, 2, 3, 4, 4, 4, 5, 6, 7, 8, 9], [2, 1, 3, 3, 5, 4, 6, 6, 8, 7, 7, 10])
		 * print(repr(r.correlation), repr(r.pvalue))
		 * EOF */
		const double want_r = 0.9485875244612103, want_p = 2.594244792947313e-06;
		StatsCorrelation c;
		stats_spearman(x, y, N(x), &c);
		CHECK_REL(c.r, want_r, 1e-12);
		CHECK_REL(c.p_two_sided, want_p, 1e-9);
	}
	{
		/* ties, negative */
		static const double x[] = {0.5, 2.1, 3.3, 1.7, 8.8, 4.4, 2.1};
		static const double y[] = {9.0, 7.0, 7.0, 8.0, 1.0, 3.0, 6.0};
		/* /usr/bin/python3 - <<'EOF'
		 * from scipy import stats
		 * r = stats.spearmanr([0.5, 2.1, 3.3, 1.7, 8.8, 4.4, 2.1], [9, 7, 7, 8, 1, 3, 6])
		 * print(repr(r.correlation), repr(r.pvalue))
		 * EOF */
		const double want_r = -0.9181818181818182, want_p = 0.003517808632156421;
		StatsCorrelation c;
		stats_spearman(x, y, N(x), &c);
		CHECK_REL(c.r, want_r, 1e-12);
		CHECK_REL(c.p_two_sided, want_p, 1e-9);
	}
	{
		/* perfectly monotone but not linear */
		static const double x[] = {1.0, 2.0, 3.0, 4.0, 5.0, 6.0};
		static const double y[] = {1.0, 4.0, 9.0, 16.0, 25.0, 1000.0};
		/* /usr/bin/python3 - <<'EOF'
		 * from scipy import stats
		 * r = stats.spearmanr([1, 2, 3, 4, 5, 6], [1, 4, 9, 16, 25, 1000])
		 * print(repr(r.correlation), repr(r.pvalue))
		 * EOF */
		const double want_r = 1.0, want_p = 0.0;
		StatsCorrelation c;
		stats_spearman(x, y, N(x), &c);
		CHECK_REL(c.r, want_r, 1e-12);
		CHECK_REL(c.p_two_sided, want_p, 1e-9);
	}
}

static void check_linregress_log_log(void)
{
	/* C2b: descendants against downloads on log-log axes */
	static const double downloads[] = {120, 3400, 56000, 789000, 12000000, 450, 98000, 2300000, 15, 67000, 5100, 830};
	static const double descendants[] = {0, 3, 12, 40, 310, 1, 2, 95, 0, 7, 0, 2};
	/* /usr/bin/python3 - <<'EOF'
	 * import numpy as np
	 * from scipy import stats
	 * downloads = [120, 3400, 56000, 789000, 12000000, 450, 98000, 2300000, 15, 67000, 5100, 830]
	 * descendants = [0, 3, 12, 40, 310, 1, 2, 95, 0, 7, 0, 2]
	 * x = np.log10(downloads)
	 * y = np.log10(np.add(descendants, 1))
	 * r = stats.linregress(x, y)
	 * print(repr(r.slope), repr(r.intercept), repr(r.rvalue), repr(r.pvalue), repr(r.stderr), repr(r.intercept_stderr))
	 * print(repr(stats.pearsonr(x, y)[0]))
	 * EOF */
	static const StatsLinreg want = {.slope = 0.41200293393594273, .intercept = -0.8854701015739296, .r = 0.9001805831989599, .p_two_sided = 6.58672407262928e-05, .slope_stderr = 0.06303410920351, .intercept_stderr = 0.284000369312456};
	const double want_pearson = 0.9001805831989599;
	double x[N(downloads)], y[N(downloads)];
	for (size_t i = 0; i < N(downloads); i++) {
		x[i] = log10(downloads[i]);
		y[i] = log10(descendants[i] + 1.0);
	}
	StatsLinreg fit;
	stats_linregress(x, y, N(x), &fit);
	CHECK_REL(fit.slope, want.slope, 1e-10);
	CHECK_REL(fit.intercept, want.intercept, 1e-10);
	CHECK_REL(fit.r, want.r, 1e-10);
	CHECK_REL(fit.r2, want.r * want.r, 1e-10);
	CHECK_REL(fit.p_two_sided, want.p_two_sided, 1e-9);
	CHECK_REL(fit.slope_stderr, want.slope_stderr, 1e-10);
	CHECK_REL(fit.intercept_stderr, want.intercept_stderr, 1e-10);
	CHECK_REL(stats_pearson(x, y, N(x)), want_pearson, 1e-12);
}
/* Too little data, zero variance, NaN: NaN results, no crash, no trap. */
static void check_degenerate(void)
{
	static const double one[] = {4.2};
	static const double same[] = {3, 3, 3, 3};
	static const double same2[] = {3, 3, 3};
	static const double tenths[] = {0.1, 0.1, 0.1}; /* mean rounds off 0.1 */
	static const double some[] = {1, 2, 4, 8};
	static const double with_nan[] = {1, NAN, 4};

	/* empty */
	CHECK(isnan(stats_mean(NULL, 0)) && isnan(stats_median(NULL, 0)));
	CHECK(isnan(stats_variance(NULL, 0)) && isnan(stats_sd(NULL, 0)));
	CHECK(isnan(stats_min(NULL, 0)) && isnan(stats_max(NULL, 0)));
	CHECK(isnan(stats_quantile(NULL, 0, 0.5)));
	StatsSummary s;
	stats_summary(NULL, 0, &s);
	CHECK(s.n == 0 && isnan(s.min) && isnan(s.q1) && isnan(s.median) &&
	      isnan(s.q3) && isnan(s.max) && isnan(s.mean) && isnan(s.sd));

	/* one value: a location but no spread */
	CHECK(stats_mean(one, 1) == 4.2 && stats_median(one, 1) == 4.2);
	CHECK(stats_quantile(one, 1, 0.25) == 4.2 && stats_quantile(one, 1, 1.0) == 4.2);
	CHECK(isnan(stats_variance(one, 1)) && isnan(stats_sd(one, 1)));
	stats_summary(one, 1, &s);
	CHECK(s.n == 1 && s.q1 == 4.2 && s.q3 == 4.2 && isnan(s.sd));

	/* all equal: zero variance exactly, even where the mean rounds */
	CHECK(stats_variance(same, N(same)) == 0.0);
	CHECK(stats_variance(tenths, N(tenths)) == 0.0);

	/* quantile outside [0, 1] */
	CHECK(isnan(stats_quantile(some, N(some), -0.1)));
	CHECK(isnan(stats_quantile(some, N(some), 1.5)));
	CHECK(isnan(stats_quantile(some, N(some), NAN)));

	/* NaN propagates */
	CHECK(isnan(stats_mean(with_nan, 3)) && isnan(stats_median(with_nan, 3)));
	CHECK(isnan(stats_variance(with_nan, 3)) && isnan(stats_quantile(with_nan, 3, 0.5)));
	CHECK(isnan(stats_min(with_nan, 3)) && isnan(stats_max(with_nan, 3)));
	stats_summary(with_nan, 3, &s);
	CHECK(isnan(s.median) && isnan(s.mean));
	/* ... unless dropped first */
	double kept[3];
	CHECK_INT(stats_drop_nan(with_nan, 3, kept), 2);
	CHECK(kept[0] == 1 && kept[1] == 4);

	/* two-sample tests */
	StatsTest t;
	stats_welch_t(one, 1, some, N(some), &t);
	CHECK(isnan(t.statistic) && isnan(t.df) && isnan(t.p_greater) &&
	      isnan(t.p_less) && isnan(t.p_two_sided));
	stats_welch_t(same, N(same), same2, N(same2), &t); /* both variances 0 */
	CHECK(isnan(t.statistic) && isnan(t.p_two_sided));
	stats_welch_t(same, N(same), tenths, N(tenths), &t); /* different means, still 0/0 */
	CHECK(isnan(t.statistic) && isnan(t.p_greater));
	stats_welch_t(NULL, 0, some, N(some), &t);
	CHECK(isnan(t.statistic));
	stats_welch_t(with_nan, 3, some, N(some), &t);
	CHECK(isnan(t.statistic) && isnan(t.p_two_sided));

	stats_mann_whitney(NULL, 0, some, N(some), &t);
	CHECK(isnan(t.statistic) && isnan(t.p_greater) && isnan(t.p_two_sided));
	stats_mann_whitney(with_nan, 3, some, N(some), &t);
	CHECK(isnan(t.statistic) && isnan(t.p_two_sided));
	stats_mann_whitney(same, N(same), same2, N(same2), &t); /* every value tied */
	CHECK(t.statistic == 6.0); /* n_a n_b / 2 */
	CHECK(isnan(t.p_greater) && isnan(t.p_less) && isnan(t.p_two_sided));

	CHECK(isnan(stats_cohens_d(one, 1, one, 1)));         /* n_a + n_b - 2 = 0 */
	CHECK(isnan(stats_cohens_d(same, N(same), same2, N(same2)))); /* s_pooled = 0 */
	CHECK(isnan(stats_cohens_d(NULL, 0, some, N(some))));
	CHECK(isnan(stats_cohens_d(some, N(some), with_nan, 3)));
	/* one value on one side is fine: its squared deviations are 0 */
	CHECK_REL(stats_cohens_d(one, 1, some, N(some)),
		  (4.2 - 3.75) / sqrt((7.5625 + 3.0625 + 0.0625 + 18.0625) / 3.0), 1e-14);

	/* Holm */
	static const double bad_p[] = {0.1, 1.2, 0.3};
	static const double nan_p[] = {0.1, NAN};
	double adj[3] = {0, 0, 0};
	CHECK_INT(stats_holm(bad_p, 3, adj), -1);
	CHECK(isnan(adj[0]) && isnan(adj[1]) && isnan(adj[2]));
	CHECK_INT(stats_holm(nan_p, 2, adj), -1);
	CHECK(isnan(adj[0]) && isnan(adj[1]));
	CHECK_INT(stats_holm(NULL, 0, NULL), 0);

	/* correlation and regression */
	static const double x3[] = {1, 2, 3};
	static const double y3[] = {2, 1, 5};
	StatsCorrelation c;
	stats_spearman(one, one, 1, &c);
	CHECK(isnan(c.r) && isnan(c.p_two_sided));
	stats_spearman(same2, x3, 3, &c); /* constant x */
	CHECK(isnan(c.r) && isnan(c.p_two_sided));
	stats_spearman(x3, y3, 2, &c); /* two pairs: a sign, no p-value */
	CHECK(c.r == -1.0 && isnan(c.p_two_sided));
	stats_spearman(x3, with_nan, 3, &c);
	CHECK(isnan(c.r) && isnan(c.p_two_sided));
	CHECK(isnan(stats_pearson(x3, same2, 3)) && isnan(stats_pearson(one, one, 1)));
	CHECK(isnan(stats_pearson(tenths, x3, 3)));

	StatsLinreg fit;
	stats_linregress(same2, x3, 3, &fit); /* vertical line: nothing defined */
	CHECK(isnan(fit.slope) && isnan(fit.intercept) && isnan(fit.r) &&
	      isnan(fit.r2) && isnan(fit.p_two_sided) && isnan(fit.slope_stderr) &&
	      isnan(fit.intercept_stderr));
	stats_linregress(one, one, 1, &fit);
	CHECK(isnan(fit.slope) && isnan(fit.intercept));
	stats_linregress(x3, tenths, 3, &fit); /* horizontal line */
	CHECK(fit.slope == 0.0 && fit.intercept == 0.1);
	CHECK(isnan(fit.r) && isnan(fit.r2) && isnan(fit.p_two_sided));
	CHECK(fit.slope_stderr == 0.0 && fit.intercept_stderr == 0.0);
	stats_linregress(x3, y3, 2, &fit); /* two points: exact line, no test */
	CHECK_REL(fit.slope, -1.0, 1e-15);
	CHECK_REL(fit.intercept, 3.0, 1e-15);
	CHECK_REL(fit.r, -1.0, 1e-15);
	CHECK(isnan(fit.p_two_sided) && isnan(fit.slope_stderr));
	stats_linregress(x3, with_nan, 3, &fit);
	CHECK(isnan(fit.slope) && isnan(fit.r));
}

int main(void)
{
	check_descriptive_cases();
	check_ranks();
	check_t_distribution();
	check_incbeta_and_normal();
	check_two_sample_cases();
	check_mann_whitney_single();
	check_holm_cases();
	check_spearman_cases();
	check_linregress_log_log();
	check_degenerate();
	return check_done();
}
