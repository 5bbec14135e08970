/* SPDX-License-Identifier: MIT */
/* cardsec.h - model-card analysis: which of the five sections of claim C3
 * (ESEM 2024) a card documents, how much metadata it declares, and the
 * documentation quality that combines the two.
 *
 * THE SECTION RULES (this is their one description; the man page and the
 * README point here). The paper asked a language model to read each card;
 * peat's rules are deterministic and explainable, and were measured against
 * two careful human readers (tests/cardsec-devset: definitions, labels and
 * agreement). A section is documented when a HEADING shows it, when the
 * CONTENT does wherever it stands, or both; each verdict keeps its
 * evidence: the line and the heading's text or the words that triggered it.
 *
 * Reading a card
 *  - The front matter (`---` ... `---`) is split off first and parsed with
 *    libyaml (front_matter_json); it documents nothing except that a
 *    `model-index` with a result that has metrics is evaluation.
 *  - The body is parsed with cmark-gfm (tables, strikethrough, autolinks,
 *    task lists) into blocks: headings, paragraphs (list items included),
 *    tables, code blocks and HTML blocks. HTML is read with libxml2's HTML
 *    parser (cardhtml.h): its visible text, entities decoded, <style>,
 *    <script> and comments left out; an HTML table is read as a table.
 *  - Nothing is content that is a template placeholder ("More information
 *    needed", "[optional]", "TODO", the Hugging Face template's sentences:
 *    cardcontent.c content_placeholder_phrases), a note to the author
 *    ("TODO: ..."), a "Label:" with only a placeholder after it, an HTML
 *    comment, or a URL. A sentence from a pointer elsewhere to its end
 *    ("see the paper", "for more information", "to know more about ...,
 *    visit", "can be found at") says nothing; nor does a sentence opened by
 *    a call to action ("Give a thumbs up", "Join", "Contact us") or a
 *    credit of 8 words or fewer ("Built by Jane Doe"). A block made only of
 *    those is no content under any heading.
 *
 * Headings (heading_rules in cardsec.c hold the synonyms)
 *  - A heading counts when its normalised text names the section and real
 *    content stands under it (up to the next heading of its level or
 *    higher, subsections included). "Uses" alone names no section: its
 *    subsections decide.
 *  - Description: DESCRIPTION_MIN_WORDS (5) words of descriptive prose,
 *    outside subsections that name other sections. Descriptive means not a
 *    credit, pointer or call to action, and not a sentence that only states
 *    training or results or instructs ("This model is a fine-tuned version
 *    of X on the Y dataset.", "It achieves the following results on the
 *    evaluation set:", "You can use it with pipeline()") unless it also
 *    says what the model is or does.
 *  - Evaluation: results under it (a metric with a value, a results table,
 *    a results dump in code, see below); a heading that only promises
 *    results ("## Evaluation" with a link to the paper) is not evaluation.
 *  - A heading that names several sections ("Intended uses & limitations",
 *    "Training and evaluation data") credits each only with content about
 *    it: its topic words (limitations: limit*, bias*, risk*, harm*, "not
 *    intended", "should not", ...; training: train*, dataset*, epoch*,
 *    ...; evaluation: eval*, test*, accura*, score*, result*, ...; all in
 *    topic_words), for how to use an instruction (below) or a code block,
 *    or a subsection with content whose heading has those words.
 *  - A card's umbrella title (its only H1, first) names the model and
 *    counts only when it is nothing but section names and connectors
 *    ("# Limitations", "# Out-of-scope use").
 *
 * Content (cue tables in cardcontent.c; words are matched whole, "*" ends
 * a stem; sentences end at ". ", "! ", "? ", table cells of fewer than 4
 * words are names or values, not statements)
 *  - Description: a sentence saying what the model is ("is a" / "this is" /
 *    "version of" / "based on" with a kind: model, checkpoint, adapter,
 *    tokenizer, ...), what it is for ("model for", "designed to", "able
 *    to", "model answers", ...) or its task (translation, question
 *    answering, NER, text generation, ...); a "Label: value" line naming its
 *    type, architecture or task ("model: transformer-align"; its languages
 *    alone do not describe it). Without a heading, also the card's title
 *    followed directly by a paragraph of PROSE_MIN_WORDS (10) descriptive
 *    words, or such a paragraph before the first heading. The Trainer's
 *    "fine-tuned version of X on Y" alone never describes.
 *  - Limitations: a sentence on limitations, biases, risks or uses to avoid
 *    ("limitations", "biased", "hallucinate", "not intended", "should not
 *    be used", "out of scope", "may vary", "only useful", ...), not inside
 *    a pointer ("to know more about usage, limitations and biases, visit
 *    ..."), not a measure ("F1 Misinformation: 0.98"), not "not limited to".
 *  - How to use: a code block (fenced or indented) that loads or calls the
 *    model (code_rules: from_pretrained, pipeline(, llama-cli, ...) or names
 *    its id; an instruction ("you can use", "users can", "can be used",
 *    "how to run", "prompt format", "intended for", ...). Installing a
 *    library alone is not.
 *  - Training: a sentence that states training (trained, fine-tuned,
 *    pre-trained, training) together with its data (dataset, corpus, text,
 *    tweets, images, samples, ...) or its procedure (epochs, learning rate,
 *    batch size, hyperparameters, pre-processing, objective, CO2
 *    emissions, ...); a "Label: value" line (a table row: first cell, value)
 *    whose label names data or procedure ("dataset: opus", "pre-processing:
 *    normalization", "Training data: ..."). Not: "on the None dataset",
 *    "an unknown dataset", "Finetuned from model: X", "trained using
 *    AutoTrain" alone.
 *  - Evaluation: a metric (accuracy, F1, BLEU, WER, perplexity, loss, ...)
 *    with a value (a decimal, a percentage, or two digits or more, not a
 *    number inside a name: "opus-2020-01-09.eval.txt", "2e-05") in one
 *    sentence or line; "achieves", "reaches", "scored" with a value of
 *    three digits or a percentage; a table with a value whose header names
 *    a metric, results, scores or a test set, or that follows text or a
 *    heading announcing results; in code, under a heading that names
 *    evaluation only, a metric with a value or two "name: number" lines;
 *    a front matter model-index with metrics. Evaluation of another model
 *    does not count: a comparison table (its first header cell "Model",
 *    "Method", ...) none of whose rows names this model (all the row's
 *    words in the model's id, or a distinctive word of its id or title).
 *
 * Evidence (CardAnalysis): kind heading, content or both; line and
 * evidence are the first heading's when a heading shows the section, else
 * the first content's; content_line/content_evidence keep the first content
 * evidence in any case. Everything is deterministic: the same card always
 * gets the same verdicts.
 *
 * Scores: completeness = number of sections present (0..5);
 * metadata = share of known metadata fields present (0..1), over a fixed
 * list of fields (those PeaTMOSS extracts) from the front matter, the
 * model's Hub tags and its stored metadata;
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

/* Stored in card_score.scorer; bump whenever a rule changes: the
 * verdicts older rules made are then made again on the store's first use
 * (cards_score_current). */
#define CARDSEC_SCORER_VERSION 3
#define CARDSEC_STR_(x) #x
#define CARDSEC_STR(x) CARDSEC_STR_(x)
#define CARDSEC_SCORER_VERSION_TEXT CARDSEC_STR(CARDSEC_SCORER_VERSION)

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
 * prefixes or stored metadata field names (attr_meta) listed in cardsec.c. */
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

/* What a verdict rests on (CardAnalysis.kind, bits). */
enum {
	CARD_EVIDENCE_HEADING = 1, /* a heading naming the section, with content under it */
	CARD_EVIDENCE_CONTENT = 2, /* what the card says, whatever the heading */
	CARD_EVIDENCE_BOTH = 3
};

/* "heading", "content", "both"; "" for 0. */
const char *card_evidence_kind_name(int kind);

typedef struct CardAnalysis {
	unsigned sections;    /* bit (1 << CardSection) per section present */
	int completeness;     /* number of bits set, 0..5 */
	int line[SEC_COUNT];  /* first line of the evidence; 0 when absent */
	/* A short reason: the heading text when a heading shows the section,
	 * else the first content evidence: the words that triggered it as
	 * written ("fine-tuned on the tweet_eval dataset", "Loss: 0.4879"),
	 * "code block calling from_pretrained", "model-index in front matter",
	 * "prose before the first heading". Empty when absent. */
	char evidence[SEC_COUNT][CARD_EVIDENCE_SIZE];
	int kind[SEC_COUNT]; /* CARD_EVIDENCE_* bits; 0 when absent */
	/* The first content evidence (the same as line/evidence unless a
	 * heading shows the section too): line 0 and "" when there is none. */
	int content_line[SEC_COUNT];
	char content_evidence[SEC_COUNT][CARD_EVIDENCE_SIZE];
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

/* The largest card peat takes, in bytes: 4 MiB. The largest of the 18,054
 * real cards peat is tested on (the Hub's 2022 and 2025 dumps) is 600 KB,
 * so this leaves cards room to grow seven times over, while it bounds what
 * one card costs: rendering one takes about 36 times its size in memory
 * and scoring it 25 times (cmark-gfm's tree is most of both), so a card at
 * the cap takes some 150 MB where a crafted card of 30 MB took 1.4 GB. A
 * larger card is refused where it enters peat (card_text() in import.h:
 * `peat import`, `peat sync`); one stored by an older peat is rendered and
 * scored up to the cap (card_readable_len()). */
#define CARD_MAX_BYTES ((size_t)4 << 20)

/* How many of a card's len bytes peat reads: all of them up to
 * CARD_MAX_BYTES; of a larger card, those before its last line break
 * within the cap (with none there, before the last whole UTF-8 character
 * within it), so no line and no character is cut. */
size_t card_readable_len(const char *text, size_t len);

/* What is known about the model besides its card; every member may be
 * NULL / 0. */
typedef struct CardFacts {
	const char *model_id;     /* e.g. "microsoft/phi-2": code naming it is how-to */
	const char *const *tags;  /* Hub tags ("license:mit", "dataset:squad", ...) */
	size_t ntags;
	/* Names of metadata fields the model is known to have with a
	 * non-empty value: attr_meta.field names, plus "license", "library",
	 * "pipeline_tag", "parameter_count" when the model record has them. */
	const char *const *meta;
	size_t nmeta;
} CardFacts;

/* A reusable analyser: one cmark-gfm parser with the GFM extensions
 * attached and the rule tables prepared, for scoring many cards. Not
 * thread-safe; use one per thread. */
typedef struct CardScorer CardScorer;

CardScorer *card_scorer_new(void);
/* Register cmark-gfm's extensions, once in the process: its own
 * registration is not thread-safe, and cards are parsed on several threads
 * (the explorer renders while its fetches score). Call before making a
 * parser; card_scorer_new() does. */
void card_cmark_ready(void);
void card_scorer_free(CardScorer *sc);

/* Analyse one card (text need not be NUL-terminated; NULL with len 0 is an
 * empty card; a card larger than CARD_MAX_BYTES is read up to
 * card_readable_len(), as it is rendered). facts may be NULL. Fills *out
 * (zeroing it first; free with card_analysis_free()). Malformed front matter is not an error (see
 * yaml_problem). Returns 0, or -1 with err set when the Markdown parser
 * fails or the card has HTML and libxml2 cannot be loaded. */
int card_scorer_analyze(CardScorer *sc, const char *text, size_t len, const CardFacts *facts,
			CardAnalysis *out, PeatErr *err);

/* Analyse the card of `model` as of snapshot_id (< 0: as of now) with every
 * fact cards_score_store() uses (see there): the model's attributes as of
 * that snapshot too. So `peat card --sections`, `peat compare`, the TUI
 * and the stored score cannot disagree. Analysing a stored model's card with
 * card_scorer_analyze() and facts of one's own is how they used to differ.
 * sc may be NULL (a temporary scorer is used). Returns 1 with *out filled
 * (free with card_analysis_free()), 0 when the model has no card as of the
 * snapshot (*out zeroed), -1 with err set on a store or parser error. */
int card_analyze_model(Store *st, CardScorer *sc, int64_t model, int64_t snapshot_id, CardAnalysis *out,
		       PeatErr *err);

/* Free what an analysis owns (front_matter_json) and zero it. */
void card_analysis_free(CardAnalysis *a);

/* Score every card a state holds with the attributes it holds beside it
 * (a card carried into a snapshot whose record changed is scored again
 * with the new record) and write card_score (per card and attribute
 * version) and card_section (per card), replacing earlier verdicts, in ONE
 * transaction of its own: call it outside any transaction. With
 * snapshot_id >= 0 only the cards of that snapshot's listed models are
 * scored (an unknown snapshot is an error). Each card's facts are its
 * model's tags, its metadata fields with a value, its libraries and its
 * record's license, library, pipeline_tag and params. progress (may be
 * NULL) is reported per pair with what = "cards". *scored (may be NULL)
 * receives the number of pairs scored. On error nothing is written.
 * `peat cards score`: stores score their cards as they are written, so
 * this only forces the verdicts to be made again. */
int cards_score_store(Store *st, int64_t snapshot_id, const Progress *progress, int64_t *scored,
		      PeatErr *err);

/* Inside the caller's transaction, score the pairs of a card and an
 * attribute version that states written in it hold (store_take_card_pairs)
 * and that have no verdict of CARDSEC_SCORER_VERSION: the second pass of
 * every write, so a stored card is never unscored. store_commit() calls it;
 * an importer calls it first for the progress (what = "cards: scoring",
 * per pair taken) and the count (*scored, may be NULL). */
int cards_score_new(Store *st, const Progress *progress, int64_t *scored, PeatErr *err);

/* On a store's first use by this version of the rules: when the store does
 * not record (meta card_scorer) that every pair its states hold has a
 * verdict of CARDSEC_SCORER_VERSION, score those that have none or an
 * older one, in one transaction of its own, and record it. Returns 0 at
 * once when it is recorded; *scored (may be NULL) receives the number of
 * pairs scored; progress as cards_score_store(). */
int cards_score_current(Store *st, const Progress *progress, int64_t *scored, PeatErr *err);

/* A model's card as of snapshot_id (< 0: as of now): 1 with *body (heap,
 * NUL-terminated) and *len set, 0 when the model has no card then, -1 with
 * err set on a store error. */
int card_load(Store *st, int64_t model, int64_t snapshot_id, char **body, size_t *len, PeatErr *err);

/* The five verdicts of an analysis as a table (`peat card --sections`, the
 * card view's export): section, present (a boolean), from (heading, content
 * or both), line, evidence, and for "both" the content evidence ("line 14:
 * Loss: 0.51"); the title names the model with its completeness (a gauge),
 * metadata and quality. a NULL = no card. */
Table *card_sections_table(const char *model_id, const CardAnalysis *a);

#endif
