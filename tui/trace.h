/* SPDX-License-Identifier: MIT */
/* trace.h - keystroke latency records for benchmarks.
 *
 * With PEAT_TRACE=FILE in the environment, the explorer appends one line
 * per input to FILE: the key's name, the view it went to, and the
 * milliseconds from reading the key to the doupdate() that shows its
 * effect (keys typed at a prompt, such as the incremental filter, are
 * traced the same way). Without PEAT_TRACE nothing is measured or written.
 *
 * Call order: trace_open() once at start-up; trace_key() when a key has
 * been read (the one input choke point); trace_painted() right after every
 * doupdate(); trace_results() after the paint of a deferred load (see
 * tui.h, load_pending); trace_close() at exit. trace_painted() with no key pending
 * does nothing, so paints that no key caused are not counted. */
#ifndef PEAT_TRACE_H
#define PEAT_TRACE_H

void trace_open(void);
void trace_key(int key);
void trace_painted(const char *view);
/* After the doupdate that shows a deferred load's results (the data a key
 * asked for, loaded once input was idle): a line "results VIEW MS", MS
 * from the last key read. */
void trace_results(const char *view);
/* The same for what a deferred load left to a load after it (the count of
 * a filter's matches, after its first screen): "WHAT VIEW MS". */
void trace_results_as(const char *what, const char *view);
void trace_close(void);

#endif
