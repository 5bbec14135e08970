/* SPDX-License-Identifier: MIT */
/* error.h - one error value passed down every fallible core call.
 *
 * Contract: a function that can fail takes a `PeatErr *err` (may be NULL when
 * the caller does not care), returns a negative value or NULL on failure and
 * then has filled err->msg with a complete, user-facing sentence that names
 * the file, the line or record, and what was wrong, e.g.
 *   "models.jsonl:1234: expected a JSON object".
 * The first error set wins: later calls to peat_err_set() on an error that
 * already holds a message do nothing, so the innermost, most precise message
 * reaches the user. */
#ifndef PEAT_ERROR_H
#define PEAT_ERROR_H

#include <stddef.h>

typedef struct PeatErr {
	int set;
	char msg[1024];
} PeatErr;

#if defined(__GNUC__)
#define PEAT_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define PEAT_PRINTF(a, b)
#endif

/* Record a message (printf-style) unless one is already recorded. Returns -1
 * so that `return peat_err_set(err, ...)` reads naturally. */
int peat_err_set(PeatErr *err, const char *fmt, ...) PEAT_PRINTF(2, 3);
/* Forget any recorded message. */
void peat_err_clear(PeatErr *err);

#endif
