/* Unit tests for display-width measurement and truncation. */
#include <locale.h>
#include <stdlib.h>

#include "check.h"
#include "text.h"

int main(void)
{
	if (!setlocale(LC_CTYPE, "C.UTF-8") && !setlocale(LC_CTYPE, "en_US.UTF-8"))
		SKIP("no UTF-8 locale");
	uint32_t cp;
	CHECK_INT(utf8_decode("é", 2, &cp), 2);
	CHECK_INT(cp, 0xE9);
	CHECK_INT(utf8_decode("\xff", 1, &cp), 1);
	CHECK_INT(cp, 0xFFFD);
	CHECK_INT(utf8_decode("\xe6\x97", 2, &cp), 1); /* truncated sequence */
	CHECK(utf8_valid("abc é 日本", strlen("abc é 日本")));
	CHECK(!utf8_valid("ab\xc3", 3));
	CHECK(!utf8_valid("\xed\xa0\x80", 3)); /* a surrogate */
	CHECK_INT(text_width("abc"), 3);
	CHECK_INT(text_width("日本語"), 6);
	CHECK_INT(text_width("e\xcc\x81"), 1); /* e + combining acute */
	CHECK_INT(text_width("●●○ 2/5"), 7);

	char *s = text_truncate("hello world", 8, 0);
	CHECK_STR(s, "hello w…");
	CHECK_INT(text_width(s), 8);
	free(s);
	s = text_truncate("日本語のモデル", 7, 0);
	/* Never half a wide character: three wide characters and the ellipsis. */
	CHECK_STR(s, "日本語…");
	CHECK(text_width(s) <= 7);
	free(s);
	s = text_truncate("hello", 5, 0);
	CHECK_STR(s, "hello");
	free(s);
	s = text_truncate("hello", 3, 1);
	CHECK_STR(s, "he~");
	free(s);
	s = text_truncate("hello", 0, 0);
	CHECK_STR(s, "");
	free(s);
	/* Cut between clauses, else words; never inside a word that fits. */
	s = text_truncate_words("models, page 11, 4 retries", 24, 0);
	CHECK_STR(s, "models, page 11…");
	free(s);
	s = text_truncate_words("models, page 11, 4 retries", 26, 0);
	CHECK_STR(s, "models, page 11, 4 retries");
	free(s);
	s = text_truncate_words("waiting 43 s (rate limited): models, page 2", 32, 0);
	CHECK_STR(s, "waiting 43 s (rate limited)…");
	free(s);
	s = text_truncate_words("downloading everything now", 20, 1);
	CHECK_STR(s, "downloading~");
	free(s);
	s = text_truncate_words("supercalifragilistic", 8, 0);
	CHECK_STR(s, "superca…");
	free(s);
	s = text_truncate_words("日本語 のモデル", 8, 0);
	CHECK_STR(s, "日本語…");
	CHECK(text_width(s) <= 8);
	free(s);
	int used;
	CHECK_INT(text_prefix_bytes("日本語", 5, &used), 6);
	CHECK_INT(used, 4);
	return check_done();
}
