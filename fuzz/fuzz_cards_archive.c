/* SPDX-License-Identifier: MIT */
/* fuzz_cards_archive.c - the cards importer on an archive (any format and
 * compression libarchive reads). Properties: fuzz_check_import's (card
 * bodies UTF-8 without NUL, ids clean). */
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_import(data, size, "cards.tar", IMPORT_CARDS);
}
