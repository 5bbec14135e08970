/* SPDX-License-Identifier: MIT */
/* Unit tests for the rule for untrusted text (core/untrusted.h): which
 * characters are unsafe, how they are shown, and what the import checks
 * refuse and say. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "untrusted.h"

/* The visible form of n bytes with flags, as a heap string. */
static char *visible(const char *s, size_t n, unsigned flags)
{
	StrBuf sb = {0};
	untrusted_put_visible(&sb, s, n, flags);
	return sb_take(&sb);
}

static void test_classes(void)
{
	/* Every C0 control, DEL and every C1 control. */
	for (uint32_t cp = 0; cp < 0x20; cp++)
		CHECK(untrusted_is_unsafe(cp));
	for (uint32_t cp = 0x7F; cp <= 0x9F; cp++)
		CHECK(untrusted_is_unsafe(cp));
	/* The bidirectional controls. */
	const uint32_t bidi[] = {0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D,
				 0x202E, 0x2066, 0x2067, 0x2068, 0x2069};
	for (size_t i = 0; i < sizeof bidi / sizeof bidi[0]; i++) {
		CHECK(untrusted_is_unsafe(bidi[i]));
		CHECK(untrusted_char_name(bidi[i]) != NULL);
	}
	/* Their neighbours and ordinary text are safe. */
	const uint32_t safe[] = {' ', '~', 0xA0, 0xE9, 0x061B, 0x061D, 0x200D, 0x2029,
				 0x202F, 0x2065, 0x206A, 0x65E5, 0x1F600};
	for (size_t i = 0; i < sizeof safe / sizeof safe[0]; i++) {
		CHECK(!untrusted_is_unsafe(safe[i]));
		CHECK(untrusted_char_name(safe[i]) == NULL);
	}
	CHECK_STR(untrusted_char_name(0), "NUL");
	CHECK_STR(untrusted_char_name(0x1B), "escape");
	CHECK_STR(untrusted_char_name(0x7F), "delete");
	CHECK_STR(untrusted_char_name(0x9B), "control sequence introducer");
	CHECK_STR(untrusted_char_name(0x81), "C1 control");
	CHECK_STR(untrusted_char_name(0x202E), "right-to-left override");
}

static void test_escape(void)
{
	char buf[UNTRUSTED_ESCAPE_MAX];
	CHECK_INT(untrusted_escape('a', buf), 0);
	CHECK_INT(untrusted_escape(0xE9, buf), 0);
	CHECK_INT(untrusted_escape(0x1B, buf), 4);
	CHECK_STR(buf, "\\x1b");
	CHECK_INT(untrusted_escape('\n', buf), 2);
	CHECK_STR(buf, "\\n");
	untrusted_escape(0, buf);
	CHECK_STR(buf, "\\x00");
	untrusted_escape(0x7F, buf);
	CHECK_STR(buf, "\\x7f");
	untrusted_escape(0x9B, buf);
	CHECK_STR(buf, "<U+009B>");
	CHECK_INT(untrusted_escape(0x202E, buf), 8);
	CHECK_STR(buf, "<U+202E>");
}

static void test_visible(void)
{
	/* The vectors: OSC 52, OSC 0, CSI 2J, BS, CR, BEL, DEL, C1 as
	 * UTF-8 and as a raw byte, a bidi override. */
	const char osc52[] = "a\x1b]52;c;aGk=\x07z";
	char *s = visible(osc52, strlen(osc52), 0);
	CHECK_STR(s, "a\\x1b]52;c;aGk=\\x07z");
	free(s);
	const char mix[] = "x\x1b[2J\b\ry\x7f\xc2\x9b\x9b\xe2\x80\xaeok";
	s = visible(mix, strlen(mix), 0);
	CHECK_STR(s, "x\\x1b[2J\\x08\\ry\\x7f<U+009B>\xEF\xBF\xBD<U+202E>ok");
	free(s);
	s = visible(mix, strlen(mix), UNTRUSTED_ASCII);
	CHECK_STR(s, "x\\x1b[2J\\x08\\ry\\x7f<U+009B>?<U+202E>ok");
	free(s);
	/* A NUL inside the given length is shown too. */
	s = visible("a\0b", 3, 0);
	CHECK_STR(s, "a\\x00b");
	free(s);
	/* Lines kept: tabs and newlines stay, CRLF is a newline, a lone CR not. */
	const char lines[] = "a\tb\r\nc\rd\n";
	s = visible(lines, strlen(lines), UNTRUSTED_KEEP_LINES);
	CHECK_STR(s, "a\tb\nc\\rd\n");
	free(s);
	s = visible(lines, strlen(lines), 0);
	CHECK_STR(s, "a\\tb\\r\\nc\\rd\\n");
	free(s);
	/* Ordinary text, wide and combining characters untouched. */
	const char text[] = "北极星-ai/marten-8b caf\xc3\xa9 e\xcc\x81 \xf0\x9f\x98\x80 \xef\xbf\xbd";
	s = visible(text, strlen(text), 0);
	CHECK_STR(s, text);
	free(s);

	char *copy = (char *)1;
	CHECK(untrusted_visible(text, &copy) == text);
	CHECK(copy == NULL);
	CHECK_STR(untrusted_visible("id\x1b[31m", &copy), "id\\x1b[31m");
	CHECK(copy != NULL);
	free(copy);

	uint32_t cp;
	CHECK_INT(untrusted_find(text, strlen(text), &cp), strlen(text));
	CHECK_INT(untrusted_find("ab\xe2\x80\xae" "c", 6, &cp), 2);
	CHECK_INT(cp, 0x202E);
	CHECK_INT(untrusted_find("ab\xff", 3, &cp), 2);
	CHECK_INT(cp, 0xFFFD);
}

static void test_checks(void)
{
	PeatErr err = {0};
	CHECK_INT(untrusted_check_id("microsoft/phi-2", 15, &err, "x"), 0);
	CHECK_INT(untrusted_check_id("北极星-ai", strlen("北极星-ai"), &err, "x"), 0);
	CHECK(!err.set);

	/* The message names the place, the character and the value. */
	const char rlo[] = "evil\xe2\x80\xaetxt.exe";
	CHECK_INT(untrusted_check_id(rlo, strlen(rlo), &err, "models.jsonl:%d: \"%s\"", 12, "id"), -1);
	CHECK_STR(err.msg, "models.jsonl:12: \"id\": U+202E (right-to-left override) is not allowed in an "
			   "identifier (\"evil<U+202E>txt.exe\")");
	peat_err_clear(&err);
	/* A NUL within the length is found (what strlen() would cut off). */
	CHECK_INT(untrusted_check_id("microsoft/phi-2\0-not-really", 27, &err, "f:3: \"id\""), -1);
	CHECK_STR(err.msg, "f:3: \"id\": U+0000 (NUL) is not allowed in an identifier "
			   "(\"microsoft/phi-2\\x00-not-really\")");
	peat_err_clear(&err);
	/* Text in another encoding is named so, before a control in it. */
	CHECK_INT(untrusted_check_id("tag\n\xff", 5, &err, "w"), -1);
	CHECK_STR(err.msg, "w is not valid UTF-8 text (byte 5 of the value is 0xFF)");
	peat_err_clear(&err);
	/* Invalid UTF-8 keeps the message it always had. */
	CHECK_INT(untrusted_check_id("ab\xff", 3, &err, "f:1: \"author\""), -1);
	CHECK_STR(err.msg, "f:1: \"author\" is not valid UTF-8 text (byte 3 of the value is 0xFF)");
	peat_err_clear(&err);
	/* A C1 control as a raw byte is no UTF-8; as a character, unsafe. */
	CHECK_INT(untrusted_check_id("a\xc2\x9b", 3, &err, "w"), -1);
	CHECK(strstr(err.msg, "U+009B (control sequence introducer)") != NULL);
	peat_err_clear(&err);
	/* A long value is quoted cut. */
	char longid[300];
	memset(longid, 'a', sizeof longid);
	longid[0] = '\x1b';
	CHECK_INT(untrusted_check_id(longid, sizeof longid, &err, "w"), -1);
	CHECK(strlen(err.msg) < 160);
	CHECK(strstr(err.msg, "(\"\\x1baaaa") != NULL);
	peat_err_clear(&err);

	/* The first error wins, and a NULL err is allowed. */
	err.set = 1;
	strcpy(err.msg, "earlier");
	CHECK_INT(untrusted_check_id("\x1b", 1, &err, "w"), -1);
	CHECK_STR(err.msg, "earlier");
	peat_err_clear(&err);
	CHECK_INT(untrusted_check_id("\x1b", 1, NULL, "w"), -1);

	/* Free text keeps its controls and bidi, but not NUL nor bad bytes. */
	const char body[] = "line\r\n\ttab \x1b[2J \xe2\x80\xae end";
	CHECK_INT(untrusted_check_text(body, strlen(body), &err, "w"), 0);
	CHECK_INT(untrusted_check_text("abc\0def", 7, &err, "card.md: \"description\""), -1);
	CHECK_STR(err.msg, "card.md: \"description\": U+0000 (NUL) is not allowed in text peat stores (byte 4 of "
			   "the value)");
	peat_err_clear(&err);
	CHECK_INT(untrusted_check_text("ab\xc3", 3, &err, "w"), -1);
	CHECK_STR(err.msg, "w is not valid UTF-8 text (byte 3 of the value is 0xC3)");
}

int main(void)
{
	if (!setlocale(LC_CTYPE, "C.UTF-8") && !setlocale(LC_CTYPE, "en_US.UTF-8"))
		SKIP("no UTF-8 locale");
	test_classes();
	test_escape();
	test_visible();
	test_checks();
	return check_done();
}
