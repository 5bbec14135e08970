/* SPDX-License-Identifier: MIT */
/* cardcontent.c - content evidence for the card sections (see
 * cardcontent.h; the rules are documented in cardsec.h).
 *
 * A block's text is cut into words (ASCII letters and digits, letters of
 * other scripts; everything else separates) and the words are matched
 * against the cue tables below, case-insensitively, whole words unless a
 * cue word ends in '*' (a stem). Blockers run first and blank words:
 * placeholders and "None dataset" where they stand, a pointer elsewhere
 * from its cue to the end of the sentence, a credit or call to action that
 * opens a sentence the whole sentence. The other cues are then read on the
 * words left, sentence by sentence, and line by line for "Label: value"
 * lines (table rows: the first cell is the label). */
#include "cardcontent.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strbuf.h"
#include "text.h"

/* A "Label:" has at most this many words. */
#define LABEL_MAX_WORDS 5
/* A table cell of fewer words is a name or a value, not a statement. */
#define TABLE_PROSE_WORDS 4
/* A credit ("Built by Jane Doe") is a sentence of at most this many words;
 * a longer one says more. */
#define CREDIT_MAX_WORDS 8
#define CUE_MAX_WORDS 24 /* the longest template sentence */
#define CUE_BUCKETS 1024

const char *const content_placeholder_phrases[] = {
	"This modelcard aims to be a base template for new models",
	"It has been generated using this raw template",
	/* One phrase over two lines: the parentheses tell clang
	 * (-Wstring-concatenation) that no comma is missing. */
	("Users (both direct and downstream) should be made aware of the risks, "
	 "biases and limitations of the model"),
	"More information needed for further recommendations",
	"Use the code below to get started with the model",
	"These results were obtained on HARDWARE_NAME",
	"More Information Needed",
	"More information is needed",
	"More info needed",
	"Needs more information",
	"optional",
	"TBD",
	"TBA",
	"To be added",
	"To be determined",
	"To be announced",
	"Coming soon",
	"N/A",
	"TODO",
	"WIP",
	NULL,
};

enum cp_class content_cp_class(uint32_t cp)
{
	if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x1F000 && cp <= 0x1FAFF) ||
	    (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x3000 && cp <= 0x303F) ||
	    (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xE000 && cp <= 0xF8FF) ||
	    cp == 0x00A0 || cp == 0xFEFF || cp == 0xFFFD || (cp >= 0x80 && cp <= 0xBF) ||
	    cp == 0xD7 || cp == 0xF7)
		return CP_SEPARATOR;
	if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
	    (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF))
		return CP_SOLO;
	return CP_LETTER;
}

/* ---- cue tables ---- */

typedef enum {
	/* Blockers, applied in this order before anything else is read. */
	CUE_BLANK,   /* template text: its words are no content */
	CUE_FALSE,   /* false friends: "None dataset", "full precision" */
	CUE_POINTER, /* sends the reader elsewhere: blank to the end of the sentence */
	CUE_OPENER,  /* a call to action opening a sentence: blank it all */
	CUE_CREDIT,  /* a credit opening a short sentence: blank it all */
	/* Evidence. */
	CUE_TRAIN,   /* a statement of training: trained, fine-tuned, ... */
	CUE_DATA,    /* what it was trained on: dataset, corpus, tweets, ... */
	CUE_PROC,    /* how: epochs, learning rate, pre-processing, ... */
	CUE_METRIC,  /* a measure of quality: accuracy, F1, BLEU, loss, ... */
	CUE_RESULT,  /* what results come from: test set, benchmark, evaluation */
	CUE_ACHIEVE, /* a result stated: achieves, reaches, scored */
	CUE_LIMIT,   /* limitations, biases, risks, uses to avoid */
	CUE_HOWTO,   /* instructions to the reader on using the model */
	CUE_COPULA,  /* "is a", "this is", "version of": with CUE_KIND, what it is */
	CUE_KIND,    /* model, checkpoint, adapter, tokenizer, ... */
	CUE_PURPOSE, /* what it is for: "model for", "designed to", ... */
	CUE_TASK,    /* a task: translation, question answering, ... */
	CUE_STOCK,   /* the Trainer's "fine-tuned version of X on Y": training only */
	CUE_TABLE_HEAD, /* a table column of results: score, result, metric, ... */
	CUE_KINDS
} CueKind;

typedef struct CueText {
	CueKind kind;
	const char *text; /* written naturally; '*' ends a stem */
} CueText;

static const CueText cue_texts[] = {
	{CUE_FALSE, "the None dataset"}, {CUE_FALSE, "None dataset"}, {CUE_FALSE, "an unknown dataset"},
	{CUE_FALSE, "unknown dataset"}, {CUE_FALSE, "finetuned from model"},
	{CUE_FALSE, "fine tuned from model"}, {CUE_FALSE, "trained using AutoTrain"},
	{CUE_FALSE, "full precision"}, {CUE_FALSE, "half precision"}, {CUE_FALSE, "mixed precision"},
	{CUE_FALSE, "single precision"}, {CUE_FALSE, "double precision"}, {CUE_FALSE, "not limited to"},
	{CUE_FALSE, "did not write a model card for this model"}, {CUE_FALSE, "this model card has been written by"},

	{CUE_POINTER, "see"}, {CUE_POINTER, "visit"}, {CUE_POINTER, "refer to"}, {CUE_POINTER, "check out"},
	{CUE_POINTER, "for more"}, {CUE_POINTER, "for further"}, {CUE_POINTER, "for details"},
	{CUE_POINTER, "to know more"}, {CUE_POINTER, "to learn more"}, {CUE_POINTER, "learn more"},
	{CUE_POINTER, "read more"}, {CUE_POINTER, "find more"}, {CUE_POINTER, "more information"},
	{CUE_POINTER, "more details"}, {CUE_POINTER, "more info"}, {CUE_POINTER, "can be found"},
	{CUE_POINTER, "is available at"}, {CUE_POINTER, "are available at"}, {CUE_POINTER, "please cite"},
	{CUE_POINTER, "if you use"}, {CUE_POINTER, "if you find"},

	{CUE_CREDIT, "built by"}, {CUE_CREDIT, "made by"}, {CUE_CREDIT, "created by"},
	{CUE_CREDIT, "maintained by"}, {CUE_CREDIT, "written by"}, {CUE_CREDIT, "authored by"},
	{CUE_CREDIT, "contributed by"}, {CUE_CREDIT, "brought to you by"}, {CUE_CREDIT, "powered by"},
	{CUE_CREDIT, "model by"}, {CUE_CREDIT, "card by"}, {CUE_CREDIT, "thanks to"},
	{CUE_CREDIT, "autogenerated by"}, {CUE_CREDIT, "generated by"},

	{CUE_OPENER, "give a thumbs up"},
	{CUE_OPENER, "contact us"}, {CUE_OPENER, "request access"}, {CUE_OPENER, "join"},
	{CUE_OPENER, "follow us"}, {CUE_OPENER, "report any issues"}, {CUE_OPENER, "create your own"},
	{CUE_OPENER, "read the"}, {CUE_OPENER, "please check"},

	{CUE_TRAIN, "trained"}, {CUE_TRAIN, "training"}, {CUE_TRAIN, "fine tuned"}, {CUE_TRAIN, "finetuned"},
	{CUE_TRAIN, "fine tuning"}, {CUE_TRAIN, "finetuning"}, {CUE_TRAIN, "pretrained"},
	{CUE_TRAIN, "pre trained"}, {CUE_TRAIN, "pretraining"}, {CUE_TRAIN, "pre training"},

	{CUE_DATA, "dataset*"}, {CUE_DATA, "data"}, {CUE_DATA, "corpus"}, {CUE_DATA, "corpora"},
	{CUE_DATA, "training set"}, {CUE_DATA, "train set"}, {CUE_DATA, "training split"},
	{CUE_DATA, "texts"}, {CUE_DATA, "of text"}, {CUE_DATA, "tweets"}, {CUE_DATA, "images"},
	{CUE_DATA, "photos"}, {CUE_DATA, "photo"}, {CUE_DATA, "pictures"}, {CUE_DATA, "samples"},
	{CUE_DATA, "sentences"}, {CUE_DATA, "documents"}, {CUE_DATA, "pairs"}, {CUE_DATA, "conversations"},
	{CUE_DATA, "dialogues"}, {CUE_DATA, "instructions"}, {CUE_DATA, "hours of"}, {CUE_DATA, "tokens"},
	{CUE_DATA, "articles"}, {CUE_DATA, "reviews"}, {CUE_DATA, "wikipedia"}, {CUE_DATA, "common crawl"},
	{CUE_DATA, "books"}, {CUE_DATA, "recordings"}, {CUE_DATA, "utterances"}, {CUE_DATA, "questions"},

	{CUE_PROC, "epoch*"}, {CUE_PROC, "learning rate"}, {CUE_PROC, "batch size"}, {CUE_PROC, "optimizer"},
	{CUE_PROC, "warmup"}, {CUE_PROC, "steps"}, {CUE_PROC, "hyperparameter*"}, {CUE_PROC, "hyper parameter*"},
	{CUE_PROC, "weight decay"}, {CUE_PROC, "gradient accumulation"}, {CUE_PROC, "pre processing"},
	{CUE_PROC, "preprocessing"}, {CUE_PROC, "objective"}, {CUE_PROC, "co2 emissions"},
	{CUE_PROC, "carbon emissions"}, {CUE_PROC, "compute"}, {CUE_PROC, "gpu hours"},

	{CUE_METRIC, "accura*"}, {CUE_METRIC, "acc"}, {CUE_METRIC, "f1"}, {CUE_METRIC, "precision"}, {CUE_METRIC, "prec"},
	{CUE_METRIC, "recall"}, {CUE_METRIC, "bleu"}, {CUE_METRIC, "sacrebleu"}, {CUE_METRIC, "chrf"},
	{CUE_METRIC, "chr f"}, {CUE_METRIC, "rouge*"}, {CUE_METRIC, "wer"}, {CUE_METRIC, "cer"},
	{CUE_METRIC, "perplexity"}, {CUE_METRIC, "ppl"}, {CUE_METRIC, "exact match"}, {CUE_METRIC, "auc"},
	{CUE_METRIC, "mae"}, {CUE_METRIC, "mse"}, {CUE_METRIC, "rmse"}, {CUE_METRIC, "mrr"},
	{CUE_METRIC, "ndcg"}, {CUE_METRIC, "spearman"}, {CUE_METRIC, "pearson"}, {CUE_METRIC, "mcc"},
	{CUE_METRIC, "matthews"}, {CUE_METRIC, "loss"}, {CUE_METRIC, "iou"}, {CUE_METRIC, "miou"},
	{CUE_METRIC, "psnr"}, {CUE_METRIC, "ssim"}, {CUE_METRIC, "fid"}, {CUE_METRIC, "meteor"},
	{CUE_METRIC, "bertscore"}, {CUE_METRIC, "error rate"}, {CUE_METRIC, "win rate"}, {CUE_METRIC, "kappa"},
	{CUE_METRIC, "score"}, {CUE_METRIC, "scores"}, {CUE_METRIC, "map"}, {CUE_METRIC, "sdr"},
	{CUE_METRIC, "si sdr"}, {CUE_METRIC, "stoi"}, {CUE_METRIC, "pesq"}, {CUE_METRIC, "r2"},
	{CUE_METRIC, "mape"}, {CUE_METRIC, "si snr*"}, {CUE_METRIC, "sdri"}, {CUE_METRIC, "top 1"}, {CUE_METRIC, "top 5"}, {CUE_METRIC, "pass 1"},

	{CUE_RESULT, "test set*"}, {CUE_RESULT, "testset*"}, {CUE_RESULT, "evaluation set"},
	{CUE_RESULT, "eval set"}, {CUE_RESULT, "validation set"}, {CUE_RESULT, "dev set"},
	{CUE_RESULT, "development set"}, {CUE_RESULT, "held out"}, {CUE_RESULT, "test split"},
	{CUE_RESULT, "benchmark*"}, {CUE_RESULT, "leaderboard"}, {CUE_RESULT, "evaluat*"},
	{CUE_ACHIEVE, "results"}, {CUE_ACHIEVE, "achieves"}, {CUE_ACHIEVE, "achieved"}, {CUE_ACHIEVE, "reaches"},
	{CUE_ACHIEVE, "obtains"}, {CUE_ACHIEVE, "scored"}, {CUE_ACHIEVE, "outperforms"},

	{CUE_LIMIT, "limitation*"}, {CUE_LIMIT, "limited to"}, {CUE_LIMIT, "limited by"},
	{CUE_LIMIT, "is limited"}, {CUE_LIMIT, "are limited"}, {CUE_LIMIT, "bias"}, {CUE_LIMIT, "biases"},
	{CUE_LIMIT, "biased"}, {CUE_LIMIT, "stereotyp*"}, {CUE_LIMIT, "toxic*"}, {CUE_LIMIT, "offensive"},
	{CUE_LIMIT, "harmful"}, {CUE_LIMIT, "harms"}, {CUE_LIMIT, "discrimination"},
	{CUE_LIMIT, "discriminatory"}, {CUE_LIMIT, "hallucinat*"},
	{CUE_LIMIT, "misinformation"}, {CUE_LIMIT, "inaccura*"}, {CUE_LIMIT, "unreliable"},
	{CUE_LIMIT, "not reliable"}, {CUE_LIMIT, "risk"}, {CUE_LIMIT, "risks"}, {CUE_LIMIT, "misuse"},
	{CUE_LIMIT, "ethical"}, {CUE_LIMIT, "caution"}, {CUE_LIMIT, "no warranty"},
	{CUE_LIMIT, "without warranty"}, {CUE_LIMIT, "not perfect"}, {CUE_LIMIT, "falls short"},
	{CUE_LIMIT, "fall short"}, {CUE_LIMIT, "not be used"}, {CUE_LIMIT, "do not use"},
	{CUE_LIMIT, "don t use"}, {CUE_LIMIT, "not intended"}, {CUE_LIMIT, "not designed"},
	{CUE_LIMIT, "not suitable"}, {CUE_LIMIT, "not recommended"}, {CUE_LIMIT, "not meant"},
	{CUE_LIMIT, "out of scope"}, {CUE_LIMIT, "does not work"}, {CUE_LIMIT, "doesn t work"},
	{CUE_LIMIT, "do not work"}, {CUE_LIMIT, "will not work"}, {CUE_LIMIT, "won t work"},
	{CUE_LIMIT, "not work with"}, {CUE_LIMIT, "not generalize"}, {CUE_LIMIT, "unable to"},
	{CUE_LIMIT, "might vary"}, {CUE_LIMIT, "may vary"}, {CUE_LIMIT, "only useful"},
	{CUE_LIMIT, "weakness*"}, {CUE_LIMIT, "shortcoming*"}, {CUE_LIMIT, "drawback*"}, {CUE_LIMIT, "unsafe"},
	{CUE_LIMIT, "inappropriate"},

	{CUE_HOWTO, "you can use"}, {CUE_HOWTO, "you can load"}, {CUE_HOWTO, "you can run"},
	{CUE_HOWTO, "you can try"}, {CUE_HOWTO, "you can ask"}, {CUE_HOWTO, "you can download"},
	{CUE_HOWTO, "you can fine tune"}, {CUE_HOWTO, "you can follow"}, {CUE_HOWTO, "you can query"},
	{CUE_HOWTO, "you can call"}, {CUE_HOWTO, "you need to"}, {CUE_HOWTO, "you have to"},
	{CUE_HOWTO, "you should use"}, {CUE_HOWTO, "users can"}, {CUE_HOWTO, "user can"},
	{CUE_HOWTO, "can be used"}, {CUE_HOWTO, "to use this model"}, {CUE_HOWTO, "to use the model"},
	{CUE_HOWTO, "how to use"}, {CUE_HOWTO, "how to run"}, {CUE_HOWTO, "how to fine tune"},
	{CUE_HOWTO, "how to load"}, {CUE_HOWTO, "prompt format"}, {CUE_HOWTO, "prompt template"},
	{CUE_HOWTO, "input format"}, {CUE_HOWTO, "intended to be used"}, {CUE_HOWTO, "intended for"},
	{CUE_HOWTO, "can be fine tuned"}, {CUE_HOWTO, "run the following"}, {CUE_HOWTO, "usage example"},
	{CUE_HOWTO, "example usage"},

	{CUE_COPULA, "is a"}, {CUE_COPULA, "is an"}, {CUE_COPULA, "is the"}, {CUE_COPULA, "this is"},
	{CUE_COPULA, "these are"}, {CUE_COPULA, "are a"}, {CUE_COPULA, "we are sharing"},
	{CUE_COPULA, "we provide"}, {CUE_COPULA, "we release"}, {CUE_COPULA, "we present"},
	{CUE_COPULA, "we introduce"}, {CUE_COPULA, "provides a"}, {CUE_COPULA, "provides an"},
	{CUE_COPULA, "repository contains"}, {CUE_COPULA, "repo contains"}, {CUE_COPULA, "repository provides"}, {CUE_COPULA, "based on"},
	{CUE_COPULA, "derived from"}, {CUE_COPULA, "version of"},

	{CUE_KIND, "model"}, {CUE_KIND, "models"}, {CUE_KIND, "version"}, {CUE_KIND, "versions"},
	{CUE_KIND, "checkpoint*"}, {CUE_KIND, "transformer*"}, {CUE_KIND, "adapter*"}, {CUE_KIND, "lora"},
	{CUE_KIND, "network"}, {CUE_KIND, "classifier"}, {CUE_KIND, "tokenizer"}, {CUE_KIND, "system"},
	{CUE_KIND, "llm"}, {CUE_KIND, "encoder"}, {CUE_KIND, "decoder"}, {CUE_KIND, "embedding*"},
	{CUE_KIND, "detector"}, {CUE_KIND, "generator"}, {CUE_KIND, "chatbot"}, {CUE_KIND, "assistant"},
	{CUE_KIND, "agent"}, {CUE_KIND, "variant"}, {CUE_KIND, "reproduction"}, {CUE_KIND, "quantiz*"},
	{CUE_KIND, "merge"}, {CUE_KIND, "gguf"}, {CUE_KIND, "weights"},

	{CUE_PURPOSE, "model for"}, {CUE_PURPOSE, "models for"}, {CUE_PURPOSE, "model to"},
	{CUE_PURPOSE, "model that"}, {CUE_PURPOSE, "model which"}, {CUE_PURPOSE, "designed to"},
	{CUE_PURPOSE, "designed for"}, {CUE_PURPOSE, "aims to"}, {CUE_PURPOSE, "able to"},
	{CUE_PURPOSE, "capable of"}, {CUE_PURPOSE, "used for"}, {CUE_PURPOSE, "specialized in"},
	{CUE_PURPOSE, "specialised in"}, {CUE_PURPOSE, "optimized for"}, {CUE_PURPOSE, "downstream task"},
	{CUE_PURPOSE, "it maps"}, {CUE_PURPOSE, "model answers"}, {CUE_PURPOSE, "model generates"},
	{CUE_PURPOSE, "model classifies"}, {CUE_PURPOSE, "model translates"}, {CUE_PURPOSE, "model predicts"},
	{CUE_PURPOSE, "model detects"}, {CUE_PURPOSE, "model identifies"}, {CUE_PURPOSE, "model extracts"},
	{CUE_PURPOSE, "model summarizes"}, {CUE_PURPOSE, "model converts"}, {CUE_PURPOSE, "model produces"},
	{CUE_PURPOSE, "model recognizes"}, {CUE_PURPOSE, "model transcribes"}, {CUE_PURPOSE, "model takes"},

	{CUE_TASK, "question answering"}, {CUE_TASK, "translation"}, {CUE_TASK, "summarization"},
	{CUE_TASK, "summarisation"}, {CUE_TASK, "classification"}, {CUE_TASK, "named entity"},
	{CUE_TASK, "NER"}, {CUE_TASK, "speech recognition"}, {CUE_TASK, "text generation"},
	{CUE_TASK, "text to speech"}, {CUE_TASK, "image generation"}, {CUE_TASK, "text to image"},
	{CUE_TASK, "object detection"}, {CUE_TASK, "segmentation"}, {CUE_TASK, "sentiment analysis"},
	{CUE_TASK, "semantic search"}, {CUE_TASK, "sentence embeddings"}, {CUE_TASK, "code generation"},
	{CUE_TASK, "paraphras*"}, {CUE_TASK, "fill mask"}, {CUE_TASK, "masked language model*"},
	{CUE_TASK, "language model"}, {CUE_TASK, "language models"}, {CUE_TASK, "seq2seq"},
	{CUE_TASK, "text to text"}, {CUE_TASK, "dialect identification"}, {CUE_TASK, "emotion recognition"},
	{CUE_TASK, "token classification"}, {CUE_TASK, "reward model"}, {CUE_TASK, "feature extraction"},
	{CUE_TASK, "source separation"}, {CUE_TASK, "speech separation"}, {CUE_TASK, "speech enhancement"},
	{CUE_TASK, "speech translation"}, {CUE_TASK, "speaker verification"}, {CUE_TASK, "speaker recognition"},
	{CUE_TASK, "audio classification"}, {CUE_TASK, "voice conversion"}, {CUE_TASK, "language identification"},

	{CUE_STOCK, "fine tuned version of"}, {CUE_STOCK, "finetuned version of"},

	{CUE_TABLE_HEAD, "result*"}, {CUE_TABLE_HEAD, "score*"}, {CUE_TABLE_HEAD, "metric*"},
	{CUE_TABLE_HEAD, "eval*"}, {CUE_TABLE_HEAD, "test*"}, {CUE_TABLE_HEAD, "valid*"},
	{CUE_TABLE_HEAD, "benchmark*"}, {CUE_TABLE_HEAD, "performance*"}, {CUE_TABLE_HEAD, "accura*"},
	{CUE_TABLE_HEAD, "glue"},
};
#define N_CUE_TEXTS (sizeof cue_texts / sizeof cue_texts[0])

/* "Label:" names that describe the model (its languages alone do not). */
static const char *const desc_labels[] = {
	"model", "model type", "type", "architecture", "model architecture", "task", "tasks", NULL,
};

/* ---- words ---- */

typedef struct CueWord {
	const char *w; /* lowercase, or as written when exact */
	size_t len;
	int stem;
	int exact; /* written in capitals ("NER"): matches only so, not "ner" in an identifier */
} CueWord;

typedef struct Cue {
	CueKind kind;
	int nwords;
	CueWord words[CUE_MAX_WORDS];
	int next; /* next cue in the same bucket, or -1 */
} Cue;

/* A word of the block being read. */
typedef struct Tok {
	size_t start, end; /* bytes of the block */
	int dead;          /* blanked by a blocker */
	size_t cand;       /* its candidate cues: ContentRules.cand[cand ..] */
	int ncand;
} Tok;

struct ContentRules {
	Cue *cues; /* cue_texts, then content_placeholder_phrases as CUE_BLANK */
	size_t ncues;
	int bucket[CUE_BUCKETS];
	char *pool; /* the cue words, lowercase, NUL-separated */
	StrBuf low; /* the block, ASCII lowercased (same offsets) */
	const char *text;
	Tok *toks;
	size_t ntoks, captoks;
	int *cand; /* cues whose first word a token spells, token by token */
	size_t ncand, capcand;
	size_t min_stem, max_stem; /* lengths of the stems that open cues */
};

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

static int letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The words of s[0..n): calls add(ctx, start, end) for each. */
static void words_of(const char *s, size_t n, void (*add)(void *, size_t, size_t), void *ctx)
{
	size_t i = 0, start = 0;
	int in_word = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t k = 1;
		enum cp_class cls;
		if (c < 0x80) {
			cls = alnum(c) ? CP_LETTER : CP_SEPARATOR;
		} else {
			uint32_t cp;
			k = utf8_decode(s + i, n - i, &cp);
			cls = content_cp_class(cp);
		}
		if (cls == CP_LETTER) {
			if (!in_word)
				start = i;
			in_word = 1;
		} else {
			if (in_word)
				add(ctx, start, i);
			in_word = 0;
			if (cls == CP_SOLO)
				add(ctx, i, i + k);
		}
		i += k;
	}
	if (in_word)
		add(ctx, start, n);
}

static unsigned hash_word(const char *w, size_t n, int stem)
{
	unsigned h = 2166136261u ^ (unsigned)stem;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h % CUE_BUCKETS;
}

typedef struct PatternBuild {
	Cue *cue;
	StrBuf *pool;
	const char *src;
} PatternBuild;

static void add_pattern_word(void *ctx, size_t start, size_t end)
{
	PatternBuild *pb = ctx;
	if (pb->cue->nwords == CUE_MAX_WORDS)
		return; /* never: the tables hold no longer cue */
	CueWord *w = &pb->cue->words[pb->cue->nwords++];
	w->w = (const char *)(uintptr_t)pb->pool->len; /* an offset until the pool is final */
	w->len = end - start;
	w->exact = end - start >= 2;
	for (size_t i = start; i < end; i++)
		w->exact &= pb->src[i] >= 'A' && pb->src[i] <= 'Z';
	for (size_t i = start; i < end; i++)
		sb_putc(pb->pool, w->exact ? pb->src[i] : (char)lower((unsigned char)pb->src[i]));
	sb_putc(pb->pool, '\0');
}

/* Cue i: cue_texts first, then the placeholders (blanks). */
static CueText cue_text(size_t i)
{
	if (i < N_CUE_TEXTS)
		return cue_texts[i];
	return (CueText){CUE_BLANK, content_placeholder_phrases[i - N_CUE_TEXTS]};
}

ContentRules *content_rules_new(void)
{
	ContentRules *cr = xcalloc(1, sizeof *cr);
	StrBuf pool = {0};
	size_t nplaceholders = 0;
	while (content_placeholder_phrases[nplaceholders])
		nplaceholders++;
	cr->ncues = N_CUE_TEXTS + nplaceholders;
	cr->cues = xcalloc(cr->ncues, sizeof *cr->cues);
	for (size_t i = 0; i < CUE_BUCKETS; i++)
		cr->bucket[i] = -1;
	for (size_t i = 0; i < cr->ncues; i++) {
		CueText ct = cue_text(i);
		size_t n = strlen(ct.text);
		int stem = n > 0 && ct.text[n - 1] == '*';
		PatternBuild pb = {&cr->cues[i], &pool, ct.text};
		cr->cues[i].kind = ct.kind;
		words_of(ct.text, stem ? n - 1 : n, add_pattern_word, &pb);
		if (stem && cr->cues[i].nwords)
			cr->cues[i].words[cr->cues[i].nwords - 1].stem = 1;
	}
	cr->pool = sb_take(&pool);
	for (size_t i = 0; i < cr->ncues; i++) {
		Cue *c = &cr->cues[i];
		for (int k = 0; k < c->nwords; k++)
			c->words[k].w = cr->pool + (uintptr_t)c->words[k].w;
		if (c->nwords == 0)
			continue;
		char first[64];
		size_t fl = c->words[0].len < sizeof first ? c->words[0].len : sizeof first - 1;
		for (size_t k = 0; k < fl; k++)
			first[k] = (char)lower((unsigned char)c->words[0].w[k]);
		unsigned h = hash_word(first, fl, c->words[0].stem);
		c->next = cr->bucket[h];
		cr->bucket[h] = (int)i;
		if (c->words[0].stem && (cr->min_stem == 0 || c->words[0].len < cr->min_stem))
			cr->min_stem = c->words[0].len;
		if (c->words[0].stem && c->words[0].len > cr->max_stem)
			cr->max_stem = c->words[0].len;
	}
	return cr;
}

void content_rules_free(ContentRules *cr)
{
	if (!cr)
		return;
	free(cr->pool);
	free(cr->cues);
	sb_free(&cr->low);
	free(cr->toks);
	free(cr->cand);
	free(cr);
}

static void add_token(void *ctx, size_t start, size_t end)
{
	ContentRules *cr = ctx;
	if (cr->ntoks == cr->captoks) {
		cr->captoks = cr->captoks ? cr->captoks * 2 : 256;
		cr->toks = xrealloc(cr->toks, cr->captoks * sizeof *cr->toks);
	}
	cr->toks[cr->ntoks++] = (Tok){start, end, 0, 0, 0};
}

/* Does token t spell cue word w? */
static int word_is(const ContentRules *cr, const Tok *t, const CueWord *w)
{
	size_t n = t->end - t->start;
	if (w->stem ? n < w->len : n != w->len)
		return 0;
	return memcmp((w->exact ? cr->text : cr->low.data) + t->start, w->w, w->len) == 0;
}

/* Does cue c match the words from token i on, within [i, end), all alive? */
static int cue_at(const ContentRules *cr, const Cue *c, size_t i, size_t end)
{
	if (i + (size_t)c->nwords > end)
		return 0;
	for (int k = 0; k < c->nwords; k++)
		if (cr->toks[i + k].dead || !word_is(cr, &cr->toks[i + k], &c->words[k]))
			return 0;
	return 1;
}

/* Call found(ctx, cue, i) for every cue of a kind in `kinds` (bits) that
 * starts at token i. */
typedef void (*CueFound)(void *ctx, const Cue *c, size_t i);

static void cues_at(const ContentRules *cr, size_t i, size_t end, unsigned kinds, CueFound found, void *ctx)
{
	const Tok *t = &cr->toks[i];
	for (int k = 0; k < t->ncand; k++) {
		const Cue *c = &cr->cues[cr->cand[t->cand + (size_t)k]];
		if ((kinds >> c->kind & 1u) && cue_at(cr, c, i, end))
			found(ctx, c, i);
	}
}

static void add_candidate(ContentRules *cr, Tok *t, int cue)
{
	if (cr->ncand == cr->capcand) {
		cr->capcand = cr->capcand ? cr->capcand * 2 : 256;
		cr->cand = xrealloc(cr->cand, cr->capcand * sizeof *cr->cand);
	}
	cr->cand[cr->ncand++] = cue;
	t->ncand++;
}

/* The cues whose first word token t spells, looked up once per token: its
 * whole word, and each prefix for the stems (hashed as it grows). */
static void find_candidates(ContentRules *cr, Tok *t)
{
	const char *w = cr->low.data + t->start;
	size_t n = t->end - t->start;
	t->cand = cr->ncand;
	t->ncand = 0;
	for (int ci = cr->bucket[hash_word(w, n, 0)]; ci >= 0; ci = cr->cues[ci].next) {
		const CueWord *cw = &cr->cues[ci].words[0];
		if (!cw->stem && cw->len == n && word_is(cr, t, cw))
			add_candidate(cr, t, ci);
	}
	unsigned h = 2166136261u ^ 1u;
	for (size_t len = 1; len <= n && len <= cr->max_stem; len++) {
		h = (h ^ (unsigned char)w[len - 1]) * 16777619u;
		if (len < cr->min_stem)
			continue;
		for (int ci = cr->bucket[h % CUE_BUCKETS]; ci >= 0; ci = cr->cues[ci].next) {
			const CueWord *cw = &cr->cues[ci].words[0];
			if (cw->stem && cw->len == len && memcmp(cw->w, w, len) == 0)
				add_candidate(cr, t, ci);
		}
	}
}

/* ---- sentences ---- */

#define BIT(k) (1u << (k))

/* What the cues of one sentence or line are, where they are. */
typedef struct Seen {
	unsigned kinds;
	size_t first[CUE_KINDS], last[CUE_KINDS]; /* token span of the first match of each kind */
	size_t opener_at;                          /* the sentence's first live token */
	int short_sentence;                        /* at most CREDIT_MAX_WORDS live words */
	int blank_to_end;                          /* a pointer or opener blanked the rest */
	size_t blank_from;
	size_t end;
} Seen;

static void note_cue(void *ctx, const Cue *c, size_t i)
{
	Seen *s = ctx;
	int opens = i == s->opener_at && (c->kind == CUE_OPENER || (c->kind == CUE_CREDIT && s->short_sentence));
	if (c->kind == CUE_POINTER || opens) {
		if (!s->blank_to_end || i < s->blank_from)
			s->blank_from = opens ? s->opener_at : i;
		s->blank_to_end = 1;
		return;
	}
	if (c->kind == CUE_OPENER || c->kind == CUE_CREDIT)
		return;
	if (!(s->kinds & BIT(c->kind))) {
		s->first[c->kind] = i;
		s->last[c->kind] = i + (size_t)c->nwords - 1;
	}
	s->kinds |= BIT(c->kind);
}

static void blank_cue(void *ctx, const Cue *c, size_t i)
{
	ContentRules *cr = ctx;
	for (int k = 0; k < c->nwords; k++)
		cr->toks[i + (size_t)k].dead = 1;
}

/* Is token i a number standing as a value: a decimal ("0.4879", "85,5"),
 * a percentage, or two digits or more, not glued to letters before it nor
 * part of a name? */
static int is_value(const ContentRules *cr, size_t i)
{
	const Tok *t = &cr->toks[i];
	const char *s = cr->text;
	size_t n = t->end - t->start, len = cr->low.len;
	for (size_t k = t->start; k < t->end; k++)
		if (s[k] < '0' || s[k] > '9')
			return 0;
	if (t->start > 0 && alnum((unsigned char)s[t->start - 1]))
		return 0;
	/* Part of a name ("opus-2020-01-09.eval.txt", "2e-05", "v1_128"), not
	 * of numbers side by side ("45.20/22.06"). */
	if (t->start >= 2 && strchr("-_/", s[t->start - 1]) && letter((unsigned char)s[t->start - 2]))
		return 0;
	if (t->end + 1 < len && ((strchr("-_", s[t->end]) && alnum((unsigned char)s[t->end + 1])) ||
				 (strchr("/.", s[t->end]) && letter((unsigned char)s[t->end + 1]))))
		return 0;
	if (t->end < len && s[t->end] == '%')
		return 1;
	if (t->end + 1 < len && (s[t->end] == '.' || s[t->end] == ',') && s[t->end + 1] >= '0' && s[t->end + 1] <= '9')
		return 1;
	if (t->start >= 2 && (s[t->start - 1] == '.' || s[t->start - 1] == ',') && s[t->start - 2] >= '0' &&
	    s[t->start - 2] <= '9')
		return 1;
	return n >= 2;
}

/* Copy the block's text of tokens [a, b] into the finding's evidence. */
static void set_words(const ContentRules *cr, ContentFinding *out, CardSection s, size_t a, size_t b)
{
	if (out->sections & BIT(s))
		return;
	out->sections |= BIT(s);
	/* A number ends after its decimals and its percent sign. */
	while (b + 1 < cr->ntoks && cr->toks[b + 1].start == cr->toks[b].end + 1 &&
	       (cr->text[cr->toks[b].end] == '.' || cr->text[cr->toks[b].end] == ',') &&
	       cr->text[cr->toks[b].end - 1] >= '0' && cr->text[cr->toks[b].end - 1] <= '9' &&
	       cr->text[cr->toks[b + 1].start] >= '0' && cr->text[cr->toks[b + 1].start] <= '9')
		b++;
	size_t from = cr->toks[a].start, to = cr->toks[b].end, n = 0;
	if (to < cr->low.len && cr->text[to] == '%')
		to++;
	out->at[s] = from;
	char *w = out->words[s];
	int space = 0;
	for (size_t k = from; k < to; k++) {
		unsigned char c = (unsigned char)cr->text[k];
		if (c == '\n' || c == '\t' || c == ' ' || c == '\r') {
			space = n > 0;
			continue;
		}
		if (n + 1 + space >= CARD_EVIDENCE_SIZE)
			break;
		if (space)
			w[n++] = ' ';
		space = 0;
		w[n++] = (char)c;
	}
	/* Never end inside a character. */
	size_t lead = n;
	while (lead > 0 && ((unsigned char)w[lead - 1] & 0xC0) == 0x80)
		lead--;
	if (lead > 0 && (unsigned char)w[lead - 1] >= 0xC0) {
		unsigned char c = (unsigned char)w[lead - 1];
		size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if (lead - 1 + need > n)
			n = lead - 1;
	}
	w[n] = '\0';
}

static size_t min_z(size_t a, size_t b)
{
	return a < b ? a : b;
}

static size_t max_z(size_t a, size_t b)
{
	return a > b ? a : b;
}

/* The span of the first cues of two kinds. */
static void set_pair(const ContentRules *cr, ContentFinding *out, CardSection s, const Seen *seen, CueKind a,
		     CueKind b)
{
	set_words(cr, out, s, min_z(seen->first[a], seen->first[b]), max_z(seen->last[a], seen->last[b]));
}

/* Find the cues of tokens [a, b) (one sentence): pointers and openers
 * blank what they cover, the rest is noted in *seen. */
static void read_cues(ContentRules *cr, size_t a, size_t b, Seen *seen)
{
	memset(seen, 0, sizeof *seen);
	seen->end = b;
	seen->opener_at = a;
	while (seen->opener_at < b && cr->toks[seen->opener_at].dead)
		seen->opener_at++;
	size_t live = 0;
	for (size_t i = a; i < b; i++)
		live += !cr->toks[i].dead;
	seen->short_sentence = live <= CREDIT_MAX_WORDS;
	for (size_t i = a; i < b; i++)
		if (!cr->toks[i].dead)
			cues_at(cr, i, b, BIT(CUE_POINTER) | BIT(CUE_OPENER) | BIT(CUE_CREDIT), note_cue, seen);
	if (seen->blank_to_end)
		for (size_t i = seen->blank_from; i < b; i++)
			cr->toks[i].dead = 1;
	unsigned evidence = ~(BIT(CUE_BLANK) | BIT(CUE_FALSE) | BIT(CUE_POINTER) | BIT(CUE_OPENER) | BIT(CUE_CREDIT));
	for (size_t i = a; i < b; i++)
		if (!cr->toks[i].dead)
			cues_at(cr, i, b, evidence, note_cue, seen);
}

/* Is value token i a result by itself: a percentage or three digits or
 * more ("19.8", not "SQuAD 2.0")? */
static int strong_value(const ContentRules *cr, size_t i)
{
	const char *s = cr->text;
	size_t a = cr->toks[i].start, b = cr->toks[i].end, len = cr->low.len, digits = b - a;
	if (b < len && s[b] == '%')
		return 1;
	if (b + 1 < len && (s[b] == '.' || s[b] == ',') && s[b + 1] >= '0' && s[b + 1] <= '9')
		for (size_t k = b + 1; k < len && s[k] >= '0' && s[k] <= '9'; k++)
			digits++;
	return digits >= 3;
}

/* The first value among tokens [a, b), or b. */
static size_t first_value(const ContentRules *cr, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		if (!cr->toks[i].dead && is_value(cr, i))
			return i;
	return b;
}

/* The value among tokens [a, b) that goes with the cue ending at token
 * `at`: the first after it, else the last before it; b when none. */
static size_t value_near(const ContentRules *cr, size_t a, size_t b, size_t at)
{
	size_t after = at + 1 < b ? at + 1 : b;
	size_t v = first_value(cr, after, b);
	if (v < b)
		return v;
	for (size_t i = at + 1; i-- > a;)
		if (!cr->toks[i].dead && is_value(cr, i)) {
			/* "91.3": from its integer part. */
			if (i > a && cr->toks[i].start == cr->toks[i - 1].end + 1 &&
			    (cr->text[cr->toks[i - 1].end] == '.' || cr->text[cr->toks[i - 1].end] == ',') &&
			    is_value(cr, i - 1))
				i--;
			return i;
		}
	return b;
}

/* Judge one sentence, tokens [a, b). */
static void judge_sentence(ContentRules *cr, size_t a, size_t b, ContentKind kind, ContentFinding *out,
			   int *sentences, int *pointers)
{
	int had_words = 0, live = 0;
	for (size_t i = a; i < b; i++)
		had_words |= !cr->toks[i].dead;
	if (!had_words)
		return;
	Seen s;
	read_cues(cr, a, b, &s);
	for (size_t i = a; i < b; i++)
		live += !cr->toks[i].dead;
	(*sentences)++;
	if (live == 0) {
		(*pointers)++;
		return;
	}
	if (s.kinds & (BIT(CUE_RESULT) | BIT(CUE_ACHIEVE) | BIT(CUE_METRIC)))
		out->announces_results = 1;
	CueKind k = s.kinds & BIT(CUE_METRIC) ? CUE_METRIC : CUE_ACHIEVE;
	size_t v = (s.kinds & BIT(k)) ? value_near(cr, a, b, s.last[k]) : b;
	int result = v < b && (k == CUE_METRIC || strong_value(cr, v));
	if (result) {
		out->has_result = 1;
		set_words(cr, out, SEC_EVALUATION, min_z(s.first[k], v), max_z(s.last[k], v));
	}
	/* In code only results count; in a table only cells of a few words
	 * say something ("F1 Misinformation" names a column). */
	if (kind == CONTENT_CODE || (kind == CONTENT_TABLE && live < TABLE_PROSE_WORDS))
		return;
	int training = (s.kinds & BIT(CUE_TRAIN)) && (s.kinds & (BIT(CUE_DATA) | BIT(CUE_PROC)));
	if (training)
		set_pair(cr, out, SEC_TRAINING, &s, CUE_TRAIN, s.kinds & BIT(CUE_DATA) ? CUE_DATA : CUE_PROC);
	/* "F1 Misinformation: 0.98" measures, it does not warn. */
	if ((s.kinds & BIT(CUE_LIMIT)) && !result)
		set_words(cr, out, SEC_LIMITATIONS, s.first[CUE_LIMIT], s.last[CUE_LIMIT]);
	if (s.kinds & BIT(CUE_HOWTO))
		set_words(cr, out, SEC_HOWTO, s.first[CUE_HOWTO], s.last[CUE_HOWTO]);
	int stock = (s.kinds & BIT(CUE_STOCK)) != 0;
	int what = (s.kinds & BIT(CUE_COPULA)) && (s.kinds & BIT(CUE_KIND));
	int desc = (!stock && (what || (s.kinds & BIT(CUE_TASK)))) || (s.kinds & BIT(CUE_PURPOSE));
	if (desc) {
		if (s.kinds & BIT(CUE_PURPOSE))
			set_words(cr, out, SEC_DESCRIPTION, s.first[CUE_PURPOSE], s.last[CUE_PURPOSE]);
		else if (what)
			set_pair(cr, out, SEC_DESCRIPTION, &s, CUE_COPULA, CUE_KIND);
		else
			set_words(cr, out, SEC_DESCRIPTION, s.first[CUE_TASK], s.last[CUE_TASK]);
	}
	/* A statement of training or of results, or an instruction, alone says
	 * what was done or is to be done with the model, not what it is. */
	unsigned done = BIT(CUE_TRAIN) | BIT(CUE_RESULT) | BIT(CUE_ACHIEVE) | BIT(CUE_METRIC) | BIT(CUE_HOWTO);
	int only_done = stock || (!desc && (s.kinds & done));
	if (!only_done)
		out->descriptive_words += live;
}

/* Is the lowercase label (tokens [a, b) joined by spaces) in the list? */
static int label_in(const ContentRules *cr, size_t a, size_t b, const char *const *list)
{
	char label[64];
	size_t n = 0;
	for (size_t i = a; i < b; i++) {
		size_t wl = cr->toks[i].end - cr->toks[i].start;
		if (n + wl + 1 >= sizeof label)
			return 0; /* longer than any label listed */
		if (i > a)
			label[n++] = ' ';
		memcpy(label + n, cr->low.data + cr->toks[i].start, wl);
		n += wl;
	}
	label[n] = '\0';
	for (; *list; list++)
		if (strcmp(label, *list) == 0)
			return 1;
	return 0;
}

/* A "Label: value" line, tokens [a, b), the label ending before token
 * `value`: training when the label names data or procedure, description
 * when it names what the model is. */
static void judge_label(ContentRules *cr, size_t a, size_t value, size_t b, ContentFinding *out)
{
	size_t live_value = 0;
	for (size_t i = value; i < b; i++)
		live_value += !cr->toks[i].dead;
	if (value == a || value - a > LABEL_MAX_WORDS || live_value == 0)
		return;
	Seen s;
	memset(&s, 0, sizeof s);
	s.opener_at = b; /* no opener in a label */
	for (size_t i = a; i < value; i++)
		if (!cr->toks[i].dead)
			cues_at(cr, i, value, BIT(CUE_TRAIN) | BIT(CUE_DATA) | BIT(CUE_PROC), note_cue, &s);
	if (s.kinds)
		set_words(cr, out, SEC_TRAINING, a, b - 1);
	memset(&s, 0, sizeof s);
	s.opener_at = b;
	for (size_t i = a; i < value; i++)
		if (!cr->toks[i].dead)
			cues_at(cr, i, value, BIT(CUE_METRIC), note_cue, &s);
	size_t v = first_value(cr, value, b);
	if (s.kinds && v < b) {
		out->has_result = 1;
		set_words(cr, out, SEC_EVALUATION, a, v);
	}
	if (label_in(cr, a, value, desc_labels))
		set_words(cr, out, SEC_DESCRIPTION, a, b - 1);
}

/* Is there a sentence end between tokens i and i + 1: ". ", "! ", "? ",
 * "; ", or a cell or row end in a table? */
static int sentence_ends(const ContentRules *cr, size_t i, ContentKind kind)
{
	const char *s = cr->text;
	size_t from = cr->toks[i].end, to = i + 1 < cr->ntoks ? cr->toks[i + 1].start : cr->low.len;
	for (size_t k = from; k < to; k++) {
		if (kind != CONTENT_PROSE && (s[k] == '\n' || s[k] == '\t'))
			return 1;
		if ((s[k] == '.' || s[k] == '!' || s[k] == '?') &&
		    (k + 1 >= cr->low.len || s[k + 1] == ' ' || s[k + 1] == '\n' || s[k + 1] == '\t' || s[k + 1] == '*' ||
		     s[k + 1] == '_' || s[k + 1] == ')'))
			return 1;
	}
	return 0;
}

/* Does the text between tokens i and i + 1 hold `c` (a line end '\n', a
 * label colon ':' or a cell end '\t')? */
static int gap_has(const ContentRules *cr, size_t i, char c)
{
	size_t from = cr->toks[i].end, to = i + 1 < cr->ntoks ? cr->toks[i + 1].start : cr->low.len;
	return memchr(cr->text + from, c, to - from) != NULL;
}

/* Lines: "Label: value" (in a table, a row's first cell is its label). */
static void judge_lines(ContentRules *cr, ContentKind kind, ContentFinding *out)
{
	size_t line = 0;
	char sep = kind == CONTENT_TABLE ? '\t' : ':';
	if (kind == CONTENT_TABLE) /* the header row names columns, not values */
		while (line < cr->ntoks && !gap_has(cr, line++, '\n'))
			;
	for (size_t i = line; i < cr->ntoks; i++) {
		int last = i + 1 == cr->ntoks || gap_has(cr, i, '\n');
		if (!last)
			continue;
		for (size_t k = line; k <= i && k < line + LABEL_MAX_WORDS + 1; k++)
			if (gap_has(cr, k, sep) && k < i) {
				judge_label(cr, line, k + 1, i + 1, out);
				break;
			}
		line = i + 1;
	}
}

/* Words too common in model names to tell one model from another. */
static const char *const generic_name_words[] = {
	"model", "models", "base", "large", "small", "tiny", "mini", "medium", "xlarge", "cased", "uncased",
	"bert", "roberta", "gpt", "gpt2", "llama", "mistral", "t5", "bart", "xlm", "distilbert", "electra",
	"deberta", "whisper", "wav2vec2", "chat", "instruct", "finetuned", "fine", "tuned", "version", NULL,
};

/* Does the word w (lowercase, wl bytes) occur as a whole word in s? */
static int has_word(const char *s, const char *w, size_t wl)
{
	size_t n = s ? strlen(s) : 0;
	for (size_t k = 0; k + wl <= n; k++)
		if ((k == 0 || !alnum((unsigned char)s[k - 1])) && (k + wl == n || !alnum((unsigned char)s[k + wl])) &&
		    strncasecmp(s + k, w, wl) == 0)
			return 1;
	return 0;
}

/* Does a row's first cell, tokens [a, b), name this model: are all its
 * words in the model's name (its id after the '/'), or is one of them
 * "ours", "this", or a distinctive word (four letters or more, not a family
 * or size word) of the name or of the card's title? */
static int names_this_model(const ContentRules *cr, size_t a, size_t b, const ContentContext *ctx)
{
	const char *name = strrchr(ctx->model, '/');
	name = name ? name + 1 : ctx->model;
	size_t in_name = 0;
	for (size_t i = a; i < b; i++)
		in_name += has_word(name, cr->low.data + cr->toks[i].start, cr->toks[i].end - cr->toks[i].start);
	if (b > a && in_name == b - a)
		return 1; /* "BART-TL-all" for cristian-popa/bart-tl-all */
	for (size_t i = a; i < b; i++) {
		const char *w = cr->low.data + cr->toks[i].start;
		size_t wl = cr->toks[i].end - cr->toks[i].start;
		if ((wl == 4 && memcmp(w, "ours", 4) == 0) || (wl == 4 && memcmp(w, "this", 4) == 0))
			return 1;
		int generic = wl < 4;
		for (const char *const *g = generic_name_words; *g && !generic; g++)
			generic = strlen(*g) == wl && memcmp(*g, w, wl) == 0;
		if (!generic && (has_word(name, w, wl) || has_word(ctx->title, w, wl)))
			return 1;
	}
	return 0;
}

/* The token after the cell that token i is in, within [i, end). */
static size_t cell_end(const ContentRules *cr, size_t i, size_t end)
{
	while (i < end && !gap_has(cr, i, '\t') && !gap_has(cr, i, '\n'))
		i++;
	return i < end ? i + 1 : end;
}

/* A comparison table (its first header cell is "Model", ...) holds this
 * model's results only in a row whose first cell names it. */
static int compares_others(const ContentRules *cr, size_t header_end, const ContentContext *ctx)
{
	static const char *const row_heads[] = {"model", "models", "model name", "method", "system", "checkpoint", NULL};
	if (!ctx || !ctx->model || !label_in(cr, 0, cell_end(cr, 0, header_end), row_heads))
		return 0;
	for (size_t row = header_end; row < cr->ntoks;) {
		size_t first_end = cell_end(cr, row, cr->ntoks);
		if (names_this_model(cr, row, first_end, ctx))
			return 0;
		while (row < cr->ntoks && !gap_has(cr, row, '\n'))
			row++;
		row++;
	}
	return 1;
}

/* A table holds results when a header cell or a row's first cell names a
 * measure (or the text before it announced results) and a cell holds a
 * value, unless it compares other models only. */
static void judge_table(ContentRules *cr, const ContentContext *ctx, ContentFinding *out)
{
	size_t header_end = 0;
	while (header_end < cr->ntoks && !gap_has(cr, header_end, '\n'))
		header_end++;
	header_end = header_end < cr->ntoks ? header_end + 1 : cr->ntoks;
	Seen s;
	memset(&s, 0, sizeof s);
	s.opener_at = cr->ntoks;
	unsigned heads = BIT(CUE_METRIC) | BIT(CUE_RESULT) | BIT(CUE_ACHIEVE) | BIT(CUE_TABLE_HEAD);
	for (size_t i = 0; i < header_end; i++)
		if (!cr->toks[i].dead)
			cues_at(cr, i, header_end, heads, note_cue, &s);
	size_t v = first_value(cr, header_end, cr->ntoks);
	if (v == cr->ntoks || !(s.kinds || (ctx && ctx->after_results)))
		return;
	if (compares_others(cr, header_end, ctx)) {
		out->other_results = 1;
		return;
	}
	out->has_result = 1;
	if (s.kinds) {
		CueKind k = s.kinds & BIT(CUE_METRIC)   ? CUE_METRIC
			    : s.kinds & BIT(CUE_RESULT) ? CUE_RESULT
			    : s.kinds & BIT(CUE_ACHIEVE) ? CUE_ACHIEVE
							 : CUE_TABLE_HEAD;
		set_words(cr, out, SEC_EVALUATION, s.first[k], s.last[k]);
	} else {
		set_words(cr, out, SEC_EVALUATION, v, v);
	}
}

/* Blank the words of URLs (scheme:// or www. up to a space): an address
 * says nothing about the model. */
static void blank_urls(ContentRules *cr)
{
	const char *low = cr->low.data;
	size_t len = cr->low.len, t = 0;
	for (size_t i = 0; i < len; i++) {
		int url = (i + 3 <= len && memcmp(low + i, "://", 3) == 0) ||
			  (i + 4 <= len && memcmp(low + i, "www.", 4) == 0 && (i == 0 || !alnum((unsigned char)low[i - 1])));
		if (!url)
			continue;
		size_t from = i, to = i;
		while (from > 0 && alnum((unsigned char)low[from - 1]))
			from--;
		while (to < len && low[to] != ' ' && low[to] != '\n' && low[to] != '\t')
			to++;
		while (t < cr->ntoks && cr->toks[t].end <= from)
			t++;
		for (size_t k = t; k < cr->ntoks && cr->toks[k].start < to; k++)
			cr->toks[k].dead = 1;
		i = to;
	}
}

/* A line of a results dump: "name: 0.91", "\"f1\": 85.2,", "acc = 91.3". */
static int dump_line(const char *s, size_t n, size_t *key_end)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '"' || s[i] == '\''))
		i++;
	size_t key = i;
	while (i < n && (alnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-' || s[i] == '/' || s[i] == ' '))
		i++;
	*key_end = i;
	while (i < n && (s[i] == '"' || s[i] == '\'' || s[i] == ' '))
		i++;
	if (i == key || i >= n || (s[i] != ':' && s[i] != '='))
		return 0;
	i++;
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && s[i] == '-')
		i++;
	return i < n && s[i] >= '0' && s[i] <= '9';
}

/* Code that is a dump of results (two lines or more of "name: number"):
 * evaluation where evaluation is the topic (cardsec.c decides). */
static void judge_dump(ContentRules *cr, ContentFinding *out)
{
	const char *s = cr->text;
	size_t len = cr->low.len, start = 0, first = 0, first_end = 0;
	int lines = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '\n')
			continue;
		size_t key_end;
		if (dump_line(s + start, i - start, &key_end) && lines++ == 0) {
			first = start;
			first_end = i;
		}
		start = i + 1;
	}
	if (lines < 2 || (out->sections & BIT(SEC_EVALUATION)))
		return;
	out->has_result = 1;
	size_t t = 0, u;
	while (t < cr->ntoks && cr->toks[t].start < first)
		t++;
	for (u = t; u + 1 < cr->ntoks && cr->toks[u + 1].end <= first_end; u++)
		;
	if (t < cr->ntoks)
		set_words(cr, out, SEC_EVALUATION, t, u);
}

void content_scan(ContentRules *cr, const char *text, size_t len, ContentKind kind, const ContentContext *ctx,
		  ContentFinding *out)
{
	memset(out, 0, sizeof *out);
	cr->text = text ? text : "";
	if (!text)
		len = 0;
	sb_reset(&cr->low);
	sb_grow(&cr->low, len + 1);
	for (size_t i = 0; i < len; i++)
		cr->low.data[i] = (char)lower((unsigned char)text[i]);
	cr->low.len = len;
	cr->low.data[len] = '\0';
	cr->ntoks = 0;
	cr->ncand = 0;
	words_of(cr->text, len, add_token, cr);
	if (cr->ntoks == 0)
		return;
	for (size_t i = 0; i < cr->ntoks; i++)
		find_candidates(cr, &cr->toks[i]);
	/* Placeholders and "None dataset" first, over the whole block. */
	for (size_t i = 0; i < cr->ntoks; i++)
		if (!cr->toks[i].dead)
			cues_at(cr, i, cr->ntoks, BIT(CUE_BLANK), blank_cue, cr);
	for (size_t i = 0; i < cr->ntoks; i++)
		if (!cr->toks[i].dead)
			cues_at(cr, i, cr->ntoks, BIT(CUE_FALSE), blank_cue, cr);
	blank_urls(cr);
	if (kind == CONTENT_TABLE)
		judge_table(cr, ctx, out);
	int sentences = 0, pointers = 0;
	size_t start = 0;
	for (size_t i = 0; i < cr->ntoks; i++)
		if (i + 1 == cr->ntoks || sentence_ends(cr, i, kind)) {
			judge_sentence(cr, start, i + 1, kind, out, &sentences, &pointers);
			start = i + 1;
		}
	out->pointer_only = sentences > 0 && pointers == sentences;
	if (kind != CONTENT_CODE)
		judge_lines(cr, kind, out);
	else
		judge_dump(cr, out);
}
