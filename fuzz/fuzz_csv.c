/* SPDX-License-Identifier: MIT */
/* fuzz_csv.c - the CSV reader and the table importers (csv, edges,
 * library-counts; the input's first byte picks one, the rest is the file).
 * Properties: fuzz_check_import's (a failure names the file and stores
 * nothing; stored identifiers are clean text, other text UTF-8 without
 * NUL). */
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const ImportFormat formats[] = {IMPORT_CSV, IMPORT_EDGES, IMPORT_LIBRARY_COUNTS};
	if (size == 0)
		return 0;
	return fuzz_import(data + 1, size - 1, "table.csv", formats[data[0] % 3]);
}
