/* SPDX-License-Identifier: MIT */
/* fuzz_peatmoss.c - the PeaTMOSS importer on an SQLite file (seeds: the
 * fixtures' schemas with their rows, built by fuzz/run.sh). Properties:
 * fuzz_check_import's. */
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_import(data, size, "peatmoss.db", IMPORT_PEATMOSS);
}
