/* SPDX-License-Identifier: MIT */
/* Unit tests for display-width measurement and truncation. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

	char *s = text_truncate("hello world", 8, "…");
	CHECK_STR(s, "hello w…");
	CHECK_INT(text_width(s), 8);
	free(s);
	s = text_truncate("日本語のモデル", 7, "…");
	/* Never half a wide character: three wide characters and the ellipsis. */
	CHECK_STR(s, "日本語…");
	CHECK(text_width(s) <= 7);
	free(s);
	s = text_truncate("hello", 5, "…");
	CHECK_STR(s, "hello");
	free(s);
	s = text_truncate("hello", 3, "~");
	CHECK_STR(s, "he~");
	free(s);
	s = text_truncate("hello", 0, "…");
	CHECK_STR(s, "");
	free(s);
	/* Cut between clauses, else words; never inside a word that fits. */
	s = text_truncate_words("models, page 11, 4 retries", 24, "…");
	CHECK_STR(s, "models, page 11…");
	free(s);
	s = text_truncate_words("models, page 11, 4 retries", 26, "…");
	CHECK_STR(s, "models, page 11, 4 retries");
	free(s);
	s = text_truncate_words("waiting 43 s (rate limited): models, page 2", 32, "…");
	CHECK_STR(s, "waiting 43 s (rate limited)…");
	free(s);
	s = text_truncate_words("downloading everything now", 20, "~");
	CHECK_STR(s, "downloading~");
	free(s);
	s = text_truncate_words("supercalifragilistic", 8, "…");
	CHECK_STR(s, "superca…");
	free(s);
	s = text_truncate_words("日本語 のモデル", 8, "…");
	CHECK_STR(s, "日本語…");
	CHECK(text_width(s) <= 8);
	free(s);
	int used;
	CHECK_INT(text_prefix_bytes("日本語", 5, &used), 6);
	CHECK_INT(used, 4);

	/* Glyphs of several code points are measured and cut whole. */
	const char *eye = "\xF0\x9F\x91\x81\xEF\xB8\x8F";          /* 👁 + VS16 */
	const char *coder = "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB"; /* 👩 ZWJ 💻 */
	const char *family = "👨\u200D👩\u200D👧";
	const char *rainbow = "\xF0\x9F\x8F\xB3\xEF\xB8\x8F\xE2\x80\x8D\xF0\x9F\x8C\x88"; /* 🏳 VS16 ZWJ 🌈 */
	const char *flag = "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7";     /* 🇫 🇷 */
	const char *keycap = "1\xEF\xB8\x8F\xE2\x83\xA3";            /* 1 VS16 U+20E3 */
	const char *thumb = "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD";     /* 👍 + skin tone */
	int cw;
	CHECK_INT(text_cluster(eye, strlen(eye), &cw), 7);
	CHECK_INT(cw, 2);
	CHECK_INT(text_width(eye), 2);                 /* was 1 + 0 */
	CHECK_INT(text_width("\xE2\x9D\xA4\xEF\xB8\x8F"), 2); /* ❤️ */
	CHECK_INT(text_width("\xE2\x9D\xA4\xEF\xB8\x8E"), 1); /* ❤︎: text presentation stays 1 */
	CHECK_INT(text_cluster(coder, strlen(coder), &cw), strlen(coder));
	CHECK_INT(cw, 2);                              /* was 2 + 2 */
	CHECK_INT(text_width(family), 2);              /* was 2 + 2 + 2 */
	CHECK_INT(text_width(rainbow), 2);
	CHECK_INT(text_cluster(flag, strlen(flag), &cw), 8);
	CHECK_INT(cw, 2);
	CHECK_INT(text_width("\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7\xF0\x9F\x87\xA9\xF0\x9F\x87\xAA"), 4); /* 🇫🇷🇩🇪: two flags */
	CHECK_INT(text_width("\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7\xF0\x9F\x87\xA9"), 3); /* a flag and a lone indicator */
	CHECK_INT(text_width(keycap), 2);
	CHECK_INT(text_width(thumb), 2);
	CHECK_INT(text_width("a\xE2\x80\x8D" "b"), 2); /* a joiner between letters joins nothing */
	CHECK_INT(text_cluster("\n\xCC\x81", 3, &cw), 1); /* a control takes no mark */

	/* Never cut inside a cluster: the cut falls before or after it. */
	char buf[128];
	snprintf(buf, sizeof buf, "ab%scd", eye);
	CHECK_INT(text_width(buf), 6);
	CHECK_INT(text_prefix_bytes(buf, 3, &used), 2);
	CHECK_INT(used, 2);
	CHECK_INT(text_prefix_bytes(buf, 4, &used), 2 + strlen(eye));
	CHECK_INT(used, 4);
	snprintf(buf, sizeof buf, "%s%s%s", coder, flag, family);
	CHECK_INT(text_width(buf), 6);
	CHECK_INT(text_prefix_bytes(buf, 3, &used), strlen(coder));
	CHECK_INT(used, 2);
	CHECK_INT(text_prefix_bytes(buf, 5, &used), strlen(coder) + strlen(flag));
	s = text_truncate(buf, 5, "…");
	snprintf(buf, sizeof buf, "%s%s…", coder, flag);
	CHECK_STR(s, buf);
	free(s);
	snprintf(buf, sizeof buf, "x%sy", eye);
	s = text_truncate(buf, 3, "…");
	CHECK_STR(s, "x…");                            /* the eye does not fit beside the ellipsis */
	free(s);

	/* Without a UTF-8 locale every character is drawn as one '?': one
	 * cluster each. */
	text_set_utf8(0);
	if (setlocale(LC_CTYPE, "C")) {
		CHECK_INT(text_cluster(coder, strlen(coder), &cw), 4);
		CHECK_INT(cw, 1);
		CHECK_INT(text_width(coder), 3);
	}
	return check_done();
}
