/* SPDX-License-Identifier: MIT */
/* progress.h - how long-running core work reports progress.
 * The core never prints: the caller passes a Progress whose callback draws a
 * bar (the CLI on a terminal), updates a status line (the TUI) or is NULL.
 * Callers of progress_report() may call it for every record; throttling the
 * drawing is the callback's job. */
#ifndef PEAT_PROGRESS_H
#define PEAT_PROGRESS_H

#include <stdint.h>

typedef struct Progress {
	/* what: a short noun phrase ("models.jsonl", "cards");
	 * done/total: work units (bytes of input when total > 0, else records);
	 * records: records handled so far. total < 0 means unknown. */
	void (*report)(void *ctx, const char *what, int64_t done, int64_t total, int64_t records);
	/* Called once when the work ends (successfully or not). May be NULL. */
	void (*finish)(void *ctx);
	/* A sentence worth saying at once while the work goes on (a long wait
	 * for the Hub's rate limit), without the "peat: " prefix. The CLI
	 * prints it on its own line above the bar. May be NULL. */
	void (*note)(void *ctx, const char *message);
	void *ctx;
} Progress;

static inline void progress_report(const Progress *p, const char *what, int64_t done, int64_t total,
				   int64_t records)
{
	if (p && p->report)
		p->report(p->ctx, what, done, total, records);
}

static inline void progress_note(const Progress *p, const char *message)
{
	if (p && p->note)
		p->note(p->ctx, message);
}

static inline void progress_finish(const Progress *p)
{
	if (p && p->finish)
		p->finish(p->ctx);
}

#endif
