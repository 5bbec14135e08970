/* SPDX-License-Identifier: MIT */
/* fuzz_hub_json.c - the Hub JSON importer (records as JSON lines or one
 * array, gzip or not). Properties: fuzz_check_import's. */
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_import(data, size, "models.jsonl", IMPORT_HUB_JSON);
}
