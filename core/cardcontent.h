/* SPDX-License-Identifier: MIT */
/* cardcontent.h - content evidence for the five card sections: which of
 * them a block of a card's body documents by what it says, whatever
 * heading stands above it (a sentence naming the data the model was
 * trained on, a metric with its value, a paragraph on the model's risks).
 * The rules themselves are documented with the heading rules, in
 * cardsec.h; cardsec.c is the only user.
 *
 * A block is the visible text of one paragraph, list item, HTML block or
 * code block (lines separated by '\n'), or of one table (rows separated by
 * '\n', cells by '\t', the header row first). Its words are matched
 * against the cue tables in cardcontent.c, sentence by sentence:
 * placeholders, pointers elsewhere ("see the paper") and calls to action
 * ("Give a thumbs up") are blanked first, so what they name counts for
 * nothing. Everything is deterministic and needs no allocation per block
 * once the buffers have grown.
 *
 * Call order: content_rules_new() once, content_scan() per block,
 * content_rules_free(). Not thread-safe (one per CardScorer). */
#ifndef PEAT_CARDCONTENT_H
#define PEAT_CARDCONTENT_H

#include <stddef.h>
#include <stdint.h>

#include "cardsec.h"

typedef enum { CONTENT_PROSE, CONTENT_TABLE, CONTENT_CODE } ContentKind;

/* What one block shows. */
typedef struct ContentFinding {
	unsigned sections;                         /* bit (1 << CardSection) per section */
	size_t at[SEC_COUNT];                      /* offset in the block of the evidence */
	char words[SEC_COUNT][CARD_EVIDENCE_SIZE]; /* the words that show it, as written */
	/* Words of sentences that are neither blank, pointers, credits nor
	 * only a statement of training (what a description is made of). */
	int descriptive_words;
	/* 1 when every sentence with words is a pointer elsewhere, a credit or
	 * a call to action: the block documents nothing under any heading. */
	int pointer_only;
	/* 1 when a metric or a test set stands with a value (a number) in the
	 * same sentence, line or table: results. */
	int has_result;
	/* 1 when a sentence names results, a metric or a test set: a table
	 * right after it holds results whatever its header says. */
	int announces_results;
	/* 1 for a comparison table of results none of whose rows is this
	 * model. */
	int other_results;
} ContentFinding;

/* What is known around a block. */
typedef struct ContentContext {
	/* The text before this table announced results ("the results are in
	 * this table:", a heading naming evaluation). */
	int after_results;
	/* The model's id ("org/name") or NULL: a comparison table's rows that
	 * name other models are not its results. */
	const char *model;
	/* The card's title (its first heading) or NULL: what the card calls
	 * the model when its id says otherwise ("Polbert"). */
	const char *title;
} ContentContext;

typedef struct ContentRules ContentRules;

ContentRules *content_rules_new(void);
void content_rules_free(ContentRules *cr);

/* Scan one block (text need not be NUL-terminated). A code block only
 * yields results (has_result and evaluation: a metric with a value, or a
 * dump of two "name: number" lines or more); cardsec.c counts those under
 * an evaluation heading only. ctx may be NULL. Fills *out (zeroed
 * first). */
void content_scan(ContentRules *cr, const char *text, size_t len, ContentKind kind, const ContentContext *ctx,
		  ContentFinding *out);

/* How a code point outside ASCII takes part in words: a separator
 * (punctuation, symbols, emoji), a word of its own (CJK: those scripts use
 * no spaces) or a letter (accented Latin, Cyrillic, ...). Shared with
 * cardsec.c's normalisation so both read the same words. */
enum cp_class { CP_SEPARATOR, CP_LETTER, CP_SOLO };
enum cp_class content_cp_class(uint32_t cp);

/* Template text that is no content (placeholders and the Hugging Face
 * card template's sentences), longest first; NULL-terminated. */
extern const char *const content_placeholder_phrases[];

#endif
