/* SPDX-License-Identifier: MIT */
/* jsonout.c - JSON string literals (see jsonout.h). */
#include "jsonout.h"

#include <stdint.h>

#include "text.h"
#include "untrusted.h"

void json_put_string(StrBuf *sb, const char *s)
{
	sb_putc(sb, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': sb_puts(sb, "\\\""); break;
		case '\\': sb_puts(sb, "\\\\"); break;
		case '\n': sb_puts(sb, "\\n"); break;
		case '\r': sb_puts(sb, "\\r"); break;
		case '\t': sb_puts(sb, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7F) {
				sb_printf(sb, "\\u%04x", *p);
			} else if (*p < 0x80) {
				sb_putc(sb, (char)*p);
			} else {
				uint32_t cp;
				size_t avail = 1;
				while (avail < 4 && p[avail])
					avail++;
				size_t len = utf8_decode((const char *)p, avail, &cp);
				if (cp == 0xFFFD && len == 1)
					sb_puts(sb, "\\ufffd");
				else if (untrusted_is_unsafe(cp))
					sb_printf(sb, "\\u%04x", (unsigned)cp);
				else
					sb_add(sb, (const char *)p, len);
				p += len - 1;
			}
		}
	}
	sb_putc(sb, '"');
}
