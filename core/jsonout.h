/* SPDX-License-Identifier: MIT */
/* jsonout.h - writing JSON text (reading it is SQLite's job: json_*()).
 *
 * json_put_string() appends s to sb as a JSON string literal, quotes
 * included: '"', '\\' and every character untrusted.h calls unsafe (C0 and
 * C1 controls, DEL, bidirectional controls) escaped ("\u001b", "\u202e"),
 * so no reader of the JSON is handed a control it did not decode itself;
 * bytes that are not UTF-8 (a Latin-1 id stored from an old dump, say)
 * become U+FFFD, so the output is always valid JSON. */
#ifndef PEAT_JSONOUT_H
#define PEAT_JSONOUT_H

#include "strbuf.h"

void json_put_string(StrBuf *sb, const char *s);

#endif
