/* SPDX-License-Identifier: MIT */
/* cardsec.c - model-card analysis (see cardsec.h for the contract and
 * for the section rules, all in one place; the content cues are in
 * cardcontent.c). Why some rules are what they are:
 * - The Hub's huggingtweets cards end with "## About" holding only "Built
 *   by ...", badges and "For more details, visit the project repository.",
 *   which describes the author's project, not the model: credits and
 *   pointers are no description. Their "How does it work?" is one.
 * - "Intended use", "Direct use" and "Downstream use" count as how to use:
 *   the paper's question is "instructions on how to use the model
 *   downstream", which is what those sections tell a reader. "Uses" alone
 *   does not (its "Out-of-scope use" subsection is about limitations).
 * - "Results" counts as evaluation, also inside "Training results": the
 *   Trainer's results table reports validation metrics.
 * - The card's umbrella title (its first heading when it is the only H1, so
 *   its section spans the whole card) only matches WHOLE rules: a title like
 *   "llama-fine-tuning-7b" names the model, not a training section.
 * - The Trainer's and TRL's generated cards open with "This model is a
 *   fine-tuned version of X on the Y dataset": the readers' definitions
 *   (tests/cardsec-devset/DEFINITIONS.md) count that sentence as training,
 *   never as a description, so it is not descriptive prose.
 * - YAML: plain scalars are typed as JSON only when they are valid JSON
 *   numbers or true/false/null spellings; YAML 1.1 "yes"/"no"/"on"/"off"
 *   stay strings (the language code "no" is Norwegian). */
#include "cardsec.h"

#include "asof.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#include "cardcontent.h"
#include "cardhtml.h"
#include "strbuf.h"
#include "text.h"

/* A paragraph of at least this many words is prose that describes, without
 * a heading saying so. */
#define PROSE_MIN_WORDS 10
/* Under a heading that names the description, this many words of prose
 * (credits and pointers elsewhere left out) describe the model. */
#define DESCRIPTION_MIN_WORDS 5
/* "Label:" is a label when the words before the colon are at most this many. */
#define LABEL_MAX_WORDS 8
/* Front matter nesting and JSON size limits (aliases can expand a small
 * YAML text exponentially). */
#define YAML_MAX_DEPTH CARD_YAML_MAX_DEPTH
#define JSON_MAX_BYTES (4u << 20)

/* ---- sections ---- */

static const char *const section_names[SEC_COUNT] = {
	"description", "limitations", "howto", "training", "evaluation",
};
static const char *const section_titles[SEC_COUNT] = {
	"Model description", "Limitations", "How to use", "Training", "Evaluation",
};

const char *card_section_name(CardSection s)
{
	return (unsigned)s < SEC_COUNT ? section_names[s] : "unknown";
}

const char *card_section_title(CardSection s)
{
	return (unsigned)s < SEC_COUNT ? section_titles[s] : "Unknown";
}

const char *card_evidence_kind_name(int kind)
{
	static const char *const names[] = {"", "heading", "content", "both"};
	return kind >= 0 && kind <= CARD_EVIDENCE_BOTH ? names[kind] : "";
}

int card_section_parse(const char *name, CardSection *out)
{
	for (int i = 0; i < SEC_COUNT; i++)
		if (strcmp(name, section_names[i]) == 0) {
			*out = (CardSection)i;
			return 0;
		}
	return -1;
}

/* ---- rule tables ---- */

/* WHOLE: the heading (numbering and filler words removed) is exactly the
 * pattern. START: it begins with the pattern's words. PHRASE: the pattern's
 * words appear together anywhere in the heading. */
enum match_kind { WHOLE, START, PHRASE };

typedef struct HeadingRule {
	CardSection section;
	enum match_kind kind;
	const char *pattern; /* written naturally; normalised at scorer setup */
} HeadingRule;

static const HeadingRule heading_rules[] = {
	{SEC_DESCRIPTION, PHRASE, "model description"},
	{SEC_DESCRIPTION, PHRASE, "model details"},
	{SEC_DESCRIPTION, PHRASE, "model detail"},
	{SEC_DESCRIPTION, PHRASE, "model summary"},
	{SEC_DESCRIPTION, PHRASE, "model overview"},
	{SEC_DESCRIPTION, PHRASE, "model information"},
	{SEC_DESCRIPTION, PHRASE, "model architecture"},
	{SEC_DESCRIPTION, PHRASE, "about the model"},
	{SEC_DESCRIPTION, PHRASE, "about this model"},
	{SEC_DESCRIPTION, PHRASE, "overview"},
	{SEC_DESCRIPTION, PHRASE, "introduction"},
	{SEC_DESCRIPTION, PHRASE, "how it works"},
	{SEC_DESCRIPTION, PHRASE, "how does it work"},
	{SEC_DESCRIPTION, START, "about"},
	{SEC_DESCRIPTION, WHOLE, "description"},
	{SEC_DESCRIPTION, WHOLE, "summary"},
	{SEC_DESCRIPTION, WHOLE, "details"},
	{SEC_DESCRIPTION, WHOLE, "model"},
	{SEC_DESCRIPTION, WHOLE, "tl dr"},
	{SEC_DESCRIPTION, WHOLE, "tldr"},

	{SEC_LIMITATIONS, PHRASE, "limitation"},
	{SEC_LIMITATIONS, PHRASE, "limitations"},
	{SEC_LIMITATIONS, PHRASE, "out of scope"},
	{SEC_LIMITATIONS, PHRASE, "risk"},
	{SEC_LIMITATIONS, PHRASE, "risks"},
	{SEC_LIMITATIONS, PHRASE, "bias"},
	{SEC_LIMITATIONS, PHRASE, "biases"},
	{SEC_LIMITATIONS, PHRASE, "ethical considerations"},
	{SEC_LIMITATIONS, PHRASE, "ethical consideration"},
	{SEC_LIMITATIONS, PHRASE, "ethics"},
	{SEC_LIMITATIONS, PHRASE, "caveats"},
	{SEC_LIMITATIONS, PHRASE, "caveat"},
	{SEC_LIMITATIONS, PHRASE, "known issues"},
	{SEC_LIMITATIONS, PHRASE, "misuse"},
	{SEC_LIMITATIONS, PHRASE, "fairness"},
	{SEC_LIMITATIONS, PHRASE, "disclaimer"},

	{SEC_HOWTO, PHRASE, "how to use"},
	{SEC_HOWTO, PHRASE, "how to get started"},
	{SEC_HOWTO, PHRASE, "how to run"},
	{SEC_HOWTO, PHRASE, "how to load"},
	{SEC_HOWTO, PHRASE, "getting started"},
	{SEC_HOWTO, PHRASE, "get started"},
	{SEC_HOWTO, PHRASE, "quick start"},
	{SEC_HOWTO, PHRASE, "quickstart"},
	{SEC_HOWTO, PHRASE, "quick tour"},
	{SEC_HOWTO, PHRASE, "usage"},
	{SEC_HOWTO, PHRASE, "inference"},
	{SEC_HOWTO, PHRASE, "example usage"},
	{SEC_HOWTO, PHRASE, "usage example"},
	{SEC_HOWTO, PHRASE, "code example"},
	{SEC_HOWTO, PHRASE, "sample code"},
	{SEC_HOWTO, PHRASE, "direct use"},
	{SEC_HOWTO, PHRASE, "downstream use"},
	{SEC_HOWTO, PHRASE, "intended use"},
	{SEC_HOWTO, PHRASE, "intended uses"},
	{SEC_HOWTO, PHRASE, "use with"},
	{SEC_HOWTO, PHRASE, "using the model"},
	{SEC_HOWTO, PHRASE, "using this model"},
	{SEC_HOWTO, PHRASE, "prompt format"},
	{SEC_HOWTO, PHRASE, "prompt template"},
	{SEC_HOWTO, WHOLE, "example"},
	{SEC_HOWTO, WHOLE, "examples"},
	{SEC_HOWTO, WHOLE, "demo"},
	{SEC_HOWTO, WHOLE, "use"},
	{SEC_HOWTO, WHOLE, "installation"},

	{SEC_TRAINING, PHRASE, "training"},
	{SEC_TRAINING, PHRASE, "fine tuning"},
	{SEC_TRAINING, PHRASE, "finetuning"},
	{SEC_TRAINING, PHRASE, "pretraining"},
	{SEC_TRAINING, PHRASE, "pre training"},
	{SEC_TRAINING, PHRASE, "hyperparameters"},
	{SEC_TRAINING, PHRASE, "hyper parameters"},
	{SEC_TRAINING, WHOLE, "data"},
	{SEC_TRAINING, WHOLE, "dataset"},
	{SEC_TRAINING, WHOLE, "datasets"},
	{SEC_TRAINING, WHOLE, "corpus"},

	{SEC_EVALUATION, PHRASE, "evaluation"},
	{SEC_EVALUATION, PHRASE, "evaluations"},
	{SEC_EVALUATION, PHRASE, "eval"},
	{SEC_EVALUATION, PHRASE, "evals"},
	{SEC_EVALUATION, PHRASE, "results"},
	{SEC_EVALUATION, PHRASE, "result"},
	{SEC_EVALUATION, PHRASE, "benchmark"},
	{SEC_EVALUATION, PHRASE, "benchmarks"},
	{SEC_EVALUATION, PHRASE, "performance"},
	{SEC_EVALUATION, PHRASE, "performances"},
	{SEC_EVALUATION, PHRASE, "metrics"},
	{SEC_EVALUATION, PHRASE, "metric"},
	{SEC_EVALUATION, PHRASE, "testing data"},
	{SEC_EVALUATION, PHRASE, "accuracy"},
	{SEC_EVALUATION, PHRASE, "scores"},
	{SEC_EVALUATION, PHRASE, "leaderboard"},
	{SEC_EVALUATION, PHRASE, "validation"},
};
#define N_HEADING_RULES (sizeof heading_rules / sizeof heading_rules[0])

/* Words dropped from a heading before a WHOLE comparison. */
static const char *const heading_filler[] = {"the", "a", "an", "this"};

/* Words that may stand beside section names in a heading that names only
 * sections ("Out-of-scope use", "Limitations and bias", "Training data"):
 * such a heading is a section even as a card's umbrella title. */
static const char *const section_connectors[] = {
	"and", "or", "of", "for", "model", "models", "use", "uses", "data", "notes", "note", "information", "section",
};

/* Words that make content relevant to a section: a heading that names
 * several sections ("Intended uses & limitations", "Training and
 * evaluation data") evidences each one only with content that speaks of it.
 * A trailing '*' makes a stem ("limit*": limited, limitations); otherwise
 * the words must match whole. Code blocks are relevant to how to use. */
typedef struct TopicWord {
	CardSection section;
	const char *words;
} TopicWord;

static const TopicWord topic_words[] = {
	{SEC_LIMITATIONS, "limit*"}, {SEC_LIMITATIONS, "bias*"}, {SEC_LIMITATIONS, "risk*"},
	{SEC_LIMITATIONS, "harm*"}, {SEC_LIMITATIONS, "misuse*"}, {SEC_LIMITATIONS, "caveat*"},
	{SEC_LIMITATIONS, "ethic*"}, {SEC_LIMITATIONS, "fail*"}, {SEC_LIMITATIONS, "toxic*"},
	{SEC_LIMITATIONS, "offensive"}, {SEC_LIMITATIONS, "hallucinat*"}, {SEC_LIMITATIONS, "inaccura*"},
	{SEC_LIMITATIONS, "unreliab*"}, {SEC_LIMITATIONS, "drawback*"}, {SEC_LIMITATIONS, "weakness*"},
	{SEC_LIMITATIONS, "shortcoming*"}, {SEC_LIMITATIONS, "danger*"}, {SEC_LIMITATIONS, "unsafe"},
	{SEC_LIMITATIONS, "inappropriate"}, {SEC_LIMITATIONS, "stereotyp*"}, {SEC_LIMITATIONS, "discriminat*"},
	{SEC_LIMITATIONS, "fairness"}, {SEC_LIMITATIONS, "not intended"}, {SEC_LIMITATIONS, "not be used"},
	{SEC_LIMITATIONS, "should not"}, {SEC_LIMITATIONS, "must not"}, {SEC_LIMITATIONS, "do not use"},
	{SEC_LIMITATIONS, "not suitable"}, {SEC_LIMITATIONS, "not recommended"}, {SEC_LIMITATIONS, "out of scope"},
	{SEC_LIMITATIONS, "may not"}, {SEC_LIMITATIONS, "cannot"}, {SEC_LIMITATIONS, "can not"},

	{SEC_HOWTO, "use"}, {SEC_HOWTO, "uses"}, {SEC_HOWTO, "used"}, {SEC_HOWTO, "using"},
	{SEC_HOWTO, "usage"}, {SEC_HOWTO, "intended"}, {SEC_HOWTO, "apply"}, {SEC_HOWTO, "applied"},
	{SEC_HOWTO, "load"}, {SEC_HOWTO, "loading"}, {SEC_HOWTO, "install"}, {SEC_HOWTO, "run"},
	{SEC_HOWTO, "running"}, {SEC_HOWTO, "inference"}, {SEC_HOWTO, "prompt*"}, {SEC_HOWTO, "example*"},
	{SEC_HOWTO, "pipeline"}, {SEC_HOWTO, "import"}, {SEC_HOWTO, "download"}, {SEC_HOWTO, "call"},
	{SEC_HOWTO, "deploy*"}, {SEC_HOWTO, "downstream"},

	{SEC_TRAINING, "train*"}, {SEC_TRAINING, "fine tun*"}, {SEC_TRAINING, "finetun*"},
	{SEC_TRAINING, "pretrain*"}, {SEC_TRAINING, "pre train*"}, {SEC_TRAINING, "dataset*"},
	{SEC_TRAINING, "data"}, {SEC_TRAINING, "corpus"}, {SEC_TRAINING, "corpora"}, {SEC_TRAINING, "epoch*"},
	{SEC_TRAINING, "hyperparam*"}, {SEC_TRAINING, "hyper param*"}, {SEC_TRAINING, "learning rate"},
	{SEC_TRAINING, "batch*"}, {SEC_TRAINING, "optimi*"}, {SEC_TRAINING, "step*"}, {SEC_TRAINING, "warmup"},

	{SEC_EVALUATION, "eval*"}, {SEC_EVALUATION, "test*"}, {SEC_EVALUATION, "accura*"}, {SEC_EVALUATION, "f1"},
	{SEC_EVALUATION, "precision"}, {SEC_EVALUATION, "recall"}, {SEC_EVALUATION, "score*"},
	{SEC_EVALUATION, "result*"}, {SEC_EVALUATION, "metric*"}, {SEC_EVALUATION, "benchmark*"},
	{SEC_EVALUATION, "perplexity"}, {SEC_EVALUATION, "loss"}, {SEC_EVALUATION, "bleu"},
	{SEC_EVALUATION, "rouge*"}, {SEC_EVALUATION, "wer"}, {SEC_EVALUATION, "validat*"}, {SEC_EVALUATION, "auc"},
	{SEC_EVALUATION, "exact match"}, {SEC_EVALUATION, "leaderboard"},
};
#define N_TOPIC_WORDS (sizeof topic_words / sizeof topic_words[0])

/* Lines starting with these are notes to the card's author, not content
 * (the DreamBooth template's "[TODO: describe the data used ...]"). */
static const char *const note_starts[] = {"TODO", "To do", "TBD", "FIXME"};
#define N_NOTE_STARTS (sizeof note_starts / sizeof note_starts[0])

/* Code that loads or calls a model: matched case-insensitively. */
typedef struct CodeRule {
	const char *needle; /* lowercase */
	const char *evidence;
} CodeRule;

static const CodeRule code_rules[] = {
	{"from_pretrained", "code block calling from_pretrained"},
	{"pipeline(", "code block calling pipeline("},
	{"automodel", "code block calling AutoModel"},
	{"autotokenizer", "code block calling AutoTokenizer"},
	{"sentencetransformer(", "code block calling SentenceTransformer("},
	{"from sentence_transformers", "code block importing sentence_transformers"},
	{"from transformers", "code block importing transformers"},
	{"import transformers", "code block importing transformers"},
	{"diffusers", "code block using diffusers"},
	{"from_single_file", "code block calling from_single_file"},
	{"llama.cpp", "code block using llama.cpp"},
	{"llama-cli", "code block running llama-cli"},
	{"llama-server", "code block running llama-server"},
	{"ollama run", "code block running ollama run"},
	{"huggingface-cli download", "code block running huggingface-cli download"},
	{"hf download", "code block running hf download"},
	{"hf_hub_download", "code block calling hf_hub_download"},
	{"snapshot_download", "code block calling snapshot_download"},
	{"from vllm", "code block importing vllm"},
	{"vllm serve", "code block running vllm serve"},
	{"mlx_lm", "code block using mlx_lm"},
	{"torch.hub.load", "code block calling torch.hub.load"},
	{"timm.create_model", "code block calling timm.create_model"},
	{"spacy.load", "code block calling spacy.load"},
	{"load_from_hub", "code block calling load_from_hub"},
	{"setfitmodel", "code block calling SetFitModel"},
	{"peftmodel", "code block calling PeftModel"},
};
#define N_CODE_RULES (sizeof code_rules / sizeof code_rules[0])

/* Metadata fields: what satisfies each one. Front matter keys may be dotted
 * paths into nested mappings; a value counts when it is not null/empty.
 * Metrics are also satisfied by a model-index with results (see
 * read_front_matter). */
#define META_MAX_ALT 4
typedef struct MetaRule {
	const char *name;
	const char *front_matter[META_MAX_ALT]; /* keys or dotted paths */
	const char *tag_prefix[META_MAX_ALT];   /* Hub tag prefixes */
	const char *meta[META_MAX_ALT];         /* metadata (attr_meta) field names */
} MetaRule;

/* The metadata names include those the PeaTMOSS importer writes
 * (import_peatmoss.c: plural table names such as "domains"). */
static const MetaRule meta_rules[META_COUNT] = {
	[META_LICENSE] = {"license", {"license", "license_name", "license_link"}, {"license:"}, {"license", "licenses"}},
	[META_DATASETS] = {"datasets", {"datasets", "dataset"}, {"dataset:"}, {"datasets", "dataset"}},
	[META_LANGUAGE] = {"language", {"language", "languages"}, {"language:"}, {"language", "languages"}},
	[META_PAPER] = {"paper", {"arxiv", "paper", "papers"}, {"arxiv:", "doi:"}, {"paper", "papers", "arxiv"}},
	[META_BASE_MODEL] = {"base_model", {"base_model"}, {"base_model:"}, {"base_model", "base_models"}},
	[META_LIBRARY] = {"library", {"library_name", "library"}, {"library:"}, {"library", "libraries", "framework"}},
	[META_TASK] = {"task", {"pipeline_tag", "task"}, {"pipeline_tag:", "task:"}, {"pipeline_tag", "task", "model_task", "tasks"}},
	[META_DOMAIN] = {"domain", {"tags", "domain"}, {"domain:"}, {"domain", "domains"}},
	[META_METRICS] = {"metrics", {"metrics"}, {"metric:"}, {"metrics", "evaluation_metric", "eval_results", "evaluation_metrics"}},
	[META_HARDWARE] = {"hardware", {"co2_eq_emissions.hardware_used", "hardware"}, {"hardware:"}, {"hardware"}},
	[META_CARBON] = {"carbon_emissions", {"co2_eq_emissions"}, {"co2_eq_emissions:"}, {"carbon_emitted", "co2_eq_emissions"}},
	[META_HYPERPARAMETERS] = {"hyper_parameters", {"hyperparameters", "hyper_parameters", "training_args"}, {NULL}, {"hyper_parameters", "hyperparameters"}},
	[META_PARAMETER_COUNT] = {"parameter_count", {"parameter_count", "parameters", "num_parameters"}, {NULL}, {"parameter_count", "params"}},
	[META_LIMITATIONS_BIAS] = {"limitation_and_bias", {"limitations", "bias"}, {NULL}, {"limitation_and_bias", "limitations"}},
	[META_IO_FORMAT] = {"io_format", {"input_format", "output_format"}, {NULL}, {"input_format", "output_format", "input_formats", "output_formats"}},
};

const char *card_meta_field_name(CardMetaField f)
{
	return (unsigned)f < META_COUNT ? meta_rules[f].name : "unknown";
}

/* ---- text normalisation ---- */

static int ascii_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Append the words of s[0..n) to out, which then reads " w1 w2 ... wn "
 * (starting with the space an empty out gets): ASCII lowercased, "&" as
 * "and", punctuation and emoji as separators. Returns the words added. */
static int norm_append(StrBuf *out, const char *s, size_t n)
{
	int words = 0, in_word = 0;
	/* Written in place: an input byte becomes at most 5 (" and " for "&"),
	 * plus the leading and a trailing space. This runs on every line of
	 * every card, so it avoids a call per byte. */
	sb_grow(out, 5 * n + 2);
	char *o = out->data + out->len;
	if (out->len == 0)
		*o++ = ' ';
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			i++;
			if (ascii_alnum(c)) {
				*o++ = (char)ascii_lower(c);
				in_word = 1;
				continue;
			}
			if (in_word) {
				*o++ = ' ';
				words++;
				in_word = 0;
			}
			if (c == '&') {
				memcpy(o, "and ", 4);
				o += 4;
				words++;
			}
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		enum cp_class cls = content_cp_class(cp);
		if (cls == CP_LETTER) {
			memcpy(o, s + i, k);
			o += k;
			in_word = 1;
		} else {
			if (in_word) {
				*o++ = ' ';
				words++;
				in_word = 0;
			}
			if (cls == CP_SOLO) {
				memcpy(o, s + i, k);
				o += k;
				*o++ = ' ';
				words++;
			}
		}
		i += k;
	}
	if (in_word) {
		*o++ = ' ';
		words++;
	}
	out->len = (size_t)(o - out->data);
	out->data[out->len] = '\0';
	return words;
}

static int count_words(const char *norm)
{
	int words = 0;
	for (const char *p = norm; *p; p++)
		if (*p != ' ' && (p == norm || p[-1] == ' '))
			words++;
	return words;
}

/* Remove every occurrence of the normalised phrase (" w1 w2 ") from the
 * normalised text in sb. */
static void remove_phrase(StrBuf *sb, const char *phrase, size_t plen)
{
	char *p;
	while (sb->len >= plen && (p = strstr(sb->data, phrase)) != NULL) {
		/* Keep one separating space: drop plen - 1 bytes. */
		size_t at = (size_t)(p - sb->data) + 1;
		memmove(sb->data + at, sb->data + at + plen - 1, sb->len - at - (plen - 1) + 1);
		sb->len -= plen - 1;
	}
}

/* ---- the scorer ---- */

typedef enum { BLK_HEADING, BLK_TEXT, BLK_CODE } BlockKind;

/* Content evidence of one block for one section: where and which words. */
typedef struct Shown {
	int line;
	char words[CARD_EVIDENCE_SIZE];
} Shown;

/* One block of the body, in document order. */
typedef struct Block {
	BlockKind kind;
	int level;       /* heading level */
	int line;        /* file line */
	int content;     /* something real: counts under a heading */
	/* Words of a paragraph's sentences that say what the model is (not
	 * credits, pointers or statements of training alone); else 0. */
	int prose_words;
	unsigned shows;  /* sections its content shows (cardcontent.h) */
	size_t shown;    /* its first evidence in CardScorer.shown, in section order */
	int has_result;  /* a metric or a test set with a value */
	const char *code_evidence; /* code that calls the model; NULL if none */
	size_t title;    /* heading: offset of its text in CardScorer.titles */
	/* Text blocks: offset in CardScorer.texts of the normalised words of
	 * the lines with real words (placeholders removed), for topic words. */
	size_t text;
} Block;

struct CardScorer {
	cmark_parser *parser;
	char *heading_pat[N_HEADING_RULES];     /* normalised " w1 w2 " */
	char **placeholder_pat; /* content_placeholder_phrases, normalised */
	size_t *placeholder_len;
	size_t nplaceholders;
	char *note_pat[N_NOTE_STARTS];
	char *topic_pat[N_TOPIC_WORDS]; /* " w1 w2 " (whole) or " w1 w2" (stem) */
	char *connector_pat[sizeof section_connectors / sizeof section_connectors[0]];
	ContentRules *rules;
	Block *blocks;
	size_t nblocks, cap_blocks;
	Shown *shown;   /* the content evidence of the blocks */
	size_t nshown, cap_shown;
	StrBuf cells;   /* a table's text being put together */
	char *first_title; /* the first heading's text while reading blocks */
	PeatErr html_err;  /* set when libxml2 could not be loaded */
	StrBuf titles;  /* NUL-separated heading texts */
	StrBuf texts;   /* NUL-separated normalised words of text blocks */
	StrBuf raw;     /* text of the block being read */
	StrBuf norm;    /* scratch for normalised text */
	StrBuf norm2;
	StrBuf norm3;
	StrBuf lower;   /* lowercased code */
	StrBuf json;
	char code_id_evidence[CARD_EVIDENCE_SIZE];
};

static char *normalize_pattern(const char *s)
{
	StrBuf sb = {0};
	norm_append(&sb, s, strlen(s));
	return sb_take(&sb);
}

static pthread_once_t cmark_registered = PTHREAD_ONCE_INIT;

void card_cmark_ready(void)
{
	pthread_once(&cmark_registered, cmark_gfm_core_extensions_ensure_registered);
}

CardScorer *card_scorer_new(void)
{
	static const char *const extensions[] = {"table", "strikethrough", "autolink", "tasklist"};
	CardScorer *sc = xcalloc(1, sizeof *sc);

	card_cmark_ready();
	sc->parser = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
	if (!sc->parser) {
		fprintf(stderr, "peat: out of memory\n");
		abort();
	}
	for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
		cmark_syntax_extension *ext = cmark_find_syntax_extension(extensions[i]);
		if (ext)
			cmark_parser_attach_syntax_extension(sc->parser, ext);
	}
	sc->rules = content_rules_new();
	for (size_t i = 0; i < N_HEADING_RULES; i++)
		sc->heading_pat[i] = normalize_pattern(heading_rules[i].pattern);
	while (content_placeholder_phrases[sc->nplaceholders])
		sc->nplaceholders++;
	sc->placeholder_pat = xcalloc(sc->nplaceholders, sizeof *sc->placeholder_pat);
	sc->placeholder_len = xcalloc(sc->nplaceholders, sizeof *sc->placeholder_len);
	for (size_t i = 0; i < sc->nplaceholders; i++) {
		sc->placeholder_pat[i] = normalize_pattern(content_placeholder_phrases[i]);
		sc->placeholder_len[i] = strlen(sc->placeholder_pat[i]);
	}
	for (size_t i = 0; i < N_NOTE_STARTS; i++)
		sc->note_pat[i] = normalize_pattern(note_starts[i]);
	for (size_t i = 0; i < N_TOPIC_WORDS; i++) {
		const char *w = topic_words[i].words;
		size_t n = strlen(w);
		int stem = n && w[n - 1] == '*';
		StrBuf sb = {0};
		norm_append(&sb, w, stem ? n - 1 : n);
		if (stem)
			sb.data[--sb.len] = '\0'; /* no trailing space: a prefix of a word */
		sc->topic_pat[i] = sb_take(&sb);
	}
	for (size_t i = 0; i < sizeof section_connectors / sizeof section_connectors[0]; i++)
		sc->connector_pat[i] = normalize_pattern(section_connectors[i]);
	return sc;
}

void card_scorer_free(CardScorer *sc)
{
	if (!sc)
		return;
	cmark_parser_free(sc->parser);
	for (size_t i = 0; i < N_HEADING_RULES; i++)
		free(sc->heading_pat[i]);
	for (size_t i = 0; i < sc->nplaceholders; i++)
		free(sc->placeholder_pat[i]);
	free(sc->placeholder_pat);
	free(sc->placeholder_len);
	for (size_t i = 0; i < N_NOTE_STARTS; i++)
		free(sc->note_pat[i]);
	for (size_t i = 0; i < N_TOPIC_WORDS; i++)
		free(sc->topic_pat[i]);
	for (size_t i = 0; i < sizeof section_connectors / sizeof section_connectors[0]; i++)
		free(sc->connector_pat[i]);
	content_rules_free(sc->rules);
	free(sc->blocks);
	free(sc->shown);
	sb_free(&sc->cells);
	sb_free(&sc->titles);
	sb_free(&sc->texts);
	sb_free(&sc->raw);
	sb_free(&sc->norm);
	sb_free(&sc->norm2);
	sb_free(&sc->norm3);
	sb_free(&sc->lower);
	sb_free(&sc->json);
	free(sc);
}

/* Normalise s[0..n) into sb (reset first) and strip placeholders; returns
 * the real words left. A line that starts with a note to the author
 * ("TODO: add an example") has none. */
static int clean_words(CardScorer *sc, StrBuf *sb, const char *s, size_t n)
{
	sb_reset(sb);
	if (norm_append(sb, s, n) == 0)
		return 0;
	for (size_t i = 0; i < N_NOTE_STARTS; i++)
		if (strncmp(sb->data, sc->note_pat[i], strlen(sc->note_pat[i])) == 0)
			return 0;
	for (size_t i = 0; i < sc->nplaceholders; i++)
		remove_phrase(sb, sc->placeholder_pat[i], sc->placeholder_len[i]);
	return count_words(sb->data);
}

/* Real words of one line. "Label: placeholder" and "Label:" alone have
 * none: the template's field lists are not content until filled in. */
static int line_words(CardScorer *sc, const char *s, size_t n)
{
	int words = clean_words(sc, &sc->norm, s, n);
	if (words == 0)
		return 0;
	const char *colon = memchr(s, ':', n);
	if (colon) {
		size_t before = (size_t)(colon - s);
		if (clean_words(sc, &sc->norm2, colon + 1, n - before - 1) == 0) {
			sb_reset(&sc->norm2);
			if (norm_append(&sc->norm2, s, before) <= LABEL_MAX_WORDS)
				return 0;
		}
	}
	return words;
}

/* Real words of a multi-line text. With keep, the normalised words of
 * every line that has real words are appended to it. With first, counting
 * stops at the first line that has some (a long code block is content as
 * soon as one line is). */
static int text_words(CardScorer *sc, const char *s, size_t n, StrBuf *keep, int first)
{
	int words = 0;
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '\n') {
			if (i > start) {
				int w = line_words(sc, s + start, i - start);
				if (w > 0 && keep) {
					/* sc->norm is " w1 w2 ": one space between lines. */
					size_t skip = keep->len && keep->data[keep->len - 1] == ' ';
					sb_add(keep, sc->norm.data + skip, sc->norm.len - skip);
				}
				words += w;
				if (first && words)
					return words;
			}
			start = i + 1;
		}
	}
	return words;
}

/* The words of a text block: counted, and kept in sc->texts for topics. */
static int block_words(CardScorer *sc, Block *b, const char *s, size_t n)
{
	b->text = sc->texts.len;
	int words = text_words(sc, s, n, &sc->texts, 0);
	sb_putc(&sc->texts, '\0');
	return words;
}

/* The sections whose topic words the normalised text holds (bitmask). */
static unsigned topics_in(const CardScorer *sc, const char *norm)
{
	unsigned topics = 0;
	for (size_t i = 0; i < N_TOPIC_WORDS; i++)
		if (!(topics & (1u << topic_words[i].section)) && strstr(norm, sc->topic_pat[i]))
			topics |= 1u << topic_words[i].section;
	return topics;
}

/* The sections a content block is relevant to: code to how to use, text by
 * its topic words. */
static unsigned block_topics(const CardScorer *sc, const Block *b)
{
	if (!b->content)
		return 0;
	if (b->kind == BLK_CODE)
		return 1u << SEC_HOWTO;
	if (b->kind != BLK_TEXT)
		return 0;
	/* "Use at your own risk!" speaks of use but tells no one how: text is
	 * about how to use when it instructs (cardcontent.h). */
	unsigned howto = 1u << SEC_HOWTO;
	return (topics_in(sc, sc->texts.data + b->text) & ~howto) | (b->shows & howto);
}

/* Gather the visible text under an inline container (paragraph, heading,
 * table) into sc->raw: lines separated by '\n', image alt text and inline
 * HTML left out. Sets *has_image when there is an image. */
static void collect_text(CardScorer *sc, cmark_node *block, int *has_image)
{
	cmark_iter *it = cmark_iter_new(block);
	cmark_event_type ev;
	int in_image = 0;

	sb_reset(&sc->raw);
	*has_image = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_IMAGE) {
			if (ev == CMARK_EVENT_ENTER) {
				in_image++;
				*has_image = 1;
			} else
				in_image--;
			continue;
		}
		if (ev != CMARK_EVENT_ENTER) {
			/* Table rows and cells end lines, so a placeholder cell
			 * is judged on its own. */
			if (n != block && (t & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK)
				sb_putc(&sc->raw, '\n');
			continue;
		}
		if (in_image)
			continue;
		switch (t) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE: {
			const char *lit = cmark_node_get_literal(n);
			if (lit)
				sb_puts(&sc->raw, lit);
			break;
		}
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			sb_putc(&sc->raw, '\n');
			break;
		case CMARK_NODE_HTML_INLINE: {
			const char *lit = cmark_node_get_literal(n);
			if (lit && (strncmp(lit, "<img", 4) == 0 || strncmp(lit, "<IMG", 4) == 0))
				*has_image = 1;
			break;
		}
		default:
			/* Table cells are block-like containers of inlines. */
			if ((t & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK && n != block)
				sb_putc(&sc->raw, ' ');
			break;
		}
	}
	cmark_iter_free(it);
}

/* The visible text of an HTML block into sc->raw, read with libxml2
 * (cardhtml.h). Returns the content kind to read it as (a table alone is
 * a table), or -1 when libxml2 cannot be loaded (sc->html_err says why). */
static int html_visible_text(CardScorer *sc, const char *html, int *has_image)
{
	int table = 0;
	*has_image = 0;
	sb_reset(&sc->raw);
	if (sc->html_err.set)
		return -1;
	CardHtml *h = card_html_parse(html, strlen(html), &sc->html_err);
	if (!h)
		return -1;
	card_html_visible_text(h, &sc->raw, has_image, &table);
	card_html_free(h);
	return table ? CONTENT_TABLE : CONTENT_PROSE;
}

static const char *code_call_evidence(CardScorer *sc, const char *code, const char *model_id)
{
	sb_reset(&sc->lower);
	for (const char *p = code; *p; p++)
		sb_putc(&sc->lower, (char)ascii_lower((unsigned char)*p));
	for (size_t i = 0; i < N_CODE_RULES; i++)
		if (strstr(sc->lower.data, code_rules[i].needle))
			return code_rules[i].evidence;
	if (model_id && strlen(model_id) >= 3) {
		StrBuf id = {0};
		for (const char *p = model_id; *p; p++)
			sb_putc(&id, (char)ascii_lower((unsigned char)*p));
		int found = strstr(sc->lower.data, id.data) != NULL;
		sb_free(&id);
		if (found) {
			snprintf(sc->code_id_evidence, sizeof sc->code_id_evidence, "code block naming %s", model_id);
			return sc->code_id_evidence;
		}
	}
	return NULL;
}

static Block *add_block(CardScorer *sc, BlockKind kind, cmark_node *n, int line_offset)
{
	if (sc->nblocks == sc->cap_blocks) {
		sc->cap_blocks = sc->cap_blocks ? sc->cap_blocks * 2 : 64;
		sc->blocks = xrealloc(sc->blocks, sc->cap_blocks * sizeof *sc->blocks);
	}
	Block *b = &sc->blocks[sc->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	int line = cmark_node_get_start_line(n);
	if (line <= 0) {
		/* cmark-gfm numbers a paragraph that a table row follows
		 * without a blank line as line 0: the table's line is the
		 * nearest known one (the fuzzer found it). */
		cmark_node *next = cmark_node_next(n);
		line = next ? cmark_node_get_start_line(next) : 0;
		line = line > 0 ? line : 1;
	}
	b->line = line + line_offset;
	return b;
}

/* Store a heading's text (whitespace collapsed) in sc->titles. */
static size_t add_title(CardScorer *sc, const char *s)
{
	size_t at = sc->titles.len;
	int space = 0;
	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = sc->titles.len > at;
			continue;
		}
		if (space)
			sb_putc(&sc->titles, ' ');
		space = 0;
		sb_putc(&sc->titles, *p);
	}
	sb_putc(&sc->titles, '\0');
	return at;
}

static unsigned heading_sections(CardScorer *sc, const char *title, int umbrella);

/* A table's visible text into sc->raw: a row per line, header first, its
 * cells separated by tabs (what cardcontent.h reads). */
static void collect_table(CardScorer *sc, cmark_node *table, int *has_image)
{
	int image;
	*has_image = 0;
	sb_reset(&sc->cells);
	for (cmark_node *row = cmark_node_first_child(table); row; row = cmark_node_next(row)) {
		for (cmark_node *cell = cmark_node_first_child(row); cell; cell = cmark_node_next(cell)) {
			collect_text(sc, cell, &image);
			*has_image |= image;
			if (cell != cmark_node_first_child(row))
				sb_putc(&sc->cells, '\t');
			for (size_t k = 0; k < sc->raw.len; k++)
				sb_putc(&sc->cells, sc->raw.data[k] == '\n' || sc->raw.data[k] == '\t' ? ' ' : sc->raw.data[k]);
		}
		sb_putc(&sc->cells, '\n');
	}
	sb_reset(&sc->raw);
	sb_add(&sc->raw, sb_str(&sc->cells), sc->cells.len);
}

/* File line of byte `at` of sc->raw, a block starting at `line`. A table
 * skips its delimiter row after the header. */
static int raw_line(const CardScorer *sc, size_t at, int line, ContentKind kind)
{
	int rows = 0;
	for (size_t k = 0; k < at && k < sc->raw.len; k++)
		rows += sc->raw.data[k] == '\n';
	return line + rows + (kind == CONTENT_TABLE && rows > 0);
}

/* Read the content evidence of sc->raw (block b) with cardcontent.h: what
 * it shows, its descriptive words, whether it holds results. Returns the
 * finding's pointer_only. */
static int read_content(CardScorer *sc, Block *b, ContentKind kind, int after_results, const char *model_id,
			int *announces)
{
	ContentFinding f;
	ContentContext ctx = {after_results, model_id, sc->first_title};
	content_scan(sc->rules, sc->raw.data, sc->raw.len, kind, &ctx, &f);
	b->shows = f.sections;
	b->shown = sc->nshown;
	b->has_result = f.has_result;
	b->prose_words = kind == CONTENT_PROSE ? f.descriptive_words : 0;
	*announces = f.announces_results;
	for (int s = 0; s < SEC_COUNT; s++) {
		if (!(f.sections & (1u << s)))
			continue;
		if (sc->nshown == sc->cap_shown) {
			sc->cap_shown = sc->cap_shown ? sc->cap_shown * 2 : 64;
			sc->shown = xrealloc(sc->shown, sc->cap_shown * sizeof *sc->shown);
		}
		Shown *e = &sc->shown[sc->nshown++];
		e->line = raw_line(sc, f.at[s], b->line, kind);
		memcpy(e->words, f.words[s], sizeof e->words);
	}
	return f.pointer_only;
}

/* The evidence of block b for section s (s must be in b->shows). */
static const Shown *block_shown(const CardScorer *sc, const Block *b, CardSection s)
{
	size_t k = b->shown;
	for (int i = 0; i < (int)s; i++)
		k += (b->shows >> i) & 1;
	return &sc->shown[k];
}

/* Turn the Markdown tree into sc->blocks. Containers (lists, quotes, ...)
 * are walked through; leaf blocks are read whole, with their content
 * evidence. */
static void read_blocks(CardScorer *sc, cmark_node *doc, int line_offset, const char *model_id)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	int has_image, announced = 0, announces = 0;

	sc->nblocks = 0;
	sc->nshown = 0;
	sc->first_title = NULL;
	sb_reset(&sc->titles);
	sb_reset(&sc->texts);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		Block *b;
		announces = 0;
		switch (t) {
		case CMARK_NODE_HEADING:
			collect_text(sc, n, &has_image);
			b = add_block(sc, BLK_HEADING, n, line_offset);
			b->level = cmark_node_get_heading_level(n);
			b->title = add_title(sc, sb_str(&sc->raw));
			if (!sc->first_title)
				sc->first_title = xstrdup(sc->titles.data + b->title);
			/* "## Results" announces the table under it. */
			announces = (heading_sections(sc, sc->titles.data + b->title, 0) >> SEC_EVALUATION) & 1;
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			break;
		case CMARK_NODE_PARAGRAPH: {
			collect_text(sc, n, &has_image);
			b = add_block(sc, BLK_TEXT, n, line_offset);
			int words = block_words(sc, b, sc->raw.data ? sc->raw.data : "", sc->raw.len);
			int pointer = read_content(sc, b, CONTENT_PROSE, 0, model_id, &announces);
			b->content = (words > 0 && !pointer) || has_image;
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			break;
		}
		case CMARK_NODE_HTML_BLOCK: {
			const char *lit = cmark_node_get_literal(n);
			int kind = html_visible_text(sc, lit ? lit : "", &has_image);
			b = add_block(sc, BLK_TEXT, n, line_offset);
			int words = block_words(sc, b, sb_str(&sc->raw), sc->raw.len);
			int pointer = read_content(sc, b, kind == CONTENT_TABLE ? CONTENT_TABLE : CONTENT_PROSE,
						   kind == CONTENT_TABLE && announced, model_id, &announces);
			b->prose_words = 0; /* markup, not prose */
			b->content = (words > 0 && !pointer) || has_image;
			break;
		}
		case CMARK_NODE_CODE_BLOCK: {
			const char *lit = cmark_node_get_literal(n);
			lit = lit ? lit : "";
			b = add_block(sc, BLK_CODE, n, line_offset);
			/* Code counts unless it is only placeholders or notes. */
			b->content = text_words(sc, lit, strlen(lit), NULL, 1) > 0;
			b->code_evidence = b->content ? code_call_evidence(sc, lit, model_id) : NULL;
			sb_reset(&sc->raw);
			sb_puts(&sc->raw, lit);
			read_content(sc, b, CONTENT_CODE, 0, model_id, &announces);
			announces = announced; /* a table after code still follows the text */
			break;
		}
		default:
			if ((t & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK &&
			    strcmp(cmark_node_get_type_string(n), "table") == 0) {
				collect_table(sc, n, &has_image);
				b = add_block(sc, BLK_TEXT, n, line_offset);
				int words = block_words(sc, b, sb_str(&sc->raw), sc->raw.len);
				read_content(sc, b, CONTENT_TABLE, announced, model_id, &announces);
				b->content = words > 0 || has_image;
				cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			} else {
				announces = announced; /* containers: lists, items, quotes */
			}
			break;
		}
		announced = announces;
	}
	cmark_iter_free(it);
	free(sc->first_title);
	sc->first_title = NULL;
}

/* Is every word of the normalised heading `core` a section pattern that
 * matched (mask bits) or a section connector? Then the heading names only
 * sections ("Out-of-scope use", "Limitations and bias"). Uses sc->norm3. */
static int names_only_sections(CardScorer *sc, const char *core, unsigned mask)
{
	StrBuf *rest = &sc->norm3;
	sb_reset(rest);
	sb_puts(rest, core);
	for (size_t i = 0; i < N_HEADING_RULES; i++)
		if (mask & (1u << heading_rules[i].section))
			remove_phrase(rest, sc->heading_pat[i], strlen(sc->heading_pat[i]));
	for (size_t i = 0; i < sizeof section_connectors / sizeof section_connectors[0]; i++)
		remove_phrase(rest, sc->connector_pat[i], strlen(sc->connector_pat[i]));
	return count_words(rest->data) == 0;
}

/* Sections a heading names (bitmask), from heading_rules. A card's
 * umbrella title (its only H1, first) usually names the model
 * ("llama-fine-tuning-7b") and its section spans the whole card, so it
 * only matches WHOLE rules, unless it names nothing but sections
 * ("# Limitations", "# Out-of-scope use"): then it is that section. */
static unsigned heading_sections(CardScorer *sc, const char *title, int umbrella)
{
	StrBuf *h = &sc->norm, *core = &sc->norm2;
	unsigned mask = 0, whole = 0;

	sb_reset(h);
	if (norm_append(h, title, strlen(title)) == 0)
		return 0;
	/* The core for WHOLE matches: no numbering ("1.", "2.3"), no filler. */
	sb_reset(core);
	sb_putc(core, ' ');
	int leading = 1;
	for (const char *w = h->data + 1; *w;) {
		const char *end = strchr(w, ' ');
		size_t wl = (size_t)(end - w);
		int digits = strspn(w, "0123456789") == wl;
		int filler = 0;
		for (size_t f = 0; f < sizeof heading_filler / sizeof heading_filler[0]; f++)
			if (strlen(heading_filler[f]) == wl && strncmp(w, heading_filler[f], wl) == 0)
				filler = 1;
		if (!(filler || (digits && leading))) {
			sb_add(core, w, wl);
			sb_putc(core, ' ');
			leading = 0;
		}
		w = end + 1;
	}
	for (size_t i = 0; i < N_HEADING_RULES; i++) {
		const char *pat = sc->heading_pat[i];
		int hit = 0;
		switch (heading_rules[i].kind) {
		case WHOLE: hit = strcmp(core->data, pat) == 0; break;
		case START: hit = strncmp(core->data, pat, strlen(pat)) == 0; break;
		case PHRASE: hit = strstr(h->data, pat) != NULL; break;
		}
		if (hit) {
			mask |= 1u << heading_rules[i].section;
			if (heading_rules[i].kind == WHOLE)
				whole |= 1u << heading_rules[i].section;
		}
	}
	if (umbrella && mask != whole && !names_only_sections(sc, core->data, mask))
		return whole;
	return mask;
}

/* Which of the sections in `mask` (those heading i names) its content
 * evidences, up to the next heading of the same or a higher level,
 * subsections included:
 * - nothing without real content;
 * - a description needs DESCRIPTION_MIN_WORDS words of prose (paragraphs
 *   and list items that are not credits or pointers elsewhere, outside
 *   subsections that name other sections): a block of badges, "Built by
 *   ..." and "For more details, visit ..." is no description;
 * - a heading that names one section is evidenced by any real content; one
 *   that names several ("Intended uses & limitations") evidences each only
 *   with content relevant to it: its topic words (topic_words), a code block
 *   for how to use, or a subsection with content whose heading speaks of
 *   it. */
/* Is there real content under heading i, up to the next heading of the
 * same or a higher level (subsections included)? */
static int heading_has_content(const CardScorer *sc, size_t i)
{
	int level = sc->blocks[i].level;
	for (size_t j = i + 1; j < sc->nblocks; j++) {
		const Block *b = &sc->blocks[j];
		if (b->kind == BLK_HEADING && b->level <= level)
			break;
		if (b->kind != BLK_HEADING && b->content)
			return 1;
	}
	return 0;
}

static unsigned heading_evidence(CardScorer *sc, size_t i, unsigned mask)
{
	int level = sc->blocks[i].level, content = 0, prose = 0;
	int other_level = 0; /* inside a subsection of another section: its level */
	unsigned topics = 0;
	int several = (mask & (mask - 1)) != 0, results = 0;
	for (size_t j = i + 1; j < sc->nblocks; j++) {
		const Block *b = &sc->blocks[j];
		if (b->kind == BLK_HEADING) {
			if (b->level <= level)
				break;
			if (other_level && b->level <= other_level)
				other_level = 0;
			if (!other_level && (mask & (1u << SEC_DESCRIPTION))) {
				unsigned m = heading_sections(sc, sc->titles.data + b->title, 0);
				if (m && !(m & (1u << SEC_DESCRIPTION)))
					other_level = b->level;
			}
			if (several && heading_has_content(sc, j)) {
				/* The subsection's title speaks of its sections. */
				const char *t = sc->titles.data + b->title;
				sb_reset(&sc->norm3);
				norm_append(&sc->norm3, t, strlen(t));
				topics |= topics_in(sc, sb_str(&sc->norm3));
			}
			continue;
		}
		content |= b->content;
		results |= b->has_result;
		if (!other_level)
			prose += b->prose_words;
		if (several)
			topics |= block_topics(sc, b);
	}
	if (!content)
		return 0;
	unsigned out = several ? mask & topics : mask;
	/* Evaluation is results: a heading that only promises them is not. */
	if (!results)
		out &= ~(1u << SEC_EVALUATION);
	if (mask & (1u << SEC_DESCRIPTION)) {
		if (prose >= DESCRIPTION_MIN_WORDS)
			out |= 1u << SEC_DESCRIPTION;
		else
			out &= ~(1u << SEC_DESCRIPTION);
	}
	return out;
}

/* Is the title heading i followed by prose, directly or after subtitles
 * (headings that come right after it, with nothing between, and name no
 * section)? */
static int title_has_prose(CardScorer *sc, size_t i)
{
	size_t j = i + 1;
	while (j < sc->nblocks && sc->blocks[j].kind == BLK_HEADING &&
	       heading_sections(sc, sc->titles.data + sc->blocks[j].title, 0) == 0)
		j++;
	for (; j < sc->nblocks && sc->blocks[j].kind != BLK_HEADING; j++)
		if (sc->blocks[j].prose_words >= PROSE_MIN_WORDS)
			return 1;
	return 0;
}

/* Copy s into an evidence buffer, cut on a UTF-8 character boundary. */
static void copy_evidence(char dst[CARD_EVIDENCE_SIZE], const char *s)
{
	size_t n = strlen(s);
	if (n >= CARD_EVIDENCE_SIZE) {
		n = CARD_EVIDENCE_SIZE - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* Record evidence for a section: the first heading wins; other evidence
 * only holds until a heading qualifies. */
static void set_evidence(CardAnalysis *a, unsigned *from_heading, CardSection s, int line,
			 const char *evidence, int is_heading)
{
	unsigned bit = 1u << s;
	if (!is_heading && !a->content_line[s]) {
		a->content_line[s] = line;
		copy_evidence(a->content_evidence[s], evidence);
	}
	if ((a->sections & bit) && (!is_heading || (*from_heading & bit)))
		return;
	a->sections |= bit;
	if (is_heading)
		*from_heading |= bit;
	a->line[s] = line;
	copy_evidence(a->evidence[s], evidence);
}

/* ---- front matter ---- */

/* Length of the line at text[i] without its terminator; *next gets the
 * start of the following line. LF, CRLF and CR end lines. */
static size_t line_at(const char *text, size_t len, size_t i, size_t *next)
{
	size_t j = i;
	while (j < len && text[j] != '\n' && text[j] != '\r')
		j++;
	size_t end = j;
	if (j < len && text[j] == '\r')
		j++;
	if (j < len && text[j] == '\n' && (j == end || text[j - 1] == '\r'))
		j++;
	*next = j;
	return end - i;
}

/* Is the line a fence: `marker` then only blanks? */
static int is_fence(const char *s, size_t n, const char *marker)
{
	if (n < 3 || memcmp(s, marker, 3) != 0)
		return 0;
	for (size_t i = 3; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

static int is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

int card_yaml_too_deep(const char *yaml, size_t n, int *line)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int depth = 0, deep = 0, end = 0;
	if (!yaml_parser_initialize(&parser)) {
		fprintf(stderr, "peat: out of memory\n");
		abort();
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, n);
	while (!deep && !end && yaml_parser_parse(&parser, &ev)) {
		if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT)
			deep = ++depth > CARD_YAML_MAX_DEPTH;
		else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT)
			depth--;
		end = ev.type == YAML_STREAM_END_EVENT;
		if (deep && line)
			*line = (int)ev.start_mark.line;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return deep;
}

/* The bytes of md[i ..) up to the line end, and the '|' on it not behind
 * a backslash. */
static size_t line_pipes(const char *md, size_t n, size_t i, size_t *end)
{
	size_t pipes = 0;
	for (; i < n && md[i] != '\n'; i++)
		pipes += md[i] == '|' && (i == 0 || md[i - 1] != '\\');
	*end = i;
	return pipes;
}

/* A table's delimiter row: only '|', '-', ':' and blanks. */
static int is_delimiter_row(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr("|-: \t\r", s[i]))
			return 0;
	return 1;
}

/* Append the line md[i .. end) with at most `keep` cells: a delimiter row
 * is cut before its next '|' (its header keeps as many cells, so the table
 * stays one), any other line has the '|' past that shown as CARD_CUT_BAR. */
static void bound_row(StrBuf *out, const char *md, size_t i, size_t end, size_t keep)
{
	int delimiter = is_delimiter_row(md + i, end - i);
	size_t seen = 0;
	for (size_t k = i; k < end; k++) {
		int pipe = md[k] == '|' && (k == 0 || md[k - 1] != '\\');
		if (pipe && ++seen > keep) {
			if (delimiter)
				return;
			/* not "\\|": cmark-gfm makes a node of every escape */
			sb_puts(out, CARD_CUT_BAR);
			continue;
		}
		sb_putc(out, md[k]);
	}
}

size_t card_readable_len(const char *text, size_t len)
{
	if (len <= CARD_MAX_BYTES)
		return len;
	size_t n = CARD_MAX_BYTES;
	while (n > 0 && text[n - 1] != '\n')
		n--;
	if (n > 0)
		return n;
	n = CARD_MAX_BYTES; /* one line: cut before a character, not inside it */
	while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
		n--;
	return n;
}

char *card_bound_table_rows(const char *md, size_t n, size_t *out_n)
{
	StrBuf out = {0};
	size_t copied = 0, end, cells = 0;
	for (size_t i = 0; i < n; i = end + 1) {
		size_t pipes = line_pipes(md, n, i, &end);
		cells += pipes;
		size_t keep = cells > CARD_MAX_TABLE_CELLS_ALL ? 0 : CARD_MAX_TABLE_CELLS;
		if (pipes <= keep)
			continue;
		sb_add(&out, md + copied, i - copied);
		bound_row(&out, md, i, end, keep);
		copied = end;
	}
	if (copied == 0)
		return NULL;
	sb_add(&out, md + copied, n - copied);
	*out_n = out.len;
	return sb_take(&out);
}

int card_split_front_matter(const char *text, size_t len, CardSplit *out)
{
	size_t i = 0, next;
	int line = 1;

	memset(out, 0, sizeof *out);
	out->body_line = 1;
	if (!text)
		return 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	/* Blank lines may precede the opening fence. */
	for (;;) {
		if (i >= len)
			return 0;
		size_t n = line_at(text, len, i, &next);
		if (is_fence(text + i, n, "---"))
			break;
		if (!is_blank(text + i, n))
			return 0;
		i = next;
		line++;
	}
	line_at(text, len, i, &next);
	size_t yaml_start = next;
	int yaml_first_line = line + 1;
	i = next;
	line++;
	while (i < len) {
		size_t n = line_at(text, len, i, &next);
		if (is_fence(text + i, n, "---") || is_fence(text + i, n, "...")) {
			out->has_front_matter = 1;
			out->yaml_start = yaml_start;
			out->yaml_len = i - yaml_start;
			out->yaml_first_line = yaml_first_line;
			out->body_start = next;
			out->body_line = line + 1;
			return 1;
		}
		i = next;
		line++;
	}
	out->unclosed = 1;
	out->yaml_first_line = yaml_first_line;
	return 0;
}

static void json_string(StrBuf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	sb_putc(out, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': sb_puts(out, "\\\""); break;
		case '\\': sb_puts(out, "\\\\"); break;
		case '\n': sb_puts(out, "\\n"); break;
		case '\r': sb_puts(out, "\\r"); break;
		case '\t': sb_puts(out, "\\t"); break;
		default:
			if (c < 0x20) {
				char esc[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], '\0'};
				sb_puts(out, esc);
			} else
				sb_putc(out, (char)c);
		}
	}
	sb_putc(out, '"');
}

/* Does s spell a JSON number exactly (-?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?)? */
static int is_json_number(const char *s, size_t n)
{
	size_t i = 0;
	if (i < n && s[i] == '-')
		i++;
	if (i >= n || s[i] < '0' || s[i] > '9')
		return 0;
	if (s[i] == '0')
		i++;
	else
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	if (i < n && s[i] == '.') {
		size_t d = ++i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		size_t d = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			return 0;
	}
	return i == n;
}

static int word_in(const char *s, size_t n, const char *const *words)
{
	for (; *words; words++)
		if (strlen(*words) == n && memcmp(s, *words, n) == 0)
			return 1;
	return 0;
}

static const char *const yaml_nulls[] = {"", "~", "null", "Null", "NULL", NULL};
static const char *const yaml_bools[] = {"true", "True", "TRUE", "false", "False", "FALSE", NULL};

static int yaml_is_null(const yaml_node_t *node)
{
	return node->type == YAML_SCALAR_NODE && node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	       word_in((const char *)node->data.scalar.value, node->data.scalar.length, yaml_nulls);
}

/* Write node as JSON. -1 when too deep or too large (alias bombs). */
static int yaml_to_json(yaml_document_t *doc, yaml_node_t *node, StrBuf *out, int depth)
{
	if (!node) {
		sb_puts(out, "null");
		return 0;
	}
	if (depth > YAML_MAX_DEPTH || out->len > JSON_MAX_BYTES)
		return -1;
	switch (node->type) {
	case YAML_SCALAR_NODE: {
		const char *v = (const char *)node->data.scalar.value;
		size_t n = node->data.scalar.length;
		if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
			json_string(out, v, n);
		else if (word_in(v, n, yaml_nulls))
			sb_puts(out, "null");
		else if (word_in(v, n, yaml_bools))
			sb_puts(out, (v[0] | 0x20) == 't' ? "true" : "false");
		else if (is_json_number(v, n))
			sb_add(out, v, n);
		else
			json_string(out, v, n);
		return 0;
	}
	case YAML_SEQUENCE_NODE:
		sb_putc(out, '[');
		for (yaml_node_item_t *it = node->data.sequence.items.start; it < node->data.sequence.items.top; it++) {
			if (it != node->data.sequence.items.start)
				sb_putc(out, ',');
			if (yaml_to_json(doc, yaml_document_get_node(doc, *it), out, depth + 1) < 0)
				return -1;
		}
		sb_putc(out, ']');
		return 0;
	case YAML_MAPPING_NODE:
		sb_putc(out, '{');
		for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
			if (p != node->data.mapping.pairs.start)
				sb_putc(out, ',');
			yaml_node_t *key = yaml_document_get_node(doc, p->key);
			if (key && key->type == YAML_SCALAR_NODE)
				json_string(out, (const char *)key->data.scalar.value, key->data.scalar.length);
			else {
				/* A complex key becomes the string of its JSON. */
				StrBuf k = {0};
				int rc = yaml_to_json(doc, key, &k, depth + 1);
				json_string(out, sb_str(&k), k.len);
				sb_free(&k);
				if (rc < 0)
					return -1;
			}
			sb_putc(out, ':');
			if (yaml_to_json(doc, yaml_document_get_node(doc, p->value), out, depth + 1) < 0)
				return -1;
		}
		sb_putc(out, '}');
		return 0;
	default:
		sb_puts(out, "null");
		return 0;
	}
}

static yaml_node_t *yaml_map_get(yaml_document_t *doc, yaml_node_t *map, const char *key, size_t klen,
				 int *key_line)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		if (k && k->type == YAML_SCALAR_NODE && k->data.scalar.length == klen &&
		    memcmp(k->data.scalar.value, key, klen) == 0) {
			if (key_line)
				*key_line = (int)k->start_mark.line;
			return yaml_document_get_node(doc, p->value);
		}
	}
	return NULL;
}

/* Follow a dotted path ("co2_eq_emissions.hardware_used"). */
static yaml_node_t *yaml_path(yaml_document_t *doc, const char *path)
{
	yaml_node_t *node = yaml_document_get_root_node(doc);
	while (node && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		node = yaml_map_get(doc, node, path, n, NULL);
		path += dot ? n + 1 : n;
	}
	return node;
}

static int yaml_present(const yaml_node_t *node)
{
	if (!node || yaml_is_null(node))
		return 0;
	switch (node->type) {
	case YAML_SCALAR_NODE: return node->data.scalar.length > 0;
	case YAML_SEQUENCE_NODE: return node->data.sequence.items.top > node->data.sequence.items.start;
	case YAML_MAPPING_NODE: return node->data.mapping.pairs.top > node->data.mapping.pairs.start;
	default: return 0;
	}
}

static int yaml_seq_any(yaml_document_t *doc, yaml_node_t *seq, int (*pred)(yaml_document_t *, yaml_node_t *))
{
	if (!seq || seq->type != YAML_SEQUENCE_NODE)
		return 0;
	for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++)
		if (pred(doc, yaml_document_get_node(doc, *it)))
			return 1;
	return 0;
}

static int result_has_metrics(yaml_document_t *doc, yaml_node_t *result)
{
	yaml_node_t *metrics = yaml_map_get(doc, result, "metrics", 7, NULL);
	return metrics && metrics->type == YAML_SEQUENCE_NODE && yaml_present(metrics);
}

static int entry_has_results(yaml_document_t *doc, yaml_node_t *entry)
{
	return yaml_seq_any(doc, yaml_map_get(doc, entry, "results", 7, NULL), result_has_metrics);
}

/* The line (0-based in the YAML) of a model-index with a result that has
 * metrics, or -1. */
static int model_index_line(yaml_document_t *doc)
{
	int line = -1;
	yaml_node_t *mi = yaml_map_get(doc, yaml_document_get_root_node(doc), "model-index", 11, &line);
	return yaml_seq_any(doc, mi, entry_has_results) ? line : -1;
}

static void set_problem(CardAnalysis *a, int line, const char *what)
{
	a->yaml_problem_line = line;
	snprintf(a->yaml_problem, sizeof a->yaml_problem, "%s", what);
}

/* Parse the front matter: JSON, metadata fields, model-index evidence. */
static void read_front_matter(CardScorer *sc, const char *text, const CardSplit *split, CardAnalysis *a,
			      unsigned *from_heading)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	int deep_line = 0;

	if (card_yaml_too_deep(text + split->yaml_start, split->yaml_len, &deep_line)) {
		char what[CARD_PROBLEM_SIZE];
		snprintf(what, sizeof what, "nests deeper than %d levels; not read", CARD_YAML_MAX_DEPTH);
		set_problem(a, split->yaml_first_line + deep_line, what);
		return;
	}
	if (!yaml_parser_initialize(&parser)) {
		fprintf(stderr, "peat: out of memory\n");
		abort();
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text + split->yaml_start, split->yaml_len);
	if (!yaml_parser_load(&parser, &doc)) {
		const yaml_mark_t *mark = parser.problem ? &parser.problem_mark : &parser.context_mark;
		char what[CARD_PROBLEM_SIZE];
		snprintf(what, sizeof what, "not valid YAML: %s%s%s%s", parser.problem ? parser.problem : "unreadable",
			 parser.context ? " (" : "", parser.context ? parser.context : "", parser.context ? ")" : "");
		set_problem(a, split->yaml_first_line + (int)mark->line, what);
		yaml_parser_delete(&parser);
		return;
	}
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (root && root->type != YAML_MAPPING_NODE) {
		set_problem(a, split->yaml_first_line + (int)root->start_mark.line,
			    "is not a mapping of keys to values");
		goto done;
	}
	sb_reset(&sc->json);
	if (!root)
		sb_puts(&sc->json, "{}");
	else if (yaml_to_json(&doc, root, &sc->json, 0) < 0) {
		set_problem(a, split->yaml_first_line, "nests too deeply or expands aliases too far to be read");
		goto done;
	}
	a->front_matter_json = xstrdup(sb_str(&sc->json));

	for (int f = 0; f < META_COUNT; f++)
		for (int k = 0; k < META_MAX_ALT && meta_rules[f].front_matter[k]; k++)
			if (yaml_present(yaml_path(&doc, meta_rules[f].front_matter[k])))
				a->metadata_fields |= 1u << f;

	int mi = root ? model_index_line(&doc) : -1;
	if (mi >= 0)
		a->metadata_fields |= 1u << META_METRICS;
	if (mi >= 0)
		set_evidence(a, from_heading, SEC_EVALUATION, split->yaml_first_line + mi,
			     "model-index in front matter", 0);
done:
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
}

/* ---- metadata from facts ---- */

static int list_has(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] && strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

static void facts_metadata(const CardFacts *facts, CardAnalysis *a)
{
	for (int f = 0; f < META_COUNT; f++) {
		const MetaRule *r = &meta_rules[f];
		for (int k = 0; k < META_MAX_ALT && r->meta[k]; k++)
			if (list_has(facts->meta, facts->nmeta, r->meta[k]))
				a->metadata_fields |= 1u << f;
		for (int k = 0; k < META_MAX_ALT && r->tag_prefix[k]; k++) {
			size_t pl = strlen(r->tag_prefix[k]);
			for (size_t t = 0; t < facts->ntags; t++)
				if (facts->tags[t] && strncmp(facts->tags[t], r->tag_prefix[k], pl) == 0 &&
				    facts->tags[t][pl])
					a->metadata_fields |= 1u << f;
		}
	}
}

static int popcount(unsigned v)
{
	int n = 0;
	for (; v; v &= v - 1)
		n++;
	return n;
}

/* ---- analysis ---- */

int card_scorer_analyze(CardScorer *sc, const char *text, size_t len, const CardFacts *facts,
			CardAnalysis *out, PeatErr *err)
{
	CardSplit split;
	unsigned from_heading = 0;
	const char *model_id = facts ? facts->model_id : NULL;

	memset(out, 0, sizeof *out);
	if (!text)
		len = 0;
	len = card_readable_len(text, len);
	card_split_front_matter(text, len, &split);
	if (split.has_front_matter) {
		out->front_matter_line_count = split.body_line - 1;
		read_front_matter(sc, text, &split, out, &from_heading);
	} else if (split.unclosed) {
		set_problem(out, split.yaml_first_line - 1,
			    "opens with `---` but no `---` line closes it; read as Markdown");
	}

	const char *body = text ? text + split.body_start : "";
	size_t body_len = len - split.body_start;
	char *bounded = card_bound_table_rows(body, body_len, &body_len);
	cmark_parser_feed(sc->parser, bounded ? bounded : body, body_len);
	free(bounded);
	cmark_node *doc = cmark_parser_finish(sc->parser);
	if (!doc)
		return peat_err_set(err, "%s: the Markdown parser failed", model_id ? model_id : "card");
	read_blocks(sc, doc, split.body_line - 1, model_id);
	cmark_node_free(doc);
	if (sc->html_err.set)
		return peat_err_set(err, "%s", sc->html_err.msg);

	/* The first heading is the card's title when nothing follows it
	 * directly but prose; it is its umbrella when it is the only H1. */
	size_t first_heading = sc->nblocks;
	int h1s = 0;
	for (size_t i = 0; i < sc->nblocks; i++)
		if (sc->blocks[i].kind == BLK_HEADING) {
			if (first_heading == sc->nblocks)
				first_heading = i;
			h1s += sc->blocks[i].level == 1;
		}
	int eval_level = 0; /* inside a section whose heading names evaluation */
	for (size_t i = 0; i < sc->nblocks; i++) {
		const Block *b = &sc->blocks[i];
		if (b->kind == BLK_HEADING) {
			const char *title = sc->titles.data + b->title;
			int umbrella = i == first_heading && b->level == 1 && h1s == 1;
			unsigned mask = heading_sections(sc, title, umbrella);
			unsigned evidenced = mask ? heading_evidence(sc, i, mask) : 0;
			if (evidenced) {
				for (int s = 0; s < SEC_COUNT; s++)
					if (evidenced & (1u << s))
						set_evidence(out, &from_heading, (CardSection)s, b->line, title, 1);
			}
			if (i == first_heading && !mask && title_has_prose(sc, i))
				set_evidence(out, &from_heading, SEC_DESCRIPTION, b->line,
					     *title ? title : "first heading followed by prose", 0);
			if (eval_level && b->level <= eval_level)
				eval_level = 0;
			if (!eval_level && (mask & (1u << SEC_EVALUATION)))
				eval_level = b->level;
			continue;
		}
		if (i < first_heading && b->prose_words >= PROSE_MIN_WORDS)
			set_evidence(out, &from_heading, SEC_DESCRIPTION, b->line, "prose before the first heading", 0);
		if (b->code_evidence)
			set_evidence(out, &from_heading, SEC_HOWTO, b->line, b->code_evidence, 0);
		for (int s = 0; s < SEC_COUNT; s++) {
			/* Numbers in code are results only where evaluation is the
			 * topic; elsewhere they are an example's output. */
			if (!((b->shows >> s) & 1) || (b->kind == BLK_CODE && !eval_level))
				continue;
			const Shown *e = block_shown(sc, b, (CardSection)s);
			set_evidence(out, &from_heading, (CardSection)s, e->line, e->words, 0);
		}
	}
	for (int s = 0; s < SEC_COUNT; s++)
		if ((out->sections >> s) & 1)
			out->kind[s] = ((from_heading >> s) & 1 ? CARD_EVIDENCE_HEADING : 0) |
				       (out->content_line[s] ? CARD_EVIDENCE_CONTENT : 0);

	if (facts)
		facts_metadata(facts, out);
	out->completeness = popcount(out->sections);
	out->metadata = (double)popcount(out->metadata_fields) / META_COUNT;
	out->quality = (out->completeness / (double)SEC_COUNT + out->metadata) / 2.0;
	return 0;
}

void card_analysis_free(CardAnalysis *a)
{
	if (!a)
		return;
	free(a->front_matter_json);
	memset(a, 0, sizeof *a);
}

/* ---- analysing stored cards ---- */

/* Every query that reads stored cards for analysis selects these columns in
 * this order, so one function (analyze_row) turns a row into a verdict with
 * the same facts wherever the verdict is made: a card version (c) with the
 * attribute version (a) it is analysed with, the two a state holds. */
#define CARD_ROW_COLUMNS "c.id, a.id, a.name, c.body, a.license, a.library, a.pipeline_tag, a.params"
enum { ROW_CARD, ROW_ATTR, ROW_NAME, ROW_BODY, ROW_LICENSE, ROW_LIBRARY, ROW_PIPELINE, ROW_PARAMS };

/* A model's facts besides its card as of a state, in one statement (?1 its
 * attribute version): tags (kind 0) and the names of metadata fields it
 * has (kind 1): metadata fields with a value and "library" when it has a
 * library. */
static const char facts_sql[] =
	"SELECT 0, tag FROM attr_tag WHERE attr_id = ?1"
	" UNION ALL SELECT 1, field FROM attr_meta WHERE attr_id = ?1 AND coalesce(trim(value), '') <> ''"
	" UNION ALL SELECT 1, 'library' WHERE EXISTS (SELECT 1 FROM attr_library WHERE attr_id = ?1)";

/* A list of strings copied out of SQLite rows. */
typedef struct Strings {
	char **v;
	size_t n, cap;
} Strings;

static void strings_add(Strings *s, const char *v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = xstrdup(v);
}

static void strings_clear(Strings *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	s->n = 0;
}

static void strings_free(Strings *s)
{
	strings_clear(s);
	free(s->v);
	s->v = NULL;
	s->cap = 0;
}

/* What analysing stored cards needs: a scorer and the facts statement. */
typedef struct CardReader {
	Store *st;
	CardScorer *sc;
	int own_scorer;
	sqlite3_stmt *facts;
	Strings tags, meta;
} CardReader;

static int reader_open(CardReader *r, Store *st, CardScorer *sc, PeatErr *err)
{
	memset(r, 0, sizeof *r);
	r->st = st;
	if (!(r->facts = store_prepare(st, facts_sql, err)))
		return -1;
	r->own_scorer = sc == NULL;
	r->sc = sc ? sc : card_scorer_new();
	return 0;
}

static void reader_close(CardReader *r)
{
	sqlite3_finalize(r->facts);
	strings_free(&r->tags);
	strings_free(&r->meta);
	if (r->own_scorer)
		card_scorer_free(r->sc);
	memset(r, 0, sizeof *r);
}

/* The facts of the model in the current row of `row` (CARD_ROW_COLUMNS)
 * into tags and meta (cleared first): tags, metadata fields with a value,
 * libraries, and the record's license, library, pipeline_tag and params. */
static int read_facts(CardReader *r, sqlite3_stmt *row, Strings *tags, Strings *meta, PeatErr *err)
{
	static const struct {
		int column;
		const char *field;
	} record_fields[] = {
		{ROW_LICENSE, "license"},
		{ROW_LIBRARY, "library"},
		{ROW_PIPELINE, "pipeline_tag"},
		{ROW_PARAMS, "parameter_count"},
	};
	int64_t attr = sqlite3_column_int64(row, ROW_ATTR);
	const char *name = (const char *)sqlite3_column_text(row, ROW_NAME);
	int rc;

	strings_clear(tags);
	strings_clear(meta);
	sqlite3_reset(r->facts);
	sqlite3_bind_int64(r->facts, 1, attr);
	while ((rc = sqlite3_step(r->facts)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(r->facts, 1);
		if (v)
			strings_add(sqlite3_column_int(r->facts, 0) ? meta : tags, v);
	}
	if (rc != SQLITE_DONE)
		return peat_err_set(err, "%s: cannot read the facts of %s: %s", store_path(r->st), name ? name : "?",
				    sqlite3_errmsg(store_db(r->st)));
	for (size_t f = 0; f < sizeof record_fields / sizeof record_fields[0]; f++) {
		const char *v = (const char *)sqlite3_column_text(row, record_fields[f].column);
		if (v && *v)
			strings_add(meta, record_fields[f].field);
	}
	return 0;
}

/* Analyse the card in the current row of `row` (CARD_ROW_COLUMNS) with its
 * model's facts (read_facts). */
static int analyze_row(CardReader *r, sqlite3_stmt *row, CardAnalysis *out, PeatErr *err)
{
	const char *name = (const char *)sqlite3_column_text(row, ROW_NAME);
	memset(out, 0, sizeof *out);
	if (read_facts(r, row, &r->tags, &r->meta, err) < 0)
		return -1;
	const char *body = (const char *)sqlite3_column_text(row, ROW_BODY);
	size_t len = body ? (size_t)sqlite3_column_bytes(row, ROW_BODY) : 0;
	CardFacts facts = {name, (const char *const *)r->tags.v, r->tags.n, (const char *const *)r->meta.v, r->meta.n};
	return card_scorer_analyze(r->sc, body, len, &facts, out, err);
}

/* The card and attribute versions model ?1 holds as of the snapshot at
 * ?2, as a row of CARD_ROW_COLUMNS. */
#define ASOF_CARD_ROW                                                                                    \
	"SELECT " CARD_ROW_COLUMNS " FROM state x JOIN card c ON c.id = x.card_id JOIN attr a ON a.id = x.attr_id" \
	" WHERE x.model_id = ?1 AND x.snapshot_id = " ASOF_SNAPSHOT("?1", "?2")

int card_analyze_model(Store *st, CardScorer *sc, int64_t model, int64_t snapshot_id, CardAnalysis *out,
		       PeatErr *err)
{
	CardReader r;
	memset(out, 0, sizeof *out);
	if (reader_open(&r, st, sc, err) < 0)
		return -1;
	sqlite3_stmt *row = store_prepare(st, ASOF_CARD_ROW, err);
	int rc = row ? 0 : -1;
	if (row) {
		sqlite3_bind_int64(row, 1, model);
		sqlite3_bind_int64(row, 2, store_snapshot_seq(st, snapshot_id));
		int step = sqlite3_step(row);
		if (step == SQLITE_ROW)
			rc = analyze_row(&r, row, out, err) < 0 ? -1 : 1;
		else if (step != SQLITE_DONE)
			rc = store_error(st, err);
		sqlite3_finalize(row);
	}
	reader_close(&r);
	return rc;
}

/* ---- scoring the store ---- */

/* The meta key naming the scorer version every pair a state holds has a
 * verdict of (cards_score_current). */
#define SCORER_META_KEY "card_scorer"

enum score_stmt {
	Q_SCORE,
	Q_DEL_SECTIONS,
	Q_SECTION,
	Q_HAS_SCORE,
	Q_PAIR,
	Q_COUNT
};

static const char *const score_sql[Q_COUNT] = {
	[Q_SCORE] =
		("INSERT OR REPLACE INTO card_score(card_id, attr_id, sections, completeness, metadata, quality, scorer,"
		 " scored_at) VALUES (?1, ?8, ?2, ?3, ?4, ?5, ?6, ?7)"),
	[Q_DEL_SECTIONS] = "DELETE FROM card_section WHERE card_id = ?1",
	[Q_SECTION] = "INSERT INTO card_section(card_id, section, line, evidence) VALUES (?1, ?2, ?3, ?4)",
	[Q_HAS_SCORE] = "SELECT 1 FROM card_score WHERE card_id = ?1 AND attr_id = ?2 AND scorer = ?3",
	[Q_PAIR] = "SELECT " CARD_ROW_COLUMNS " FROM card c, attr a WHERE c.id = ?1 AND a.id = ?2",
};

/* The pairs of snapshot ?1's listed models (every state's for ?1 < 0), in
 * the order of the card table; with ?2 > 0 only those without a verdict of
 * scorer version ?2. */
static const char pairs_sql[] =
	"SELECT " CARD_ROW_COLUMNS " FROM (" ASOF_CARD_PAIRS ") k CROSS JOIN card c CROSS JOIN attr a"
	" WHERE c.id = k.card_id AND a.id = k.attr_id AND (?2 <= 0 OR NOT EXISTS (SELECT 1 FROM card_score s"
	" WHERE s.card_id = c.id AND s.attr_id = a.id AND s.scorer = ?2)) ORDER BY c.id, a.id";

/* Verdicts are made in batches, on as many threads as there are cores (at
 * most SCORE_THREADS_MAX), each with a scorer of its own: the analysis is
 * nine tenths of the work, and reading and writing rows stays on the
 * connection's thread between batches. A batch holds copies of what its
 * analyses read, at most BATCH_JOBS pairs and about BATCH_BYTES of cards. */
#define BATCH_JOBS 256
#define BATCH_BYTES (16u << 20)
#define SCORE_THREADS_MAX 8
#define PARALLEL_MIN 16 /* smaller batches (a sync's page) stay on one thread */

/* One pair to score, with copies of the card and its model's facts. */
typedef struct ScoreJob {
	int64_t card, attr;
	StrBuf name, body;
	Strings tags, meta;
	CardAnalysis a;
	int failed;
	PeatErr err;
} ScoreJob;

typedef struct ScoreWriter ScoreWriter;

typedef struct ScoreThread {
	ScoreWriter *w;
	CardScorer *sc;
	pthread_t tid;
} ScoreThread;

/* What writing verdicts needs, inside a transaction: the statements, a
 * reader (facts), the batch and its threads, the time the verdicts are
 * dated, and the progress of the pairs written. */
struct ScoreWriter {
	Store *st;
	sqlite3_stmt *q[Q_COUNT];
	CardReader reader;
	char scored_at[32];
	ScoreJob *jobs;
	size_t njobs, bytes;
	atomic_size_t next;
	ScoreThread threads[SCORE_THREADS_MAX];
	int nthreads;
	const Progress *progress;
	const char *what;
	int64_t total, written, passed; /* passed: had a verdict already */
};

static int writer_open(ScoreWriter *w, Store *st, const Progress *progress, const char *what, int64_t total,
		       PeatErr *err)
{
	time_t now = time(NULL);
	struct tm tm;
	memset(w, 0, sizeof *w);
	w->st = st;
	w->progress = progress;
	w->what = what;
	w->total = total;
	gmtime_r(&now, &tm);
	strftime(w->scored_at, sizeof w->scored_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	w->nthreads = cores < 1 ? 1 : cores > SCORE_THREADS_MAX ? SCORE_THREADS_MAX : (int)cores;
	w->jobs = xcalloc(BATCH_JOBS, sizeof *w->jobs);
	for (int i = 0; i < Q_COUNT; i++)
		if (!(w->q[i] = store_prepare(st, score_sql[i], err)))
			return -1;
	if (reader_open(&w->reader, st, NULL, err) < 0)
		return -1;
	w->threads[0].sc = w->reader.sc;
	return 0;
}

static void writer_close(ScoreWriter *w)
{
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(w->q[i]);
	for (int t = 1; t < w->nthreads; t++)
		card_scorer_free(w->threads[t].sc);
	if (w->reader.facts)
		reader_close(&w->reader);
	for (size_t i = 0; w->jobs && i < BATCH_JOBS; i++) {
		ScoreJob *j = &w->jobs[i];
		sb_free(&j->name);
		sb_free(&j->body);
		strings_free(&j->tags);
		strings_free(&j->meta);
		card_analysis_free(&j->a);
	}
	free(w->jobs);
	memset(w, 0, sizeof *w);
}
static int step_write(sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int save_analysis(sqlite3_stmt *const q[Q_COUNT], int64_t card, int64_t attr, const CardAnalysis *a,
			 const char *scored_at)
{
	sqlite3_stmt *s = q[Q_SCORE];
	sqlite3_bind_int64(s, 1, card);
	sqlite3_bind_int64(s, 8, attr);
	sqlite3_bind_int64(s, 2, a->sections);
	sqlite3_bind_int(s, 3, a->completeness);
	sqlite3_bind_double(s, 4, a->metadata);
	sqlite3_bind_double(s, 5, a->quality);
	sqlite3_bind_int(s, 6, CARDSEC_SCORER_VERSION);
	sqlite3_bind_text(s, 7, scored_at, -1, SQLITE_STATIC);
	if (step_write(s) < 0)
		return -1;
	sqlite3_bind_int64(q[Q_DEL_SECTIONS], 1, card);
	if (step_write(q[Q_DEL_SECTIONS]) < 0)
		return -1;
	for (int i = 0; i < SEC_COUNT; i++) {
		if (!(a->sections & (1u << i)))
			continue;
		s = q[Q_SECTION];
		sqlite3_bind_int64(s, 1, card);
		sqlite3_bind_text(s, 2, section_names[i], -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 3, a->line[i]);
		sqlite3_bind_text(s, 4, a->evidence[i], -1, SQLITE_TRANSIENT);
		if (step_write(s) < 0)
			return -1;
	}
	return 0;
}

/* Analyse the batch's jobs, taking the next one until none is left. */
static void run_jobs(ScoreWriter *w, CardScorer *sc)
{
	size_t i;
	while ((i = atomic_fetch_add(&w->next, 1)) < w->njobs) {
		ScoreJob *j = &w->jobs[i];
		CardFacts facts = {sb_str(&j->name), (const char *const *)j->tags.v, j->tags.n,
				   (const char *const *)j->meta.v, j->meta.n};
		peat_err_clear(&j->err);
		j->failed = card_scorer_analyze(sc, j->body.data, j->body.len, &facts, &j->a, &j->err) < 0;
	}
}

static void *score_thread(void *arg)
{
	ScoreThread *t = arg;
	run_jobs(t->w, t->sc);
	return NULL;
}

/* Analyse the batch (on the threads when it is large enough; a thread
 * that cannot start leaves its share to the others) and write its
 * verdicts in order; the first failure is the error. */
static int batch_run(ScoreWriter *w, PeatErr *err)
{
	int started = 1;
	atomic_store(&w->next, 0);
	if (w->njobs >= PARALLEL_MIN)
		for (; started < w->nthreads; started++) {
			ScoreThread *t = &w->threads[started];
			if (!t->sc)
				t->sc = card_scorer_new();
			t->w = w;
			if (pthread_create(&t->tid, NULL, score_thread, t) != 0)
				break;
		}
	run_jobs(w, w->threads[0].sc);
	for (int t = 1; t < started; t++)
		pthread_join(w->threads[t].tid, NULL);
	int rc = 0;
	for (size_t i = 0; i < w->njobs; i++) {
		ScoreJob *j = &w->jobs[i];
		if (rc == 0 && j->failed)
			rc = peat_err_set(err, "%s", j->err.msg);
		else if (rc == 0 && save_analysis(w->q, j->card, j->attr, &j->a, w->scored_at) < 0)
			rc = peat_err_set(err, "%s: cannot store the card score of %s: %s", store_path(w->st),
					  sb_str(&j->name), sqlite3_errmsg(store_db(w->st)));
		card_analysis_free(&j->a);
		if (rc == 0) {
			w->written++;
			progress_report(w->progress, w->what, w->written + w->passed, w->total, w->written);
		}
	}
	w->njobs = 0;
	w->bytes = 0;
	return rc;
}

/* Queue the pair in the current row of `row` (CARD_ROW_COLUMNS), running
 * the batch when it is full. */
static int writer_score(ScoreWriter *w, sqlite3_stmt *row, PeatErr *err)
{
	ScoreJob *j = &w->jobs[w->njobs];
	const char *name = (const char *)sqlite3_column_text(row, ROW_NAME);
	const char *body = (const char *)sqlite3_column_text(row, ROW_BODY);
	size_t len = body ? (size_t)sqlite3_column_bytes(row, ROW_BODY) : 0;
	if (read_facts(&w->reader, row, &j->tags, &j->meta, err) < 0)
		return -1;
	j->card = sqlite3_column_int64(row, ROW_CARD);
	j->attr = sqlite3_column_int64(row, ROW_ATTR);
	sb_reset(&j->name);
	sb_puts(&j->name, name ? name : "?");
	sb_reset(&j->body);
	if (len)
		sb_add(&j->body, body, len);
	w->njobs++;
	w->bytes += len;
	return w->njobs == BATCH_JOBS || w->bytes >= BATCH_BYTES ? batch_run(w, err) : 0;
}

/* Run what is queued: the end of a writer's work. */
static int writer_flush(ScoreWriter *w, PeatErr *err)
{
	return w->njobs ? batch_run(w, err) : 0;
}

/* Whether the pair has a verdict of the current rules: 1, 0, -1 on error. */
static int pair_scored(ScoreWriter *w, int64_t card, int64_t attr, PeatErr *err)
{
	sqlite3_stmt *s = w->q[Q_HAS_SCORE];
	sqlite3_bind_int64(s, 1, card);
	sqlite3_bind_int64(s, 2, attr);
	sqlite3_bind_int(s, 3, CARDSEC_SCORER_VERSION);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_error(w->st, err);
	return rc == SQLITE_ROW;
}

/* Queue one pair unless it has a current verdict or its versions are gone
 * (dropped unused in the transaction). */
static int score_pair(ScoreWriter *w, int64_t card, int64_t attr, PeatErr *err)
{
	int has = pair_scored(w, card, attr, err);
	if (has != 0) {
		w->passed++;
		return has < 0 ? -1 : 0;
	}
	sqlite3_stmt *row = w->q[Q_PAIR];
	sqlite3_bind_int64(row, 1, card);
	sqlite3_bind_int64(row, 2, attr);
	int rc = sqlite3_step(row);
	if (rc == SQLITE_ROW)
		rc = writer_score(w, row, err);
	else if (rc == SQLITE_DONE)
		rc = 0, w->passed++;
	else
		rc = store_error(w->st, err);
	sqlite3_reset(row);
	return rc;
}

static int compare_pairs(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;
	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return x[1] < y[1] ? -1 : x[1] > y[1];
}

int cards_score_new(Store *st, const Progress *progress, int64_t *scored, PeatErr *err)
{
	int64_t *pairs;
	size_t n, kept = 0;
	ScoreWriter w;

	if (scored)
		*scored = 0;
	if (store_take_card_pairs(st, &pairs, &n, err) < 0)
		return -1;
	if (n == 0)
		return 0;
	/* In the card table's order, each pair once. */
	qsort(pairs, n, 2 * sizeof *pairs, compare_pairs);
	for (size_t i = 0; i < n; i++)
		if (!kept || compare_pairs(pairs + 2 * i, pairs + 2 * (kept - 1)) != 0) {
			pairs[2 * kept] = pairs[2 * i];
			pairs[2 * kept + 1] = pairs[2 * i + 1];
			kept++;
		}
	int rc = writer_open(&w, st, progress, "cards: scoring", (int64_t)kept, err);
	for (size_t i = 0; i < kept && rc == 0; i++)
		rc = score_pair(&w, pairs[2 * i], pairs[2 * i + 1], err);
	if (rc == 0)
		rc = writer_flush(&w, err);
	int64_t done = w.written;
	writer_close(&w);
	free(pairs);
	if (rc == 0) {
		store_add_scored(st, done);
		if (scored)
			*scored = done;
	}
	return rc;
}

static int64_t count_pairs(Store *st, int64_t snapshot_id, int only_outdated)
{
	sqlite3_stmt *stmt = store_prepare(st,
					   "SELECT count(*) FROM (" ASOF_CARD_PAIRS ") k WHERE ?2 <= 0 OR NOT EXISTS"
					   " (SELECT 1 FROM card_score s WHERE s.card_id = k.card_id"
					   " AND s.attr_id = k.attr_id AND s.scorer = ?2)",
					   NULL);
	int64_t n = -1;
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, snapshot_id);
	sqlite3_bind_int(stmt, 2, only_outdated ? CARDSEC_SCORER_VERSION : 0);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

/* Scoring reads every card body once. Through a memory map SQLite reads
 * the pages in place instead of copying each into its cache: a fifth less
 * time for `peat cards score` on the 16,241 hub-2022-02 cards. Returns the
 * connection's setting, which mmap_restore() puts back. */
static int64_t mmap_for_scan(Store *st)
{
	int64_t old = store_query_int(st, "PRAGMA mmap_size", 0, 0);
	/* SQLite caps the size at its compile-time maximum. */
	store_exec(st, "PRAGMA mmap_size = 1073741824", NULL);
	return old;
}

static void mmap_restore(Store *st, int64_t old)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA mmap_size = %lld", (long long)old);
	store_exec(st, sql, NULL);
}

static int snapshot_exists(Store *st, int64_t snapshot_id)
{
	return store_query_int(st, "SELECT 1 FROM snapshot WHERE id = ?1", snapshot_id, 0) == 1;
}

/* Score the pairs of snapshot_id's listed models (every state's for < 0),
 * with only_outdated those without a current verdict, in one transaction
 * of its own; a pass over every state's pairs records in the store's meta
 * table that they all have current verdicts. */
static int score_pairs(Store *st, int64_t snapshot_id, int only_outdated, const Progress *progress,
		       int64_t *scored, PeatErr *err)
{
	ScoreWriter w;
	sqlite3_stmt *pairs = NULL;
	int64_t done = 0;
	int rc = -1;

	if (scored)
		*scored = 0;
	/* Counting reads every card's pages too: only for a progress report. */
	int64_t total = progress && progress->report ? count_pairs(st, snapshot_id, only_outdated) : -1;
	int64_t mmap_old = mmap_for_scan(st);
	if (store_begin(st, err) < 0) {
		mmap_restore(st, mmap_old);
		progress_finish(progress);
		return -1;
	}
	if (writer_open(&w, st, progress, "cards", total, err) < 0 || !(pairs = store_prepare(st, pairs_sql, err)))
		goto out;
	sqlite3_bind_int64(pairs, 1, snapshot_id);
	sqlite3_bind_int(pairs, 2, only_outdated ? CARDSEC_SCORER_VERSION : 0);
	int step;
	while ((step = sqlite3_step(pairs)) == SQLITE_ROW)
		if (writer_score(&w, pairs, err) < 0)
			goto out;
	if (step != SQLITE_DONE) {
		peat_err_set(err, "%s: cannot read the cards: %s", store_path(st), sqlite3_errmsg(store_db(st)));
		goto out;
	}
	if (writer_flush(&w, err) < 0)
		goto out;
	done = w.written;
	if (snapshot_id < 0 && store_set_meta(st, SCORER_META_KEY, CARDSEC_SCORER_VERSION_TEXT, err) < 0)
		goto out;
	store_add_scored(st, done);
	rc = 0;
out:
	sqlite3_finalize(pairs);
	writer_close(&w);
	if (rc == 0 && store_commit(st, err) < 0)
		rc = -1;
	if (rc < 0)
		store_rollback(st);
	else if (scored)
		*scored = done;
	mmap_restore(st, mmap_old);
	progress_finish(progress);
	return rc;
}

int cards_score_store(Store *st, int64_t snapshot_id, const Progress *progress, int64_t *scored,
		      PeatErr *err)
{
	if (snapshot_id >= 0 && !snapshot_exists(st, snapshot_id)) {
		if (scored)
			*scored = 0;
		peat_err_set(err, "%s: snapshot #%lld is not in the store", store_path(st), (long long)snapshot_id);
		progress_finish(progress);
		return -1;
	}
	return score_pairs(st, snapshot_id, 0, progress, scored, err);
}

int cards_score_current(Store *st, const Progress *progress, int64_t *scored, PeatErr *err)
{
	if (scored)
		*scored = 0;
	char *version = store_get_meta(st, SCORER_META_KEY);
	int current = version && strcmp(version, CARDSEC_SCORER_VERSION_TEXT) == 0;
	free(version);
	if (current)
		return 0;
	return score_pairs(st, -1, 1, progress, scored, err);
}

int card_load(Store *st, int64_t model, int64_t snapshot_id, char **body, size_t *len, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT body FROM card WHERE id = " ASOF_COLUMN("card_id", "?1", "?2"), err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, model);
	sqlite3_bind_int64(stmt, 2, store_snapshot_seq(st, snapshot_id));
	*body = NULL;
	*len = 0;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
		*len = (size_t)sqlite3_column_bytes(stmt, 0);
		*body = xstrndup((const char *)sqlite3_column_text(stmt, 0), *len);
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_error(st, err);
	}
	sqlite3_finalize(stmt);
	return *body ? 1 : rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

Table *card_sections_table(const char *model_id, const CardAnalysis *a)
{
	Table *t = table_new(NULL);
	table_set_name(t, "sections");
	if (a) {
		table_title_text(t, "%s: ", model_id);
		table_title_value(t, COL_GAUGE, a->completeness);
		table_title_text(t, ", metadata %.2f, quality %.2f", a->metadata, a->quality);
	} else {
		table_title_text(t, "%s: no card stored", model_id);
	}
	table_add_column(t, "section", COL_TEXT);
	table_add_column(t, "present", COL_BOOL);
	table_add_column(t, "from", COL_TEXT);
	table_add_column(t, "line", COL_INT);
	table_add_column(t, "evidence", COL_TEXT);
	table_add_column(t, "content evidence", COL_TEXT);
	for (int s = 0; s < SEC_COUNT; s++) {
		size_t r = table_add_row(t);
		int present = a && ((a->sections >> s) & 1);
		table_set(t, r, 0, card_section_title((CardSection)s));
		table_set_int(t, r, 1, present);
		if (!present)
			continue;
		table_set(t, r, 2, card_evidence_kind_name(a->kind[s]));
		table_set_int(t, r, 3, a->line[s]);
		table_set(t, r, 4, a->evidence[s]);
		/* A heading and content both show it: what the content says too. */
		if (a->kind[s] == CARD_EVIDENCE_BOTH) {
			StrBuf c = {0};
			sb_printf(&c, "line %d: %s", a->content_line[s], a->content_evidence[s]);
			table_set(t, r, 5, sb_str(&c));
			sb_free(&c);
		}
	}
	if (a && a->yaml_problem[0])
		table_add_note(t, "line %d: front matter: %s", a->yaml_problem_line, a->yaml_problem);
	return t;
}
