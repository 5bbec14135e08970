/* SPDX-License-Identifier: MIT */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

int peat_err_set(PeatErr *err, const char *fmt, ...)
{
	va_list ap;

	if (!err || err->set)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	err->set = 1;
	return -1;
}

void peat_err_clear(PeatErr *err)
{
	if (!err)
		return;
	err->set = 0;
	err->msg[0] = '\0';
}
