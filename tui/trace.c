/* SPDX-License-Identifier: MIT */
/* trace.c - keystroke latency records (see trace.h). */
#include "trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tui.h"

static FILE *trace_file;
static int pending_key;
static int pending;
static struct timespec key_time;

void trace_open(void)
{
	const char *path = getenv("PEAT_TRACE");
	if (path && *path && !trace_file) {
		trace_file = fopen(path, "a");
		if (!trace_file)
			fprintf(stderr, "peat: PEAT_TRACE=%s: cannot write it; no trace is kept\n", path);
	}
}

void trace_key(int key)
{
	if (!trace_file)
		return;
	pending_key = key;
	pending = 1;
	clock_gettime(CLOCK_MONOTONIC, &key_time);
}

void trace_painted(const char *view)
{
	if (!trace_file || !pending)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double ms = (double)(now.tv_sec - key_time.tv_sec) * 1e3 + (double)(now.tv_nsec - key_time.tv_nsec) / 1e6;
	char name[32];
	key_display_name(pending_key, name, sizeof name);
	fprintf(trace_file, "%s\t%s\t%.3f\n", name, view ? view : "-", ms);
	pending = 0;
}

void trace_results(const char *view)
{
	trace_results_as("results", view);
}

void trace_results_as(const char *what, const char *view)
{
	if (!trace_file)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double ms = (double)(now.tv_sec - key_time.tv_sec) * 1e3 + (double)(now.tv_nsec - key_time.tv_nsec) / 1e6;
	fprintf(trace_file, "%s\t%s\t%.3f\n", what, view ? view : "-", ms);
}

void trace_close(void)
{
	if (trace_file)
		fclose(trace_file);
	trace_file = NULL;
}
