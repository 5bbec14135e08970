/* SPDX-License-Identifier: MIT */
/* fuzz.h - what the libFuzzer harnesses in fuzz/ share: the properties
 * every output of peat must have whatever the input (checked with
 * fuzz_require(), which aborts so that libFuzzer keeps the input), and a
 * scratch store for the importers.
 *
 * Each harness is one file defining LLVMFuzzerTestOneInput(); it is built
 * twice: with clang -fsanitize=fuzzer by `make fuzz` (fuzz/run.sh), and
 * with replay.c's main() as a test of `make check` that runs it on every
 * input kept under fuzz/crashes/<name>/ (inputs that once failed). */
#ifndef PEAT_FUZZ_H
#define PEAT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort with the property that failed when `ok` is 0. */
#define fuzz_require(ok, ...) ((ok) ? (void)0 : fuzz_fail(__FILE__, __LINE__, __VA_ARGS__))
void fuzz_fail(const char *file, int line, const char *fmt, ...) __attribute__((noreturn, format(printf, 3, 4)));

/* Text peat shows: valid UTF-8 without NUL, and without C0 controls (tab
 * and, where allow_newlines, line ends excepted), DEL, C1 controls or
 * bidirectional controls (U+061C, U+200E, U+200F, U+202A..U+202E,
 * U+2066..U+2069: untrusted.h's list, written out again so that a mistake
 * there is caught here). `what` names it in the failure. */
void fuzz_require_clean_text(const char *s, size_t n, int allow_newlines, const char *what);

/* The input written to a scratch file named `name` (its extension tells
 * some importers the format); the path, valid until the next call. */
const char *fuzz_write_input(const uint8_t *data, size_t size, const char *name);

/* A new empty store in the scratch folder (the last one closed and
 * removed). */
Store *fuzz_new_store(void);

/* After an import: on failure a message naming the file was set and the
 * store holds no model; on success every identifier stored (model names,
 * authors, tags, libraries, pipelines, licences) is clean text, and so is
 * every stored text as UTF-8 without NUL. */
void fuzz_check_import(Store *st, int rc, const char *msg, const char *name);

#endif
