/* SPDX-License-Identifier: MIT */
/* fuzz_import.h - one harness body for every importer: the input written
 * to a file, imported into a new store in the given format, and the store
 * checked (fuzz_check_import). Included by the importer harnesses. */
#ifndef PEAT_FUZZ_IMPORT_H
#define PEAT_FUZZ_IMPORT_H

#include "fuzz.h"
#include "import.h"

static int fuzz_import(const uint8_t *data, size_t size, const char *name, ImportFormat format)
{
	const char *path = fuzz_write_input(data, size, name);
	Store *st = fuzz_new_store();
	ImportOptions opt = {.snapshot = "fuzz", .date = "2024-01-01", .format = format};
	ImportResult res;
	PeatErr err = {0};
	int rc = import_file(st, path, &opt, &res, &err);
	fuzz_check_import(st, rc, err.msg, name);
	return 0;
}

#endif
