/* SPDX-License-Identifier: MIT */
/* jsonout.h - writing JSON text (reading it is SQLite's job: json_*()).
 *
 * json_put_string() appends s to sb as a JSON string literal, quotes
 * included: '"', '\\' and control characters escaped; bytes that are not
 * UTF-8 (a Latin-1 id stored from an old dump, say) become U+FFFD, so the
 * output is always valid JSON. */
#ifndef PEAT_JSONOUT_H
#define PEAT_JSONOUT_H

#include "strbuf.h"

void json_put_string(StrBuf *sb, const char *s);

#endif
