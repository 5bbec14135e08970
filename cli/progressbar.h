/* SPDX-License-Identifier: MIT */
/* progressbar.h - a progress bar on stderr for long CLI work: what is
 * being done, records, rate and time left on one line that fits the
 * terminal (the label is cut between words, never inside one), redrawn at
 * most ten times a second, only when stderr is a terminal (progressbar_init
 * leaves the bar inert otherwise). Notes (progress_note) are printed as
 * "peat: ..." lines above the bar, terminal or not, unless `quiet`. */
#ifndef PEAT_PROGRESSBAR_H
#define PEAT_PROGRESSBAR_H

#include "progress.h"

typedef struct ProgressBar {
	Progress progress;
	double started;
	double last_draw;
	int drawn;
	int enabled;
	int quiet;           /* no notes either (-q) */
	char what[256];      /* the last report, redrawn after a note */
	int64_t done, total, records;
} ProgressBar;

/* Set up `bar`; pass &bar->progress to core functions. */
void progressbar_init(ProgressBar *bar, int enabled);

#endif
