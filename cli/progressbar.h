/* progressbar.h - a progress bar on stderr for long CLI work: records,
 * rate and time left, redrawn at most ten times a second, only when stderr
 * is a terminal (progressbar_init leaves `p` inert otherwise). */
#ifndef PEAT_PROGRESSBAR_H
#define PEAT_PROGRESSBAR_H

#include "progress.h"

typedef struct ProgressBar {
	Progress progress;
	double started;
	double last_draw;
	int drawn;
	int enabled;
} ProgressBar;

/* Set up `bar`; pass &bar->progress to core functions. */
void progressbar_init(ProgressBar *bar, int enabled);

#endif
