/* SPDX-License-Identifier: MIT */
/* input.h - reading an input file line by line, gzip or not.
 *
 * input_open() sniffs the gzip magic and decompresses transparently (zlib).
 * input_line() returns each line without its line terminator (LF or CRLF),
 * NUL-terminated, valid until the next call; lines may be any length. A
 * truncated or corrupt gzip stream is an error naming the file and line, not
 * a silent end of input; so is a NUL byte anywhere in a line (a field cut
 * short by it would name another model: untrusted.h, rule 3). */
#ifndef PEAT_INPUT_H
#define PEAT_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct Input Input;

int input_open(const char *path, Input **out, PeatErr *err);
void input_close(Input *in);
/* 1 and *line set: a line; 0: end of input; -1: error (err set). */
int input_line(Input *in, const char **line, size_t *len, PeatErr *err);
/* Number of the line last returned (1-based). */
int64_t input_lineno(const Input *in);
/* Compressed bytes consumed so far and the file size, for progress. */
int64_t input_offset(const Input *in);
int64_t input_size(const Input *in);
int input_is_gzip(const Input *in);
/* The name used in messages: the path as given to input_open(). */
const char *input_name(const Input *in);

/* Peek at the first up to `n` decompressed bytes of a file without
 * consuming it. Returns the number of bytes stored, -1 on error. */
long input_peek(const char *path, unsigned char *buf, size_t n, PeatErr *err);
/* The basename of a path (pointer into it). */
const char *path_basename(const char *path);

#endif
