/* SPDX-License-Identifier: MIT */
/* fuzz_cardsec.c - the section analyser (core/cardsec.h) on any bytes,
 * front matter included. Properties: the completeness is the number of
 * sections present and each present section has an evidence line inside
 * the card; the scores are in range; evidence and the front matter's JSON
 * are valid UTF-8 (a cut never splits a character); a front matter
 * problem has a line; the front matter lines stay inside the card. Time:
 * libFuzzer's -timeout. */
#include <string.h>

#include "cardsec.h"
#include "fuzz.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static CardScorer *sc;
	if (!sc)
		sc = card_scorer_new();
	const char *text = (const char *)data;
	int lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += text[i] == '\n' || (text[i] == '\r' && (i + 1 == size || text[i + 1] != '\n'));

	static const char *const tags[] = {"license:mit", "dataset:squad"};
	static const char *const meta[] = {"license", "library"};
	CardFacts facts = {"org/model", tags, 2, meta, 2};
	CardAnalysis a;
	PeatErr err = {0};
	if (card_scorer_analyze(sc, text, size, size % 2 ? &facts : NULL, &a, &err) < 0) {
		fuzz_require(err.set && *err.msg, "a failed analysis gave no message");
		return 0;
	}
	fuzz_require(a.sections < (1u << SEC_COUNT), "sections 0x%x", a.sections);
	fuzz_require(a.completeness == __builtin_popcount(a.sections), "completeness %d for sections 0x%x",
		     a.completeness, a.sections);
	for (int s = 0; s < SEC_COUNT; s++) {
		int present = (a.sections >> s) & 1;
		fuzz_require(!present || (a.line[s] >= 1 && a.line[s] <= lines), "section %d at line %d of %d", s,
			     a.line[s], lines);
		fuzz_require(utf8_valid(a.evidence[s], strlen(a.evidence[s])), "the evidence of section %d is not UTF-8",
			     s);
	}
	fuzz_require(a.metadata >= 0 && a.metadata <= 1 && a.quality >= 0 && a.quality <= 1, "scores %g %g",
		     a.metadata, a.quality);
	fuzz_require(a.front_matter_line_count >= 0 && a.front_matter_line_count <= lines, "front matter of %d lines",
		     a.front_matter_line_count);
	if (a.front_matter_json)
		fuzz_require(utf8_valid(a.front_matter_json, strlen(a.front_matter_json)),
			     "the front matter's JSON is not UTF-8");
	fuzz_require(!a.yaml_problem[0] || (a.yaml_problem_line >= 0 && a.yaml_problem_line <= lines),
		     "a front matter problem at line %d of %d", a.yaml_problem_line, lines);
	fuzz_require(utf8_valid(a.yaml_problem, strlen(a.yaml_problem)), "the front matter problem is not UTF-8");
	card_analysis_free(&a);
	return 0;
}
