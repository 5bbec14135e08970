/* SPDX-License-Identifier: MIT */
/* strbuf.h - a growable, always NUL-terminated byte buffer.
 * A zeroed StrBuf is empty and valid. Allocation failure aborts: peat treats
 * out-of-memory as fatal, like every other curses program. */
#ifndef PEAT_STRBUF_H
#define PEAT_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct StrBuf {
	char *data;
	size_t len;
	size_t cap;
} StrBuf;

void sb_grow(StrBuf *sb, size_t extra);
void sb_add(StrBuf *sb, const char *s, size_t n);
void sb_puts(StrBuf *sb, const char *s);
void sb_putc(StrBuf *sb, char c);
void sb_printf(StrBuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(StrBuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void sb_reset(StrBuf *sb);
/* Return the text (never NULL: "" when empty). */
const char *sb_str(const StrBuf *sb);
/* Hand the heap string to the caller and leave the buffer empty. */
char *sb_take(StrBuf *sb);
void sb_free(StrBuf *sb);

/* Allocation helpers that abort on exhaustion. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
