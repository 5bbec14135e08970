/* SPDX-License-Identifier: MIT */
/* cardsec.h - model-card analysis: which of the five sections of claim C3
 * (ESEM 2024) a card documents, how much metadata it declares, and the
 * documentation quality that combines the two.
 *
 * A card is Markdown with optional YAML front matter. The analysis
 *  1. splits the front matter off before any Markdown parsing (CommonMark
 *     would read `---` as a rule and the YAML as a setext heading) and parses
 *     it with libyaml into JSON (for SQLite's JSON functions);
 *  2. parses the body with cmark-gfm (tables, strikethrough, autolink,
 *     tasklist) and lists its headings and content blocks;
 *  3. decides each section from declarative rule tables in cardsec.c:
 *     heading synonyms, template placeholders, code that calls the model,
 *     prose before the first heading, a front matter `model-index`;
 *     a heading counts only when its content shows the section:
 *     - real content (not placeholders, template sentences, comments) under
 *       it, subsections included;
 *     - a description heading needs DESCRIPTION_MIN_WORDS (5) words of prose
 *       outside subsections of other sections; credits ("Built by ...") and
 *       pointers ("For more details, visit ...") of at most 8 words, badges,
 *       images and code are not prose;
 *     - a heading that names several sections ("Intended uses &
 *       limitations", "Training and evaluation data") credits each one only
 *       with content relevant to it: its topic words (limitations: limit*,
 *       bias*, risk*, harm*, "not intended", "out of scope", "should not",
 *       ...; how to use: use/used/using, intended, load, run, inference,
 *       prompt*, example*, ... or any code block; training: train*,
 *       dataset*, epoch*, ...; evaluation: eval*, test*, accura*, score*,
 *       result*, ...), or a subsection with content whose heading has them;
 *     - a card's umbrella title (its only H1, first) names the model and
 *       only counts for a section when it is nothing but section names and
 *       connectors ("# Limitations", "# Usage", "# Out-of-scope use");
 *     - without a heading, the description is the title or the text before
 *       the first heading followed by a paragraph of PROSE_MIN_WORDS (10);
 *  4. measures metadata availability over a fixed list of fields (those
 *     PeaTMOSS extracts) from the front matter, the model's Hub tags and its
 *     stored metadata.
 * Everything is deterministic: the same card always gets the same verdict
 * (the paper asked an LLM; see doc notes in cardsec.c for each decision).
 *
 * Scores: completeness = number of sections present (0..5);
 * metadata = share of known metadata fields present (0..1);
 * quality = (completeness / 5 + metadata) / 2 (0..1).
 *
 * Evidence line numbers always count lines of the whole file, front matter
 * included (line 1 is the card's first line). */
#ifndef PEAT_CARDSEC_H
#define PEAT_CARDSEC_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "progress.h"
#include "store.h"
#include "table.h"

/* Stored in card_score.scorer; bump whenever a rule changes so stored
 * verdicts made by older rules can be recognised and rescored. */
#define CARDSEC_SCORER_VERSION 2

/* The five sections, in the bit order of CardAnalysis.sections and of the
 * card_score.sections column (bit i = 1 << i). */
typedef enum {
	SEC_DESCRIPTION,
	SEC_LIMITATIONS,
	SEC_HOWTO,
	SEC_TRAINING,
	SEC_EVALUATION,
	SEC_COUNT
} CardSection;

/* "description", "limitations", "howto", "training", "evaluation": the
 * values of card_section.section. */
const char *card_section_name(CardSection s);
/* "Model description", "Limitations", "How to use", "Training", "Evaluation". */
const char *card_section_title(CardSection s);
/* 0 and *out set, or -1 for an unknown name. */
int card_section_parse(const char *name, CardSection *out);

/* The metadata fields whose availability is measured (after PeaTMOSS's
 * extracted metadata). Each is satisfied by front matter keys, Hub tag
 * prefixes or stored model_meta field names listed in cardsec.c. */
typedef enum {
	META_LICENSE,
	META_DATASETS,
	META_LANGUAGE,
	META_PAPER,
	META_BASE_MODEL,
	META_LIBRARY,
	META_TASK,
	META_DOMAIN,
	META_METRICS,
	META_HARDWARE,
	META_CARBON,
	META_HYPERPARAMETERS,
	META_PARAMETER_COUNT,
	META_LIMITATIONS_BIAS,
	META_IO_FORMAT,
	META_COUNT
} CardMetaField;

/* "license", "datasets", ... */
const char *card_meta_field_name(CardMetaField f);

#define CARD_EVIDENCE_SIZE 120
#define CARD_PROBLEM_SIZE 200

typedef struct CardAnalysis {
	unsigned sections;    /* bit (1 << CardSection) per section present */
	int completeness;     /* number of bits set, 0..5 */
	int line[SEC_COUNT];  /* first line of the evidence; 0 when absent */
	/* A short reason: the heading text, "code block calling
	 * from_pretrained", "model-index in front matter" or "prose before the
	 * first heading". Empty when absent. */
	char evidence[SEC_COUNT][CARD_EVIDENCE_SIZE];
	unsigned metadata_fields; /* bit (1 << CardMetaField) per field present */
	double metadata;          /* share of META_COUNT fields present */
	double quality;           /* (completeness / 5 + metadata) / 2 */
	/* The front matter as JSON text (heap): mappings are objects,
	 * sequences arrays, plain scalars that are JSON numbers, true/false or
	 * null (~, empty) keep their type, everything else is a string. NULL
	 * when the card has no front matter or it is malformed. */
	char *front_matter_json;
	/* Lines taken by the front matter, both fences included; the body's
	 * first line is front_matter_line_count + 1. 0 without front matter. */
	int front_matter_line_count;
	/* A soft problem with the front matter (not YAML, not a mapping, never
	 * closed, too deep). The card is still scored; the front matter counts
	 * as absent. yaml_problem is "" when there is none; yaml_problem_line
	 * is the file line it was found on (0 if unknown). Callers print it as
	 * "NAME:LINE: front matter: PROBLEM". */
	int yaml_problem_line;
	char yaml_problem[CARD_PROBLEM_SIZE];
} CardAnalysis;

/* Where the front matter is. The YAML text is text[yaml_start ..
 * yaml_start + yaml_len) and starts at file line yaml_first_line; the
 * Markdown body is text[body_start .. len) and starts at body_line. */
typedef struct CardSplit {
	int has_front_matter; /* 1 when a closed block was found */
	int unclosed;         /* 1 when a `---` opened one that never closes */
	size_t yaml_start, yaml_len;
	int yaml_first_line;
	size_t body_start;
	int body_line;
} CardSplit;

/* Find the front matter: optional blank lines (and a UTF-8 BOM), a line
 * `---`, then everything up to the next line that is `---` or `...`
 * (trailing blanks allowed; LF, CRLF or CR line ends). Without one (or when
 * it never closes) the whole text is the body. Returns has_front_matter. */
int card_split_front_matter(const char *text, size_t len, CardSplit *out);

/* Collections (sequences, mappings) front matter may nest before it is
 * refused unread. */
#define CARD_YAML_MAX_DEPTH 64

/* 1 when the YAML text yaml[0 .. n) nests collections deeper than
 * CARD_YAML_MAX_DEPTH, with *line (may be NULL) the 0-based line of the
 * text where it does; 0 otherwise, invalid YAML included (its parse says
 * why). libyaml's scanner takes time quadratic in the nesting (100,000
 * levels, `a: [[[[...`, take 30 s), so front matter is checked with this
 * before it is loaded: it reads events only up to the first level too
 * deep, which costs a few thousand bytes' scanning whatever follows. */
int card_yaml_too_deep(const char *yaml, size_t n, int *line);

/* Cells a table row may have (the columns of a table), and the cells of
 * all the tables of a card; a '|' past them is shown as CARD_CUT_BAR. */
#define CARD_MAX_TABLE_CELLS 128
#define CARD_MAX_TABLE_CELLS_ALL 100000
#define CARD_CUT_BAR "\u00a6" /* ¦ */

/* The Markdown md[0 .. n) as cmark-gfm is given it: NULL when it can be
 * parsed as it is, else a heap copy (*out_n its length) in which every line
 * with more than CARD_MAX_TABLE_CELLS unescaped '|' is bounded: a delimiter
 * row (`|---|:-:|`) is cut before its next '|', any other line has the '|'
 * past that many replaced by CARD_CUT_BAR, so a wider table keeps its first
 * columns and the rest of each row is text in its last cell. The table
 * extension takes time quadratic in the cells of a row (22 rows of 10,000
 * cells: 5.5 s); no real card has a table that wide. Past
 * CARD_MAX_TABLE_CELLS_ALL '|' in the card, every line is bounded so (to
 * no cell at all): cmark-gfm keeps a node of some 200 bytes per cell, and
 * per backslash escape, so a 1 MB card of tiny cells took 250 MB. Lines,
 * and so line numbers, are kept. */
char *card_bound_table_rows(const char *md, size_t n, size_t *out_n);

/* What is known about the model besides its card; every member may be
 * NULL / 0. */
typedef struct CardFacts {
	const char *model_id;     /* e.g. "microsoft/phi-2": code naming it is how-to */
	const char *const *tags;  /* Hub tags ("license:mit", "dataset:squad", ...) */
	size_t ntags;
	/* Names of metadata fields the model is known to have with a
	 * non-empty value: model_meta.field names, plus "license", "library",
	 * "pipeline_tag", "parameter_count" when the model record has them. */
	const char *const *meta;
	size_t nmeta;
} CardFacts;

/* A reusable analyser: one cmark-gfm parser with the GFM extensions
 * attached and the rule tables prepared, for scoring many cards. Not
 * thread-safe; use one per thread. */
typedef struct CardScorer CardScorer;

CardScorer *card_scorer_new(void);
void card_scorer_free(CardScorer *sc);

/* Analyse one card (text need not be NUL-terminated; NULL with len 0 is an
 * empty card). facts may be NULL. Fills *out (zeroing it first; free with
 * card_analysis_free()). Malformed front matter is not an error (see
 * yaml_problem). Returns 0, or -1 with err set when the Markdown parser
 * fails. */
int card_scorer_analyze(CardScorer *sc, const char *text, size_t len, const CardFacts *facts,
			CardAnalysis *out, PeatErr *err);

/* Analyse the stored card of `model` with every fact cards_score_store()
 * uses (see there), so `peat card --sections`, `peat compare`, the TUI and
 * the stored score cannot disagree. Analysing a stored model's card with
 * card_scorer_analyze() and facts of one's own is how they used to differ.
 * sc may be NULL (a temporary scorer is used). Returns 1 with *out filled
 * (free with card_analysis_free()), 0 when the model has no stored card
 * (*out zeroed), -1 with err set on a store or parser error. */
int card_analyze_model(Store *st, CardScorer *sc, int64_t model, CardAnalysis *out, PeatErr *err);

/* Free what an analysis owns (front_matter_json) and zero it. */
void card_analysis_free(CardAnalysis *a);

/* Score every stored card (table card) and write card_score and
 * card_section, replacing earlier verdicts, in ONE transaction of its own:
 * call it outside any transaction. With snapshot_id >= 0 only cards of
 * models that have a stat row in that snapshot are scored (an unknown
 * snapshot is an error). Each card's facts are its model's tags
 * (model_tag), its model_meta fields with a value, its libraries and its
 * record's license, library, pipeline_tag and params. progress (may be
 * NULL) is reported per card with what = "cards". *scored (may be NULL)
 * receives the number of cards scored. On error nothing is written. */
int cards_score_store(Store *st, int64_t snapshot_id, const Progress *progress, int64_t *scored,
		      PeatErr *err);

/* A model's stored card: 1 with *body (heap, NUL-terminated) and *len set,
 * 0 when the model has no card, -1 with err set on a store error. */
int card_load(Store *st, int64_t model, char **body, size_t *len, PeatErr *err);

/* The five verdicts of an analysis as a table (`peat card --sections`, the
 * card view's export): section, present (a boolean), line, evidence; the
 * title names the model with its completeness (a gauge), metadata and
 * quality. a NULL = no card. */
Table *card_sections_table(const char *model_id, const CardAnalysis *a);

#endif
