/* SPDX-License-Identifier: MIT */
/* demo.c - the generator of the built-in demo store (see demo.h).
 *
 * It works in two phases: first the whole registry is planned in memory
 * (models, lineage, popularity in every snapshot), then it is written
 * through the store's writers in one transaction. Planning in memory keeps
 * every random draw independent of SQLite and makes the output a pure
 * function of (models, seed). Each model draws from its own PRNG stream
 * (seed, purpose, index), so changing one part of the generator does not
 * reshuffle everything else. */
#include "demo.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zlib.h>

#include "jsonout.h"
#include "strbuf.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- random numbers: splitmix64, one stream per (purpose, index) ---- */

typedef struct Rng {
	uint64_t state;
} Rng;

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rng_u64(Rng *r)
{
	r->state += 0x9e3779b97f4a7c15ULL;
	return mix64(r->state);
}

enum stream_id { S_ROOT = 1, S_CHILD, S_POP, S_CARD, S_PYPI, S_NPM, S_SHA };

static Rng rng_stream(uint64_t seed, enum stream_id stream, uint64_t index)
{
	Rng r = {mix64(seed * 0x9e3779b97f4a7c15ULL + mix64(((uint64_t)stream << 40) ^ (index + 1)))};
	return r;
}

/* Uniform in [0, 1). */
static double rng_unit(Rng *r)
{
	return (double)(rng_u64(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform in (0, 1]: safe to take the log of. */
static double rng_open(Rng *r)
{
	return 1.0 - rng_unit(r);
}

static int rng_below(Rng *r, int n)
{
	return n <= 1 ? 0 : (int)(rng_u64(r) % (uint64_t)n);
}

static int rng_chance(Rng *r, double p)
{
	return rng_unit(r) < p;
}

/* Approximately standard normal (Irwin-Hall of 12): no libm involved. */
static double rng_normal(Rng *r)
{
	double s = 0;
	for (int i = 0; i < 12; i++)
		s += rng_unit(r);
	return s - 6.0;
}

#define PICK(r, arr) ((arr)[rng_below((r), COUNT(arr))])

/* C leaves unspecified the order in which a call's arguments, and an
 * operator's operands, are evaluated: two draws in one expression would
 * give each compiler its own demo. So no expression holds two draws: they
 * are drawn into locals first, one statement each, in the order gcc used
 * when the demo's digest (tests/test_demo.c) was taken. */

/* ---- calendar: days since 2021-01-01 ---- */

#define LAST_DAY 1185 /* 2024-03-31: every hf model exists in the last snapshot */
#define HF_SNAPSHOTS 4
static const int snapshot_day[HF_SNAPSHOTS] = {1095, 1126, 1155, 1186};
static const char *const snapshot_label[HF_SNAPSHOTS] = {
	"demo-2024-01", "demo-2024-02", "demo-2024-03", "demo-2024-04",
};
static const char *const snapshot_date[HF_SNAPSHOTS] = {
	"2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01",
};

static void day_to_ymd(int day, int *y, int *m, int *d)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int year = 2021;
	for (;;) {
		int len = (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 366 : 365;
		if (day < len)
			break;
		day -= len;
		year++;
	}
	int month = 0;
	for (;;) {
		int len = mdays[month] + (month == 1 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0));
		if (day < len)
			break;
		day -= len;
		month++;
	}
	*y = year;
	*m = month + 1;
	*d = day + 1;
}

static void iso_time(char out[32], int day, int secs)
{
	int y, m, d;
	unsigned s = (unsigned)secs % 86400u;
	day_to_ymd(day, &y, &m, &d);
	snprintf(out, 32, "%04d-%02d-%02dT%02u:%02u:%02u.000Z", y % 10000, m % 100, d % 100, s / 3600, s / 60 % 60,
		 s % 60);
}

/* ---- word lists: everything is fictional ---- */

typedef enum { K_LLM, K_ENCODER, K_EMBED, K_VISION, K_DIFFUSION, K_ASR, K_TRANSLATE, K_RL, K_COUNT } Kind;

typedef struct Size {
	const char *name;
	int64_t params;
} Size;

/* A fine-tuning task: what a child adds to its parent. */
typedef struct Task {
	const char *suffix;   /* appended to the parent's name */
	const char *pipeline; /* NULL: the parent's */
	const char *dataset;
	const char *language; /* NULL: the parent's */
	const char *tag;      /* extra Hub tag or NULL */
	const char *purpose;  /* completes "It is tuned ..." */
} Task;

typedef struct Quant {
	const char *suffix;
	const char *format;
	const char *library;
	const char *tag;
} Quant;

typedef struct KindInfo {
	const char *pipeline; /* of roots */
	const char *noun;
	const Size *sizes;
	int nsizes;
	const Task *tasks;
	int ntasks;
	const Quant *quants;
	int nquants;
	int first_day;      /* roots of this kind appear from this day */
	double root_weight; /* share among ordinary roots */
	const char *pretrain; /* dataset of roots, or NULL */
} KindInfo;

static const Size llm_sizes[] = {
	{"350m", 354823168}, {"1.3b", 1346471936}, {"3b", 2775208960}, {"7b", 7241732096},
	{"7b", 7241732096},  {"8b", 8030261248},   {"8b", 8030261248}, {"13b", 13015864320},
	{"34b", 34388917248}, {"70b", 68976648192},
};
static const Size encoder_sizes[] = {{"small", 28763648}, {"base", 109482240}, {"base", 109482240}, {"large", 335141888}};
static const Size vision_sizes[] = {{"tiny", 5717416}, {"base", 86567656}, {"base", 86567656}, {"large", 304326632}};
static const Size diffusion_sizes[] = {{"1.0", 859520964}, {"2.0", 865910724}, {"xl-1.0", 2567463684}};
static const Size asr_sizes[] = {{"tiny", 37760640}, {"small", 241734912}, {"medium", 763857920}};
static const Size mt_sizes[] = {{"en-de", 73886208}, {"en-fr", 74619904}, {"zh-en", 77943296},
				{"en-hi", 75340800}, {"es-en", 77521408}, {"ja-en", 78047232}};
static const Size rl_sizes[] = {{"LunarLander-v2", -1}, {"CartPole-v1", -1}, {"Huggy", -1}, {"SnowballTarget", -1},
				{"Pyramids", -1}, {"SpaceInvadersNoFrameskip-v4", -1}, {"PandaReachDense-v3", -1}};

static const Task llm_tasks[] = {
	{"instruct", NULL, "lumen-labs/tidy-instruct-v2", NULL, "instruct", "to follow instructions"},
	{"chat", NULL, "quokka-nlp/open-dialogue-40k", NULL, "conversational", "for multi-turn conversation"},
	{"sft", NULL, "northwind-ai/sft-mix-300k", NULL, "sft", "with supervised fine-tuning on a broad instruction mix"},
	{"dpo", NULL, "northwind-ai/pref-pairs-12k", NULL, "dpo", "with direct preference optimisation"},
	{"code", NULL, "saltmarsh-ai/code-commits-py", NULL, "code", "to write and explain Python code"},
	{"math", NULL, "bramble-research/mathpile-lite", NULL, "math", "to solve grade-school and competition maths"},
	{"medical", NULL, "tidewater-ml/clinical-notes-synth", NULL, "medical", "to answer clinical questions"},
	{"legal", NULL, "copperleaf-ai/case-law-summaries", NULL, "legal", "to summarise court decisions"},
	{"ko", NULL, "driftwood-nlp/ko-instruct-50k", "ko", "korean", "to follow instructions in Korean"},
	{"ja", NULL, "driftwood-nlp/ja-wiki-qa", "ja", "japanese", "to answer questions in Japanese"},
	{"de", NULL, "halcyon-ml/de-alpaca-clean", "de", "german", "to follow instructions in German"},
	{"fr", NULL, "halcyon-ml/fr-dialogues", "fr", "french", "for conversation in French"},
	{"zh", NULL, "北极星-ai/zh-instruct-80k", "zh", "chinese", "to follow instructions in Chinese"},
	{"roleplay", NULL, "ember-collective/story-rp-10k", NULL, "roleplay", "for interactive fiction"},
	{"function-calling", NULL, "orchard-compute/tool-calls-20k", NULL, "function-calling", "to call tools from JSON schemas"},
	{"summarize", "summarization", "kelpie-labs/news-summaries", NULL, "summarization", "to summarise news articles"},
};
static const Task encoder_tasks[] = {
	{"finetuned-sentiment", "text-classification", "lumen-labs/film-reviews-50k", NULL, "sentiment", "to classify the sentiment of reviews"},
	{"emotion", "text-classification", "quokka-nlp/emotion-6way", NULL, "emotion", "to recognise six emotions"},
	{"toxicity", "text-classification", "juniper-ai/toxic-comments-clean", NULL, NULL, "to flag toxic comments"},
	{"ner", "token-classification", "driftwood-nlp/news-ner", NULL, "ner", "to tag people, places and organisations"},
	{"finetuned-qa", "question-answering", "bramble-research/wiki-qa-100k", NULL, NULL, "for extractive question answering"},
	{"nli", "zero-shot-classification", "quokka-nlp/nli-mix", NULL, "nli", "for natural language inference"},
	{"spam", "text-classification", "cobalt-lab/sms-spam-demo", NULL, NULL, "to detect spam messages"},
	{"finetuned-pos", "token-classification", "driftwood-nlp/treebank-pos", NULL, "pos", "to tag parts of speech"},
};
static const Task embed_tasks[] = {
	{"legal", NULL, "copperleaf-ai/case-law-pairs", NULL, "legal", "for legal document retrieval"},
	{"code", "feature-extraction", "saltmarsh-ai/code-search-pairs", NULL, "code", "for code search"},
	{"biomed", NULL, "tidewater-ml/pubmed-pairs-synth", NULL, "biomedical", "for biomedical retrieval"},
	{"retrieval", NULL, "bramble-research/passage-triples", NULL, "retrieval", "for passage retrieval"},
	{"multilingual", NULL, "halcyon-ml/parallel-sentences", "multilingual", "multilingual", "for cross-lingual search"},
};
static const Task vision_tasks[] = {
	{"finetuned-food", NULL, "thistle-vision/food-photos-101", NULL, NULL, "to recognise 101 dishes"},
	{"finetuned-leaves", NULL, "thistle-vision/plant-leaf-disease", NULL, NULL, "to spot plant leaf diseases"},
	{"finetuned-satellite", NULL, "orchard-compute/satellite-tiles-10", NULL, NULL, "to classify satellite tiles"},
	{"finetuned-xray", NULL, "tidewater-ml/chest-xray-synth", NULL, "medical", "to screen chest X-rays"},
	{"detection", "object-detection", "thistle-vision/street-objects-coco-style", NULL, NULL, "to detect objects in street scenes"},
};
static const Task diffusion_tasks[] = {
	{"anime", NULL, "ember-collective/anime-captions-5k", NULL, "anime", "to draw anime-style illustrations"},
	{"pixel-art", NULL, "ember-collective/pixel-sprites", NULL, "pixel-art", "to draw pixel-art sprites"},
	{"watercolor", NULL, "nimbus-forge/watercolor-paintings", NULL, "art", "to paint in watercolour"},
	{"portrait", NULL, "nimbus-forge/studio-portraits", NULL, "portrait", "for studio portraits"},
	{"interior", NULL, "lattice-works/room-designs", NULL, NULL, "for interior design mock-ups"},
};
static const Task asr_tasks[] = {
	{"hi", NULL, "marram-audio/speech-hi-100h", "hi", NULL, "to transcribe Hindi"},
	{"sw", NULL, "marram-audio/speech-sw-40h", "sw", NULL, "to transcribe Swahili"},
	{"nl", NULL, "marram-audio/speech-nl-80h", "nl", NULL, "to transcribe Dutch"},
	{"uk", NULL, "marram-audio/speech-uk-60h", "uk", NULL, "to transcribe Ukrainian"},
	{"ta", NULL, "marram-audio/speech-ta-30h", "ta", NULL, "to transcribe Tamil"},
};
static const Task mt_tasks[] = {
	{"finetuned-legal", NULL, "copperleaf-ai/parallel-legal", NULL, NULL, "for legal texts"},
	{"finetuned-subtitles", NULL, "halcyon-ml/parallel-subtitles", NULL, NULL, "for film subtitles"},
	{"finetuned-medical", NULL, "tidewater-ml/parallel-medical", NULL, NULL, "for medical leaflets"},
};

static const Quant llm_quants[] = {
	{"GGUF", "GGUF", "gguf", NULL},
	{"GGUF", "GGUF", "gguf", NULL},
	{"GGUF", "GGUF", "gguf", NULL},
	{"GGUF", "GGUF", "gguf", NULL},
	{"AWQ", "AWQ", "transformers", "awq"},
	{"GPTQ", "GPTQ", "transformers", "gptq"},
	{"bnb-4bit", "bitsandbytes 4-bit", "transformers", "4-bit"},
	{"exl2", "ExLlamaV2", "transformers", "exl2"},
	{"mlx-4bit", "MLX 4-bit", "mlx", "mlx"},
	{"8bit", "bitsandbytes 8-bit", "transformers", "8-bit"},
};
static const Quant other_quants[] = {
	{"onnx", "ONNX", "onnx", NULL},
	{"int8-ov", "OpenVINO int8", "openvino", "int8"},
	{"fp16", "half precision", "safetensors", NULL},
};

static const KindInfo kinds[K_COUNT] = {
	[K_LLM] = {"text-generation", "language model", llm_sizes, COUNT(llm_sizes), llm_tasks, COUNT(llm_tasks),
		   llm_quants, COUNT(llm_quants), 520, 0.40, "northwind-ai/web-crawl-clean"},
	[K_ENCODER] = {"fill-mask", "text encoder", encoder_sizes, COUNT(encoder_sizes), encoder_tasks,
		       COUNT(encoder_tasks), other_quants, COUNT(other_quants), 0, 0.17, "quokka-nlp/books-and-wiki"},
	[K_EMBED] = {"sentence-similarity", "sentence embedding model", encoder_sizes, COUNT(encoder_sizes), embed_tasks,
		     COUNT(embed_tasks), other_quants, COUNT(other_quants), 150, 0.06, "bramble-research/passage-triples"},
	[K_VISION] = {"image-classification", "image classifier", vision_sizes, COUNT(vision_sizes), vision_tasks,
		      COUNT(vision_tasks), other_quants, COUNT(other_quants), 0, 0.08, "thistle-vision/open-images-21k"},
	[K_DIFFUSION] = {"text-to-image", "text-to-image diffusion model", diffusion_sizes, COUNT(diffusion_sizes),
			 diffusion_tasks, COUNT(diffusion_tasks), other_quants, COUNT(other_quants), 580, 0.09,
			 "ember-collective/captioned-images-600m"},
	[K_ASR] = {"automatic-speech-recognition", "speech recognition model", asr_sizes, COUNT(asr_sizes), asr_tasks,
		   COUNT(asr_tasks), other_quants, COUNT(other_quants), 600, 0.05, "marram-audio/multilingual-speech-68k"},
	[K_TRANSLATE] = {"translation", "translation model", mt_sizes, COUNT(mt_sizes), mt_tasks, COUNT(mt_tasks),
			 other_quants, COUNT(other_quants), 0, 0.05, "halcyon-ml/parallel-web"},
	[K_RL] = {"reinforcement-learning", "reinforcement-learning agent", rl_sizes, COUNT(rl_sizes), NULL, 0, NULL, 0,
		  480, 0.10, NULL},
};

typedef struct Family {
	const char *name;
	Kind kind;
	const char *infix; /* architecture word in names, or NULL */
} Family;

static const Family families[] = {
	{"tern", K_LLM, NULL},     {"heron", K_LLM, NULL},   {"marten", K_LLM, NULL},  {"mésange", K_LLM, NULL},
	{"ibis", K_LLM, NULL},     {"osprey", K_LLM, NULL},  {"kestrel", K_LLM, NULL}, {"puffin", K_LLM, NULL},
	{"wren", K_LLM, NULL},     {"lynx", K_LLM, NULL},    {"otter", K_LLM, NULL},   {"gannet", K_LLM, NULL},
	{"curlew", K_LLM, NULL},   {"vole", K_ENCODER, "bert"}, {"shrew", K_ENCODER, "roberta"},
	{"dormouse", K_ENCODER, "electra"}, {"mink", K_EMBED, "embed"}, {"ermine", K_EMBED, "retriever"},
	{"finch", K_VISION, "vit"}, {"siskin", K_VISION, "convnext"}, {"lark", K_DIFFUSION, "diffusion"},
	{"linnet", K_DIFFUSION, "diffusion"}, {"plover", K_ASR, "asr"}, {"dunlin", K_ASR, "speech"},
	{"petrel", K_TRANSLATE, "mt"}, {"ppo", K_RL, NULL}, {"dqn", K_RL, NULL}, {"a2c", K_RL, NULL},
};

/* The first roots are fixed so that every store, however small, has the
 * same recognisable big trees and the non-ASCII names. The first few of
 * them are the big roots (see big_roots()). */
static const struct {
	const char *org;
	const char *family;
	const char *size;
	const char *name;
} showcase[] = {
	{"lumen-labs", "tern", "7b", "tern-7b"},
	{"northwind-ai", "heron", "13b", "heron-13b"},
	{"北极星-ai", "marten", "8b", "marten-8b"},
	{"quokka-nlp", "vole", "base", "vole-bert-base-uncased"},
	{"ember-collective", "lark", "xl-1.0", "lark-diffusion-xl-1.0"},
	{"kelpie-labs", "mésange", "3b", "mésange-3b"},
	{"thistle-vision", "finch", "base", "finch-vit-base-patch16-224"},
	{"marram-audio", "plover", "small", "plover-asr-small"},
};

static const char *const orgs[] = {
	"northwind-ai", "lumen-labs",  "quokka-nlp",   "bramble-research", "tidewater-ml", "ferrous-ai",
	"saltmarsh-ai", "orchard-compute", "kelpie-labs", "ember-collective", "gallium-ai", "driftwood-nlp",
	"copperleaf-ai", "nimbus-forge", "quarry-labs", "lattice-works", "halcyon-ml",   "cobalt-lab",
	"juniper-ai",   "北极星-ai",   "thistle-vision", "marram-audio",
};
static const char *const quantizers[] = {"gguf-garden", "bitsqueeze", "quantfolk", "lowbit-labs"};
static const char *const mergers[] = {"blendlab", "slerp-society"};
static const char *const first_names[] = {
	"alex", "mira", "tomas", "yuki", "priya", "ngozi", "bartek", "lena", "omar", "sofia", "ravi", "chen",
	"aiko", "felix", "ines", "kwame", "noor", "pablo", "sana", "ivan", "zoé", "hamid", "greta", "luca",
};
static const char *const handle_suffixes[] = {"", "-ml", "-ai", "42", "-dev", "-nlp", "lab", "_k", "99", "-research"};
static const char *const name_words[] = {
	"saffron", "calico", "marigold", "tundra", "bluebell", "nimbus", "juniper", "cobble", "ember", "quill",
	"tinsel", "harbor", "meadow", "aurora", "basalt", "willow", "sparrow", "drift", "solstice", "lantern",
};
static const char *const merge_methods[] = {"slerp", "ties", "dare-ties", "merge", "model-stock", "passthrough"};
static const char *const merge_method_names[] = {"SLERP", "TIES", "DARE TIES", "linear", "Model Stock", "passthrough"};
static const char *const adapter_suffixes[] = {"lora", "lora", "qlora", "lora-r16", "adapter", "peft"};
static const char *const generic_suffixes[] = {"v2", "v0.2", "dpo", "orpo", "sft", "it", "beta"};
static const char *const languages_extra[] = {"fr", "de", "es", "it", "pt", "nl", "pl", "ja", "ko", "zh"};

/* ---- the planned registry ---- */

typedef struct DemoModel {
	const char *name;   /* "org/name", in the plan's arena */
	const char *author; /* in the arena, or a static organisation name */
	int short_off;    /* where the name after "org/" starts */
	Kind kind;
	int family, size;
	int task;         /* index in the kind's tasks, -1: none */
	int quant;        /* index in the kind's quants, -1: not quantized */
	int merge_method; /* index in merge_methods, -1: not a merge */
	int is_org;       /* the author is an organisation, not a person */
	int rel;          /* Relation of the edges to the parents, -1 for a root */
	int parents[3];
	int nparents;
	int depth;        /* longest path up to a root */
	int created, modified;       /* days since 2021-01-01 */
	int secs, modified_secs;     /* second of the day */
	double logpop;               /* log of the model's typical 30-day downloads */
	int64_t downloads[HF_SNAPSHOTS]; /* -1: not created yet */
	int64_t likes[HF_SNAPSHOTS];
	double popularity; /* 0..1 percentile by downloads in the last snapshot */
	const char *pipeline, *license, *gated, *dataset, *library;
	const char *libs[8];
	int nlibs;
	const char *langs[3];
	int nlangs;
	int64_t params;
	int64_t id;
} DemoModel;

typedef struct IntVec {
	int *v;
	int n, cap;
} IntVec;

static void intvec_push(IntVec *iv, int x)
{
	if (iv->n == iv->cap) {
		iv->cap = iv->cap ? iv->cap * 2 : 4;
		iv->v = xrealloc(iv->v, (size_t)iv->cap * sizeof *iv->v);
	}
	iv->v[iv->n++] = x;
}

/* Open-addressing set of names; the strings are owned by the caller. */
typedef struct NameSet {
	const char **slot;
	size_t mask;
} NameSet;

static void nameset_init(NameSet *s, size_t n)
{
	size_t cap = 64;
	while (cap < 2 * n + 64)
		cap <<= 1;
	s->slot = xcalloc(cap, sizeof *s->slot);
	s->mask = cap - 1;
}

static size_t name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)mix64(h);
}

static int nameset_has(const NameSet *s, const char *name)
{
	for (size_t i = name_hash(name) & s->mask; s->slot[i]; i = (i + 1) & s->mask)
		if (strcmp(s->slot[i], name) == 0)
			return 1;
	return 0;
}

static void nameset_add(NameSet *s, const char *name)
{
	size_t i = name_hash(name) & s->mask;
	while (s->slot[i])
		i = (i + 1) & s->mask;
	s->slot[i] = name;
}

/* Strings that live as long as the plan, in chunks that never move: a
 * registry of millions of models keeps its names in a few hundred MB
 * instead of fixed-size arrays in every model. */
typedef struct Arena {
	char **chunks;
	size_t nchunks, used, cap;
} Arena;

#define ARENA_CHUNK (1u << 20)

static const char *arena_strdup(Arena *a, const char *s)
{
	size_t n = strlen(s) + 1;
	if (a->nchunks == 0 || a->used + n > a->cap) {
		a->cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
		a->chunks = xrealloc(a->chunks, (a->nchunks + 1) * sizeof *a->chunks);
		a->chunks[a->nchunks++] = xmalloc(a->cap);
		a->used = 0;
	}
	char *p = a->chunks[a->nchunks - 1] + a->used;
	memcpy(p, s, n);
	a->used += n;
	return p;
}

static void arena_free(Arena *a)
{
	for (size_t i = 0; i < a->nchunks; i++)
		free(a->chunks[i]);
	free(a->chunks);
	memset(a, 0, sizeof *a);
}

typedef struct Plan {
	uint64_t seed;
	DemoModel *m;
	int n, nroots, nbig, nshow;
	int *root_order; /* roots, most popular first */
	IntVec *members; /* per root: every node of its tree */
	NameSet names;
	Arena strings;   /* names and user handles */
	int user_numbers; /* user handles get a number below this (0: none) */
} Plan;

static const char *short_name(const DemoModel *m)
{
	return m->name + m->short_off;
}

static int family_index(const char *name)
{
	for (int i = 0; i < COUNT(families); i++)
		if (strcmp(families[i].name, name) == 0)
			return i;
	return 0;
}

static int size_index(Kind k, const char *name)
{
	for (int i = 0; i < kinds[k].nsizes; i++)
		if (strcmp(kinds[k].sizes[i].name, name) == 0)
			return i;
	return 0;
}

static int random_family(Rng *r, Kind k)
{
	int candidates[COUNT(families)], n = 0;
	for (int i = 0; i < COUNT(families); i++)
		if (families[i].kind == k)
			candidates[n++] = i;
	return candidates[rng_below(r, n)];
}

static Kind random_kind(Rng *r)
{
	double u = rng_unit(r), acc = 0;
	for (int k = 0; k < K_COUNT; k++) {
		acc += kinds[k].root_weight;
		if (u < acc)
			return (Kind)k;
	}
	return K_LLM;
}

/* A person's handle. A registry of millions has hundreds of thousands of
 * uploaders: beyond USERS_WITHOUT_NUMBERS models most handles carry a
 * number, so that people (and their names' collisions) scale with it. */
#define USERS_WITHOUT_NUMBERS 20000

static void set_user_author(Plan *P, DemoModel *m, Rng *r)
{
	char handle[64];
	const char *suffix = PICK(r, handle_suffixes);
	const char *first = PICK(r, first_names);
	int len = snprintf(handle, sizeof handle, "%s%s", first, suffix);
	if (P->user_numbers > 0 && rng_chance(r, 1.0 - (double)USERS_WITHOUT_NUMBERS / P->n))
		snprintf(handle + len, sizeof handle - (size_t)len, "%s%d", handle[len - 1] >= '0' && handle[len - 1] <= '9' ? "-" : "",
			 rng_below(r, P->user_numbers));
	m->author = arena_strdup(&P->strings, handle);
	m->is_org = 0;
}

static void set_org_author(DemoModel *m, const char *org)
{
	m->author = org;
	m->is_org = 1;
}

/* Give m the name "author/base", made unique with a version suffix. In a
 * registry of millions the same author would otherwise publish "x-v1432":
 * after a few versions the model goes to another account of the same
 * kind (a numbered handle), as on the Hub, where thousands of people and
 * organisations publish the same base names. */
static void assign_name(Plan *P, DemoModel *m, const char *base)
{
	char cand[192];
	snprintf(cand, sizeof cand, "%s/%s", m->author, base);
	for (int v = 2; nameset_has(&P->names, cand); v++) {
		if (P->user_numbers > 0 && v > 4) {
			char handle[96];
			uint64_t h = mix64(P->seed ^ ((uint64_t)(m - P->m) << 8) ^ (uint64_t)v);
			snprintf(handle, sizeof handle, "%.80s-%d", m->author, (int)(h % (uint64_t)P->user_numbers));
			m->author = arena_strdup(&P->strings, handle);
			v = 1;
			snprintf(cand, sizeof cand, "%s/%s", m->author, base);
			continue;
		}
		snprintf(cand, sizeof cand, "%s/%s-v%d", m->author, base, v);
	}
	m->name = arena_strdup(&P->strings, cand);
	m->short_off = (int)strlen(m->author) + 1;
	nameset_add(&P->names, m->name);
}

static void add_lib(DemoModel *m, const char *lib)
{
	for (int i = 0; i < m->nlibs; i++)
		if (strcmp(m->libs[i], lib) == 0)
			return;
	if (m->nlibs < COUNT(m->libs))
		m->libs[m->nlibs++] = lib;
}

/* Libraries with the co-occurrence the Hub shows: most models carry
 * transformers + safetensors + pytorch, quantizations mostly only gguf,
 * adapters peft, and so on. The primary library is the most specific. */
static void choose_libraries(DemoModel *m, Rng *r)
{
	if (m->quant >= 0) {
		const Quant *q = &kinds[m->kind].quants[m->quant];
		add_lib(m, q->library);
		if (strcmp(q->library, "gguf") == 0) {
			if (rng_chance(r, 0.12))
				add_lib(m, "transformers");
		} else if (strcmp(q->library, "transformers") == 0) {
			add_lib(m, "safetensors");
			if (rng_chance(r, 0.5))
				add_lib(m, "pytorch");
		} else if (strcmp(q->library, "mlx") == 0) {
			add_lib(m, "safetensors");
		} else if (strcmp(q->library, "onnx") == 0 && rng_chance(r, 0.4)) {
			add_lib(m, "transformers.js");
		}
	} else if (m->rel == REL_ADAPTER) {
		if (m->kind == K_DIFFUSION) {
			add_lib(m, "diffusers");
		} else {
			add_lib(m, "peft");
			if (rng_chance(r, 0.3))
				add_lib(m, "transformers");
		}
		if (rng_chance(r, 0.8))
			add_lib(m, "safetensors");
		if (rng_chance(r, 0.15))
			add_lib(m, "tensorboard");
	} else {
		switch (m->kind) {
		case K_LLM:
			if (rng_chance(r, 0.96))
				add_lib(m, "transformers");
			if (rng_chance(r, 0.86))
				add_lib(m, "safetensors");
			if (rng_chance(r, 0.7))
				add_lib(m, "pytorch");
			if (m->rel >= 0 && rng_chance(r, 0.12))
				add_lib(m, "tensorboard");
			if (rng_chance(r, 0.03))
				add_lib(m, "jax");
			if (rng_chance(r, 0.03))
				add_lib(m, "gguf");
			break;
		case K_ENCODER:
		case K_TRANSLATE:
			add_lib(m, "transformers");
			if (rng_chance(r, 0.9))
				add_lib(m, "pytorch");
			if (rng_chance(r, 0.65))
				add_lib(m, "safetensors");
			if (rng_chance(r, 0.2))
				add_lib(m, "tf");
			if (rng_chance(r, 0.08))
				add_lib(m, "jax");
			if (rng_chance(r, 0.08))
				add_lib(m, "onnx");
			if (m->rel >= 0 && rng_chance(r, 0.15))
				add_lib(m, "tensorboard");
			break;
		case K_EMBED:
			if (rng_chance(r, 0.9))
				add_lib(m, "sentence-transformers");
			add_lib(m, "transformers");
			if (rng_chance(r, 0.8))
				add_lib(m, "pytorch");
			if (rng_chance(r, 0.75))
				add_lib(m, "safetensors");
			if (rng_chance(r, 0.25))
				add_lib(m, "onnx");
			break;
		case K_VISION:
			if (rng_chance(r, 0.45))
				add_lib(m, "timm");
			if (m->nlibs == 0 || rng_chance(r, 0.5))
				add_lib(m, "transformers");
			if (rng_chance(r, 0.9))
				add_lib(m, "pytorch");
			if (rng_chance(r, 0.7))
				add_lib(m, "safetensors");
			if (m->rel >= 0 && rng_chance(r, 0.1))
				add_lib(m, "tensorboard");
			break;
		case K_DIFFUSION:
			add_lib(m, "diffusers");
			if (rng_chance(r, 0.85))
				add_lib(m, "safetensors");
			break;
		case K_ASR:
			add_lib(m, "transformers");
			add_lib(m, "pytorch");
			if (rng_chance(r, 0.75))
				add_lib(m, "safetensors");
			if (m->rel >= 0 && rng_chance(r, 0.25))
				add_lib(m, "tensorboard");
			if (rng_chance(r, 0.05))
				add_lib(m, "jax");
			break;
		case K_RL:
			add_lib(m, rng_chance(r, 0.6) ? "stable-baselines3" : "ml-agents");
			break;
		case K_COUNT:
			break;
		}
	}
	if (m->nlibs == 0)
		add_lib(m, "transformers");
	static const char *const priority[] = {
		"gguf", "mlx", "peft", "diffusers", "sentence-transformers", "timm", "stable-baselines3", "ml-agents",
		"openvino", "transformers", "onnx", "transformers.js", "safetensors", "pytorch",
	};
	m->library = m->libs[0];
	for (int p = 0; p < COUNT(priority); p++)
		for (int i = 0; i < m->nlibs; i++)
			if (strcmp(m->libs[i], priority[p]) == 0) {
				m->library = m->libs[i];
				return;
			}
}

static const char *random_license(Kind k, Rng *r)
{
	static const char *const general[] = {"apache-2.0", "apache-2.0", "apache-2.0", "mit", "mit",
					      "cc-by-4.0", "cc-by-nc-4.0", "other", "gpl-3.0", "bsd-3-clause"};
	static const char *const llm[] = {"apache-2.0", "apache-2.0", "mit", "other", "other", "cc-by-nc-4.0",
					  "openrail"};
	static const char *const diffusion[] = {"creativeml-openrail-m", "openrail++", "openrail++", "apache-2.0",
						"other"};
	if (k == K_LLM)
		return PICK(r, llm);
	if (k == K_DIFFUSION)
		return PICK(r, diffusion);
	return PICK(r, general);
}

/* log of a Pareto sample: a heavy tail with a median in the tens. Above
 * ~400k the tail is bent down so that chance alone rarely beats the big
 * base models everyone uses (they are set explicitly in plan_root). */
static double pareto_log(Rng *r)
{
	const double xm = 3.0, alpha = 0.62, bend = 13.0;
	double x = log(xm) - log(rng_open(r)) / alpha;
	return x > bend ? bend + 0.5 * (x - bend) : x;
}

static void add_lang(DemoModel *m, const char *lang)
{
	for (int i = 0; i < m->nlangs; i++)
		if (strcmp(m->langs[i], lang) == 0)
			return;
	if (m->nlangs < COUNT(m->langs))
		m->langs[m->nlangs++] = lang;
}

static void root_languages(DemoModel *m, Rng *r)
{
	const Size *sz = &kinds[m->kind].sizes[m->size];
	if (m->kind == K_RL || m->kind == K_VISION || m->kind == K_DIFFUSION)
		return;
	if (m->kind == K_TRANSLATE) {
		/* The language pair is the size word, e.g. "en-de". */
		static char pairs[COUNT(mt_sizes)][2][3];
		int i = m->size;
		memcpy(pairs[i][0], sz->name, 2);
		memcpy(pairs[i][1], sz->name + 3, 2);
		add_lang(m, pairs[i][0]);
		add_lang(m, pairs[i][1]);
		return;
	}
	if (strcmp(m->author, "北极星-ai") == 0)
		add_lang(m, "zh");
	if (strcmp(families[m->family].name, "mésange") == 0)
		add_lang(m, "fr");
	add_lang(m, "en");
	if (m->kind == K_ASR || rng_chance(r, 0.15))
		add_lang(m, PICK(r, languages_extra));
}

static void plan_root(Plan *P, int i)
{
	DemoModel *m = &P->m[i];
	Rng r = rng_stream(P->seed, S_ROOT, (uint64_t)i);
	char base[96];

	m->rel = -1;
	m->task = m->quant = m->merge_method = -1;
	m->gated = "no";
	if (i < P->nshow) {
		m->family = family_index(showcase[i].family);
		m->kind = families[m->family].kind;
		m->size = size_index(m->kind, showcase[i].size);
		set_org_author(m, showcase[i].org);
		snprintf(base, sizeof base, "%s", showcase[i].name);
		m->created = 730 + 29 * i + rng_below(&r, 20);
		if (i < P->nbig)
			m->logpop = log(3.0e7) - 0.5 * i + 0.2 * rng_normal(&r);
		else
			m->logpop = log(4.0e5) + 0.3 * rng_normal(&r);
		if (i == 1)
			m->gated = "manual";
		else if (i == 2)
			m->gated = "auto";
	} else {
		m->kind = random_kind(&r);
		m->family = random_family(&r, m->kind);
		m->size = rng_below(&r, kinds[m->kind].nsizes);
		if (m->kind != K_RL && rng_chance(&r, 0.35))
			set_org_author(m, PICK(&r, orgs));
		else
			set_user_author(P, m, &r);
		const char *fam = families[m->family].name, *infix = families[m->family].infix;
		const char *size = kinds[m->kind].sizes[m->size].name;
		static const char *const gens[] = {"", "", "", "2-", "1.5-", "3-"};
		static const char *const variants[] = {"", "", "", "-cased", "-uncased", "-multilingual"};
		static const char *const vision_variants[] = {"", "-224", "-patch16-224", "-384"};
		static const char *const embed_versions[] = {"", "-v1", "-v1.5", "-v2"};
		switch (m->kind) {
		case K_LLM: {
			const char *base_suffix = rng_chance(&r, 0.2) ? "-base" : "";
			const char *gen = PICK(&r, gens);
			snprintf(base, sizeof base, "%s-%s%s%s", fam, gen, size, base_suffix);
			break;
		}
		case K_ENCODER:
			snprintf(base, sizeof base, "%s-%s-%s%s", fam, infix, size, PICK(&r, variants));
			break;
		case K_EMBED:
			snprintf(base, sizeof base, "%s-%s-%s%s", fam, infix, size, PICK(&r, embed_versions));
			break;
		case K_VISION:
			snprintf(base, sizeof base, "%s-%s-%s%s", fam, infix, size, PICK(&r, vision_variants));
			break;
		case K_DIFFUSION:
			if (m->is_org)
				snprintf(base, sizeof base, "%s-%s-%s", fam, infix, size);
			else {
				int version = 1 + rng_below(&r, 9);
				snprintf(base, sizeof base, "%s-mix-v%d", PICK(&r, name_words), version);
			}
			break;
		case K_ASR:
		case K_TRANSLATE:
			snprintf(base, sizeof base, "%s-%s-%s", fam, infix, size);
			break;
		case K_RL:
		case K_COUNT:
			snprintf(base, sizeof base, "%s-%s", fam, size);
			break;
		}
		/* Most people upload fine-tunes without declaring a parent. */
		if (!m->is_org && kinds[m->kind].ntasks > 0 && m->kind != K_DIFFUSION && rng_chance(&r, 0.6)) {
			m->task = rng_below(&r, kinds[m->kind].ntasks);
			size_t len = strlen(base);
			snprintf(base + len, sizeof base - len, "-%s", kinds[m->kind].tasks[m->task].suffix);
		}
		int first = kinds[m->kind].first_day;
		m->created = first + (int)((LAST_DAY - first) * sqrt(rng_unit(&r)));
		m->logpop = pareto_log(&r) + (m->is_org ? 1.3 : 0.0) + (m->kind == K_RL ? -1.5 : 0.0);
	}
	m->secs = rng_below(&r, 86400);
	assign_name(P, m, base);

	const Task *task = m->task >= 0 ? &kinds[m->kind].tasks[m->task] : NULL;
	m->pipeline = task && task->pipeline ? task->pipeline : kinds[m->kind].pipeline;
	m->license = i < P->nshow || rng_chance(&r, 0.85) ? random_license(m->kind, &r) : NULL;
	m->dataset = task ? task->dataset : m->is_org ? kinds[m->kind].pretrain : NULL;
	root_languages(m, &r);
	if (task && task->language)
		add_lang(m, task->language);
	m->params = kinds[m->kind].sizes[m->size].params;
	choose_libraries(m, &r);
	intvec_push(&P->members[i], i);
}

/* A node that can take children: roots, fine-tunes and merges, not too deep. */
static int can_be_parent(const DemoModel *m)
{
	return (m->rel < 0 || m->rel == REL_FINETUNE || m->rel == REL_MERGE) && m->depth <= 3;
}

/* A parent inside tree t; about 40% of children attach to the root itself,
 * the rest spread over the tree so it grows several levels deep. */
static int pick_in_tree(const Plan *P, int t, Rng *r)
{
	const IntVec *iv = &P->members[t];
	if (iv->n == 1 || rng_chance(r, 0.4))
		return t;
	for (int tries = 0; tries < 8; tries++) {
		int c = iv->v[rng_below(r, iv->n)];
		if (can_be_parent(&P->m[c]))
			return c;
	}
	return t;
}

/* A quantization in tree t that people put adapters on (QLoRA), or -1. */
static int pick_quantized_in_tree(const Plan *P, int t, Rng *r)
{
	const IntVec *iv = &P->members[t];
	for (int tries = 0; tries < 6; tries++) {
		const DemoModel *c = &P->m[iv->v[rng_below(r, iv->n)]];
		if (c->quant >= 0 && strcmp(kinds[c->kind].quants[c->quant].library, "transformers") == 0)
			return (int)(c - P->m);
	}
	return -1;
}

static int pick_tree(const Plan *P, Rng *r)
{
	if (P->nbig > 0 && rng_chance(r, 0.42)) {
		/* Zipf over the big roots: the first gets the most. */
		double total = 0, u;
		for (int b = 0; b < P->nbig; b++)
			total += 1.0 / (b + 1);
		u = rng_unit(r) * total;
		for (int b = 0; b < P->nbig; b++) {
			u -= 1.0 / (b + 1);
			if (u < 0)
				return b;
		}
		return 0;
	}
	for (int tries = 0; tries < 6; tries++) {
		/* Preferential: popular roots attract most reuse. */
		int t = P->root_order[(int)(P->nroots * pow(rng_unit(r), 3.0))];
		if (P->m[t].kind != K_RL)
			return t;
	}
	return 0;
}

/* Per kind of parent; over the whole registry this gives the Hub's mix of
 * declared relations (about 43% adapters, 36% fine-tunes, 19%
 * quantizations, 2% merges; a merge without a second parent found becomes
 * a fine-tune). */
static Relation pick_relation(Kind k, Rng *r)
{
	double u = rng_unit(r);
	switch (k) {
	case K_LLM:
		return u < 0.30 ? REL_FINETUNE : u < 0.755 ? REL_ADAPTER : u < 0.975 ? REL_QUANTIZED : REL_MERGE;
	case K_DIFFUSION:
		return u < 0.26 ? REL_FINETUNE : u < 0.92 ? REL_ADAPTER : u < 0.97 ? REL_QUANTIZED : REL_MERGE;
	default:
		return u < 0.52 ? REL_FINETUNE : u < 0.90 ? REL_ADAPTER : REL_QUANTIZED;
	}
}

/* A second or third parent for a merge: same tree if possible, else the
 * root of another popular tree of the same kind. -1 when none is found. */
static int pick_merge_partner(const Plan *P, int t, const DemoModel *child, Rng *r)
{
	for (int tries = 0; tries < 10; tries++) {
		int c;
		if (tries < 5 && P->members[t].n > 2)
			c = P->members[t].v[rng_below(r, P->members[t].n)];
		else
			c = P->root_order[rng_below(r, P->nroots < 40 ? P->nroots : 40)];
		if (c >= (int)(child - P->m) || !can_be_parent(&P->m[c]) || P->m[c].kind != child->kind)
			continue;
		int dup = 0;
		for (int k = 0; k < child->nparents; k++)
			dup |= child->parents[k] == c;
		if (!dup)
			return c;
	}
	return -1;
}

static void plan_child(Plan *P, int i)
{
	DemoModel *m = &P->m[i];
	Rng r = rng_stream(P->seed, S_CHILD, (uint64_t)i);
	int t = pick_tree(P, &r);
	Relation rel = pick_relation(P->m[t].kind, &r);
	int p = -1;

	if (rel == REL_ADAPTER && rng_chance(&r, 0.015))
		p = pick_quantized_in_tree(P, t, &r);
	if (p < 0)
		p = pick_in_tree(P, t, &r);
	const DemoModel *par = &P->m[p];

	m->rel = (int)rel;
	m->parents[0] = p;
	m->nparents = 1;
	m->kind = par->kind;
	m->family = par->family;
	m->size = par->size;
	m->task = m->quant = m->merge_method = -1;
	m->gated = "no";
	if (rel == REL_MERGE) {
		int q = pick_merge_partner(P, t, m, &r);
		if (q >= 0)
			m->parents[m->nparents++] = q;
		if (q >= 0 && rng_chance(&r, 0.3) && (q = pick_merge_partner(P, t, m, &r)) >= 0)
			m->parents[m->nparents++] = q;
		if (m->nparents < 2)
			m->rel = rel = REL_FINETUNE;
	}

	const KindInfo *ki = &kinds[m->kind];
	const char *stem = short_name(par);
	char stem_buf[96], base[112];
	if (strlen(stem) > 56) {
		snprintf(stem_buf, sizeof stem_buf, "%s-%s", families[m->family].name, ki->sizes[m->size].name);
		stem = stem_buf;
	}
	switch (rel) {
	case REL_FINETUNE:
		if (ki->ntasks > 0 && (par->task < 0 || rng_chance(&r, 0.6))) {
			m->task = rng_below(&r, ki->ntasks);
			if (par->rel < 0 && rng_chance(&r, 0.25))
				snprintf(base, sizeof base, "%s-%s-%s", PICK(&r, name_words), stem, ki->tasks[m->task].suffix);
			else
				snprintf(base, sizeof base, "%s-%s", stem, ki->tasks[m->task].suffix);
		} else {
			/* "x-dpo-dpo" only when every other suffix is taken. */
			const char *suffix = PICK(&r, generic_suffixes);
			for (int tries = 0; tries < 4 && strstr(stem, suffix); tries++)
				suffix = PICK(&r, generic_suffixes);
			m->task = par->task;
			snprintf(base, sizeof base, "%s-%s", stem, suffix);
		}
		break;
	case REL_ADAPTER:
		if (ki->ntasks > 0 && rng_chance(&r, 0.8)) {
			m->task = rng_below(&r, ki->ntasks);
			snprintf(base, sizeof base, "%s-%s-%s", stem, ki->tasks[m->task].suffix, PICK(&r, adapter_suffixes));
		} else {
			m->task = par->task;
			snprintf(base, sizeof base, "%s-%s", stem, PICK(&r, adapter_suffixes));
		}
		break;
	case REL_QUANTIZED:
		m->task = par->task;
		m->quant = rng_below(&r, ki->nquants);
		snprintf(base, sizeof base, "%s-%s", stem, ki->quants[m->quant].suffix);
		break;
	case REL_MERGE:
	default:
		m->merge_method = rng_below(&r, COUNT(merge_methods));
		if (rng_chance(&r, 0.5))
			snprintf(base, sizeof base, "%s-%s-%s-%s", PICK(&r, name_words), families[m->family].name,
				 ki->sizes[m->size].name, merge_methods[m->merge_method]);
		else if (P->m[m->parents[1]].family != m->family)
			snprintf(base, sizeof base, "%s-%s-%s", stem, families[P->m[m->parents[1]].family].name,
				 merge_methods[m->merge_method]);
		else
			snprintf(base, sizeof base, "%s-%s-%s", stem, PICK(&r, name_words), merge_methods[m->merge_method]);
		break;
	}

	/* Who publishes which kind of child. */
	double u = rng_unit(&r);
	if (rel == REL_QUANTIZED && u < 0.65)
		set_org_author(m, PICK(&r, quantizers));
	else if (rel == REL_MERGE && u < 0.35)
		set_org_author(m, PICK(&r, mergers));
	else if (rel == REL_FINETUNE && u < 0.2)
		set_org_author(m, rng_chance(&r, 0.3) ? par->author : PICK(&r, orgs));
	else
		set_user_author(P, m, &r);
	assign_name(P, m, base);

	/* Children come after all their parents. */
	int after = 0, depth = 0;
	for (int k = 0; k < m->nparents; k++) {
		const DemoModel *pk = &P->m[m->parents[k]];
		if (pk->created > after)
			after = pk->created;
		if (pk->depth + 1 > depth)
			depth = pk->depth + 1;
	}
	m->depth = depth;
	after = after + 1 > LAST_DAY ? LAST_DAY : after + 1;
	double lag = rel == REL_QUANTIZED ? 3.0 : rel == REL_ADAPTER ? 1.5 : 1.2;
	m->created = after + (int)((LAST_DAY - after + 1) * pow(rng_unit(&r), lag));
	if (m->created > LAST_DAY)
		m->created = LAST_DAY;
	m->secs = rng_below(&r, 86400);

	/* Popularity: its own luck, a little of the parent's, and the kind of repo. */
	m->logpop = pareto_log(&r) + 0.25 * ((par->logpop < 14.0 ? par->logpop : 14.0) - 2.5);
	if (rel == REL_ADAPTER)
		m->logpop -= 1.2;
	else if (rel == REL_QUANTIZED)
		m->logpop += m->is_org ? 0.9 : -0.3;
	else if (rel == REL_MERGE)
		m->logpop -= 0.2;
	if (m->is_org && rel != REL_QUANTIZED)
		m->logpop += 0.8;

	const Task *task = m->task >= 0 ? &ki->tasks[m->task] : NULL;
	m->pipeline = task && task->pipeline && rel != REL_QUANTIZED ? task->pipeline : par->pipeline;
	u = rng_unit(&r);
	m->license = u < 0.8 ? par->license : u < 0.92 ? random_license(m->kind, &r) : NULL;
	if (rel == REL_FINETUNE || rel == REL_ADAPTER)
		m->dataset = task ? task->dataset : NULL;
	for (int k = 0; k < par->nlangs; k++)
		add_lang(m, par->langs[k]);
	if (task && task->language && rel != REL_QUANTIZED)
		add_lang(m, task->language);
	if (rel == REL_ADAPTER)
		m->params = par->params > 0 ? par->params / 190 : -1;
	else if (rel == REL_QUANTIZED)
		m->params = -1;
	else if (rel == REL_MERGE && m->merge_method == 5)
		m->params = par->params / 2 * 3;
	else
		m->params = par->params;
	choose_libraries(m, &r);
	intvec_push(&P->members[t], i);
}

/* Downloads over the four snapshots: the model's level, a multiplicative
 * random walk, a launch spike for some new models, and a partial first
 * month. Likes grow with age and follow downloads. */
/* Tuned so that about 35-45% of the top 100 turns over between snapshots,
 * as the paper measured on the Hub: a permanent random walk, a transient
 * monthly swing, and a launch spike for a quarter of the models created
 * from October 2023 that fades over a month or two. */
static const double walk_sigma = 0.7, transient_sigma = 1.0;
static const double hype_share = 0.25, hype_min = 3.5, hype_range = 4.0, hype_days = 30.0;
static const double hype_ceiling = 14.0; /* log of ~1.2M downloads */

static void plan_popularity(Plan *P, int i)
{
	DemoModel *m = &P->m[i];
	Rng r = rng_stream(P->seed, S_POP, (uint64_t)i);
	double walk = 0.35 * rng_normal(&r);
	double hype = m->created >= 1000 && rng_chance(&r, hype_share) ? hype_min + hype_range * rng_unit(&r) : 0.0;
	double peak = -1e9;
	/* The most downloaded models (a base model everyone uses) are steadier. */
	double calm = m->logpop > 10.0 ? 1.0 - (m->logpop - 10.0) / 8.0 : 1.0;
	if (calm < 0.35)
		calm = 0.35;

	for (int s = 0; s < HF_SNAPSHOTS; s++) {
		if (m->created >= snapshot_day[s]) {
			m->downloads[s] = -1;
			continue;
		}
		int age = snapshot_day[s] - m->created;
		walk += walk_sigma * calm * rng_normal(&r);
		double level = m->logpop + walk + transient_sigma * calm * rng_normal(&r);
		/* A launch lifts a model into the charts, not to the very top. */
		double lift = hype * exp(-age / hype_days), room = hype_ceiling - level;
		level += lift < room ? lift : room > 0 ? room : 0;
		if (age < 30)
			level += log((age + 1) / 31.0);
		/* Soften the very top (tens of millions at most), then guard the
		 * conversion to an integer. */
		if (level > 16.0)
			level = 16.0 + 0.4 * (level - 16.0);
		if (level > 19.5)
			level = 19.5;
		double d = floor(exp(level) - 2.0);
		m->downloads[s] = d < 0 ? 0 : (int64_t)d;
		if (level > peak)
			peak = level;
	}
	double total_likes = exp(0.8 * peak - 3.0 + 0.6 * rng_normal(&r));
	int last_age = snapshot_day[HF_SNAPSHOTS - 1] - m->created;
	for (int s = 0; s < HF_SNAPSHOTS; s++) {
		if (m->downloads[s] < 0) {
			m->likes[s] = -1;
			continue;
		}
		double share = pow((double)(snapshot_day[s] - m->created) / last_age, 0.6);
		m->likes[s] = (int64_t)floor(total_likes * share);
	}
	double u1 = rng_unit(&r);
	double u2 = rng_unit(&r);
	m->modified = m->created + (int)((LAST_DAY - m->created) * u1 * u2);
	m->modified_secs = m->modified == m->created ? m->secs + rng_below(&r, 86400 - m->secs) : rng_below(&r, 86400);
}

static const Plan *sort_plan; /* qsort has no context argument */

static int by_root_pop(const void *a, const void *b)
{
	const DemoModel *x = &sort_plan->m[*(const int *)a], *y = &sort_plan->m[*(const int *)b];
	if (x->logpop != y->logpop)
		return x->logpop > y->logpop ? -1 : 1;
	return *(const int *)a - *(const int *)b;
}

static int by_last_downloads(const void *a, const void *b)
{
	const DemoModel *x = &sort_plan->m[*(const int *)a], *y = &sort_plan->m[*(const int *)b];
	int64_t dx = x->downloads[HF_SNAPSHOTS - 1], dy = y->downloads[HF_SNAPSHOTS - 1];
	if (dx != dy)
		return dx > dy ? -1 : 1;
	return *(const int *)a - *(const int *)b;
}

static void plan_free(Plan *P)
{
	if (P->members)
		for (int i = 0; i < P->nroots; i++)
			free(P->members[i].v);
	free(P->members);
	free(P->root_order);
	free(P->names.slot);
	arena_free(&P->strings);
	free(P->m);
}

static void plan_build(Plan *P, int n, uint64_t seed)
{
	memset(P, 0, sizeof *P);
	P->seed = seed;
	P->n = n;
	P->m = xcalloc((size_t)n, sizeof *P->m);
	P->nroots = n - (int)(0.3 * n + 0.5);
	if (P->nroots < 1)
		P->nroots = 1;
	P->nshow = P->nroots < COUNT(showcase) ? P->nroots : COUNT(showcase);
	P->nbig = 3 + n / 5000;
	if (P->nbig > P->nshow)
		P->nbig = P->nshow;
	P->members = xcalloc((size_t)P->nroots, sizeof *P->members);
	nameset_init(&P->names, (size_t)n);
	/* About one uploader for every eight models: 240 handles times this. */
	if (n > USERS_WITHOUT_NUMBERS)
		P->user_numbers = n / 2000 + 10;

	for (int i = 0; i < P->nroots; i++)
		plan_root(P, i);
	P->root_order = xmalloc((size_t)P->nroots * sizeof *P->root_order);
	for (int i = 0; i < P->nroots; i++)
		P->root_order[i] = i;
	sort_plan = P;
	qsort(P->root_order, (size_t)P->nroots, sizeof *P->root_order, by_root_pop);
	for (int i = P->nroots; i < n; i++)
		plan_child(P, i);
	for (int i = 0; i < n; i++)
		plan_popularity(P, i);

	int *order = xmalloc((size_t)n * sizeof *order);
	for (int i = 0; i < n; i++)
		order[i] = i;
	sort_plan = P;
	qsort(order, (size_t)n, sizeof *order, by_last_downloads);
	for (int k = 0; k < n; k++)
		P->m[order[k]].popularity = n > 1 ? 1.0 - (double)k / (n - 1) : 1.0;
	free(order);
}

/* ---- model cards ---- */

enum { SEC_DESC, SEC_LIMITS, SEC_USAGE, SEC_TRAINING, SEC_EVAL, SEC_COUNT };
enum { SEC_ABSENT, SEC_PLACEHOLDER, SEC_PRESENT };
typedef enum { STYLE_TEMPLATE, STYLE_TRAINER, STYLE_FREE, STYLE_QUANT, STYLE_RL } CardStyle;

#define PLACEHOLDER "[More Information Needed]"

/* Metadata fields the card's front matter declares, for model_meta. */
typedef struct CardMeta {
	const char *field[12];
	StrBuf value[12];
	int n;
} CardMeta;

static StrBuf *meta_field(CardMeta *cm, const char *field)
{
	if (cm->n == COUNT(cm->field)) /* never with the fields put_front_matter writes */
		cm->n--;
	cm->field[cm->n] = field;
	sb_reset(&cm->value[cm->n]);
	return &cm->value[cm->n++];
}

typedef struct CardCtx {
	const Plan *P;
	const DemoModel *m;
	Rng r;
	StrBuf *sb;
	CardStyle style;
	int sec[SEC_COUNT];
	int bare;
	int showcase;
	double q;              /* popularity percentile */
	double reward, spread; /* an RL agent's evaluation, same in YAML and text */
} CardCtx;

static const DemoModel *parent_of(const CardCtx *c, int k)
{
	return k < c->m->nparents ? &c->P->m[c->m->parents[k]] : NULL;
}

/* The k-th parent where the caller knows there is one (k < nparents). */
static const DemoModel *parent_at(const CardCtx *c, int k)
{
	return &c->P->m[c->m->parents[k]];
}

static const char *kind_tag(const DemoModel *m)
{
	return m->task >= 0 ? kinds[m->kind].tasks[m->task].tag : NULL;
}

static void put_link_model(StrBuf *sb, const DemoModel *m)
{
	sb_printf(sb, "[%s](https://huggingface.co/%s)", m->name, m->name);
}

static void put_front_matter(CardCtx *c, CardMeta *cm)
{
	const DemoModel *m = c->m;
	StrBuf *sb = c->sb;
	Rng *r = &c->r;
	double pm = 0.35 + 0.6 * c->q;
	StrBuf *v;

	if (c->bare) {
		sb_puts(sb, "---\nlibrary_name: transformers\ntags: []\n---\n\n");
		sb_puts(meta_field(cm, "library"), "transformers");
		return;
	}
	if (!c->showcase && rng_chance(r, 0.08))
		return; /* some cards have no front matter at all */
	sb_puts(sb, "---\n");
	if (m->license && (c->showcase || rng_chance(r, pm + 0.25))) {
		sb_printf(sb, "license: %s\n", m->license);
		sb_puts(meta_field(cm, "license"), m->license);
	}
	if (m->nlangs > 0 && (c->showcase || rng_chance(r, pm))) {
		sb_puts(sb, "language:\n");
		v = meta_field(cm, "language");
		for (int i = 0; i < m->nlangs; i++) {
			sb_printf(sb, "- %s\n", m->langs[i]);
			sb_printf(v, "%s%s", i ? ", " : "", m->langs[i]);
		}
	}
	if (c->showcase || rng_chance(r, pm)) {
		sb_printf(sb, "library_name: %s\n", m->library);
		sb_puts(meta_field(cm, "library"), m->library);
	}
	if (c->showcase || rng_chance(r, pm - 0.1)) {
		sb_printf(sb, "pipeline_tag: %s\n", m->pipeline);
		sb_puts(meta_field(cm, "pipeline_tag"), m->pipeline);
	}
	if (m->nparents > 0 && rng_chance(r, 0.88)) {
		v = meta_field(cm, "base_model");
		if (m->nparents == 1) {
			sb_printf(sb, "base_model: %s\n", parent_at(c, 0)->name);
			sb_puts(v, parent_at(c, 0)->name);
		} else {
			sb_puts(sb, "base_model:\n");
			for (int k = 0; k < m->nparents; k++) {
				sb_printf(sb, "- %s\n", parent_at(c, k)->name);
				sb_printf(v, "%s%s", k ? ", " : "", parent_at(c, k)->name);
			}
		}
		if (m->rel == REL_QUANTIZED && rng_chance(r, 0.4))
			sb_puts(sb, "base_model_relation: quantized\n");
	}
	const char *tags[4];
	int nt = 0;
	if (kind_tag(m))
		tags[nt++] = kind_tag(m);
	if (c->style == STYLE_TRAINER)
		tags[nt++] = "generated_from_trainer";
	if (m->rel == REL_MERGE) {
		tags[nt++] = "mergekit";
		tags[nt++] = "merge";
	}
	if (m->kind == K_RL)
		tags[nt++] = m->libs[0];
	if (nt > 0 && rng_chance(r, 0.75)) {
		sb_puts(sb, "tags:\n");
		v = meta_field(cm, "tags");
		for (int i = 0; i < nt; i++) {
			sb_printf(sb, "- %s\n", tags[i]);
			sb_printf(v, "%s%s", i ? ", " : "", tags[i]);
		}
	}
	if (m->dataset && (c->showcase || rng_chance(r, pm))) {
		sb_printf(sb, "datasets:\n- %s\n", m->dataset);
		sb_puts(meta_field(cm, "datasets"), m->dataset);
	}
	if (c->sec[SEC_EVAL] == SEC_PRESENT && (c->showcase || rng_chance(r, pm - 0.15))) {
		const char *metric = m->kind == K_LLM ? "accuracy"
				   : m->kind == K_ASR ? "wer"
				   : m->kind == K_TRANSLATE ? "bleu"
				   : m->kind == K_DIFFUSION ? "clip_score"
				   : m->kind == K_RL ? "mean_reward" : "f1";
		sb_printf(sb, "metrics:\n- %s\n", metric);
		sb_puts(meta_field(cm, "metrics"), metric);
	}
	if (c->sec[SEC_EVAL] == SEC_PRESENT && (m->kind == K_LLM || m->kind == K_RL) &&
	    (c->showcase || rng_chance(r, 0.5))) {
		sb_printf(sb, "model-index:\n- name: %s\n  results:\n  - task:\n      type: %s\n", short_name(m),
			  m->pipeline);
		if (m->kind == K_RL) {
			sb_printf(sb, "    dataset:\n      name: %s\n      type: %s\n    metrics:\n"
				  "    - type: mean_reward\n      value: %.2f +/- %.2f\n      name: mean_reward\n",
				  kinds[K_RL].sizes[m->size].name, kinds[K_RL].sizes[m->size].name, c->reward, c->spread);
		} else {
			sb_printf(sb, "    dataset:\n      name: MMLU (5-shot)\n      type: cais/mmlu\n    metrics:\n"
				  "    - type: acc\n      value: %.1f\n      name: accuracy\n",
				  30 + 45 * rng_unit(r));
		}
		sb_puts(meta_field(cm, "eval_results"), "1 result");
	}
	sb_puts(sb, "---\n\n");
}

static void put_placeholder(StrBuf *sb)
{
	sb_puts(sb, PLACEHOLDER "\n\n");
}

/* "a 7B-parameter", "an 8B-parameter", "a base-size", "an en-de": the
 * article and size that open a root's description. */
static const char *size_phrase(const DemoModel *m, char buf[48])
{
	const Size *sz = &kinds[m->kind].sizes[m->size];
	char word[40];
	if (m->kind == K_LLM) {
		snprintf(word, sizeof word, "%s-parameter", sz->name);
		for (char *p = word; *p && *p != '-'; p++)
			if (*p == 'b' || *p == 'm')
				*p = (char)(*p - 'a' + 'A');
	} else if (m->kind == K_TRANSLATE) {
		snprintf(word, sizeof word, "%s", sz->name);
	} else if (m->kind == K_DIFFUSION || m->kind == K_RL) {
		snprintf(buf, 48, "a");
		return buf;
	} else {
		snprintf(word, sizeof word, "%s-size", sz->name);
	}
	snprintf(buf, 48, "%s %s", strchr("aeiou8", word[0]) ? "an" : "a", word);
	return buf;
}

/* The opening paragraph: what the model is and where it comes from. */
static void put_intro(CardCtx *c)
{
	const DemoModel *m = c->m, *p = parent_of(c, 0);
	StrBuf *sb = c->sb;
	Rng *r = &c->r;
	const Task *task = m->task >= 0 ? &kinds[m->kind].tasks[m->task] : NULL;
	char sz[48];

	switch (m->rel) {
	case REL_FINETUNE:
		sb_printf(sb, "**%s** is a fine-tuned version of ", short_name(m));
		put_link_model(sb, p);
		if (task)
			sb_printf(sb, ", tuned %s.", task->purpose);
		else
			sb_puts(sb, ".");
		break;
	case REL_ADAPTER:
		sb_puts(sb, "This repository contains a LoRA adapter for ");
		put_link_model(sb, p);
		if (task)
			sb_printf(sb, " %s.", task->purpose);
		else
			sb_puts(sb, ".");
		sb_puts(sb, " Load it on top of the base model; the base weights are not included.");
		break;
	case REL_QUANTIZED:
		sb_printf(sb, "This repository contains %s quantizations of ", kinds[m->kind].quants[m->quant].format);
		put_link_model(sb, p);
		sb_puts(sb, ". The quantized files are smaller and faster at a small cost in quality.");
		break;
	case REL_MERGE:
		sb_printf(sb, "**%s** is a merge of pre-trained language models created with "
			  "[mergekit](https://github.com/arcee-ai/mergekit) using the *%s* method.",
			  short_name(m), merge_method_names[m->merge_method]);
		break;
	default:
		sb_printf(sb, "**%s** is %s %s %s by [%s](https://huggingface.co/%s).", short_name(m),
			  size_phrase(m, sz), kinds[m->kind].noun, m->is_org ? "pretrained from scratch" : "trained",
			  m->author, m->author);
		if (task)
			sb_printf(sb, " It is tuned %s.", task->purpose);
		break;
	}
	static const char *const root_extras[] = {
		" It was trained from a fresh initialisation on a cluster of accelerators.",
		" We release it to support research on reuse and evaluation.",
		" Feedback and pull requests are welcome.",
		" A technical report with the details is in preparation.",
	};
	static const char *const child_extras[] = {
		" It was trained on a single node over a few days.",
		" The tokenizer is unchanged from the base model.",
		" Feedback and pull requests are welcome.",
		" It is small enough to run on a laptop.",
	};
	int n = rng_below(r, 1 + (int)(3 * c->q));
	for (int i = 0; i < n; i++)
		sb_puts(sb, m->rel < 0 ? PICK(r, root_extras) : PICK(r, child_extras));
	sb_puts(sb, "\n\n");
	if (strcmp(m->author, "北极星-ai") == 0)
		sb_puts(sb, "本模型仅用于演示，并非真实存在的模型。欢迎在社区中讨论。\n\n");
	if (strcmp(families[m->family].name, "mésange") == 0)
		sb_puts(sb, "Ce modèle est fictif : il ne sert qu’à la démonstration de peat.\n\n");
}

static void put_merge_list(CardCtx *c)
{
	sb_puts(c->sb, "The following models were included in the merge:\n\n");
	for (int k = 0; k < c->m->nparents; k++) {
		sb_puts(c->sb, "* ");
		put_link_model(c->sb, parent_at(c, k));
		sb_puts(c->sb, "\n");
	}
	sb_puts(c->sb, "\n");
}

static void put_details_list(CardCtx *c)
{
	const DemoModel *m = c->m;
	StrBuf *sb = c->sb;
	sb_printf(sb, "- **Developed by:** %s\n", m->author);
	sb_printf(sb, "- **Model type:** %s\n", kinds[m->kind].noun);
	if (m->nlangs > 0) {
		sb_puts(sb, "- **Language(s) (NLP):** ");
		for (int i = 0; i < m->nlangs; i++)
			sb_printf(sb, "%s%s", i ? ", " : "", m->langs[i]);
		sb_puts(sb, "\n");
	}
	sb_printf(sb, "- **License:** %s\n", m->license ? m->license : "unknown");
	if (m->nparents > 0) {
		sb_puts(sb, "- **Finetuned from model:** ");
		put_link_model(sb, parent_at(c, 0));
		sb_puts(sb, "\n");
	}
	sb_puts(sb, "\n");
}

static void put_description_body(CardCtx *c)
{
	static const char *const root_sentences[] = {
		"It uses a standard transformer architecture with no custom code. ",
		"Training used mixed precision on a few hundred accelerators. ",
		"Checkpoints were selected on a held-out validation split. ",
		"Earlier revisions of this repository contain intermediate checkpoints. ",
	};
	static const char *const child_sentences[] = {
		"The architecture follows the base model without changes. ",
		"Training used mixed precision on eight accelerators. ",
		"Checkpoints were selected on a held-out validation split. ",
		"The model was released as part of a study on model reuse. ",
	};
	int n = 1 + rng_below(&c->r, 1 + (int)(3 * c->q));
	for (int i = 0; i < n; i++) {
		const char *sentence = c->m->rel < 0 ? PICK(&c->r, root_sentences) : PICK(&c->r, child_sentences);
		/* The list entries end with a space; the paragraph must not. */
		sb_add(c->sb, sentence, strlen(sentence) - (i == n - 1));
	}
	sb_puts(c->sb, "\n\n");
	if (c->m->rel == REL_MERGE)
		put_merge_list(c);
}

static void put_limitations_body(CardCtx *c)
{
	const DemoModel *m = c->m;
	StrBuf *sb = c->sb;
	sb_printf(sb, "Like other %ss, %s can produce output that is *wrong*, biased or offensive. ",
		  kinds[m->kind].noun, short_name(m));
	sb_puts(sb, "It has not been evaluated for high-stakes uses and should not be used to make decisions about people.\n\n");
	if (rng_chance(&c->r, 0.3 + 0.5 * c->q)) {
		sb_puts(sb, "Known issues:\n\n");
		sb_puts(sb, "- Quality drops on long inputs and rare domains.\n");
		if (m->nlangs > 0)
			sb_printf(sb, "- It was mostly trained on `%s` text; other languages work poorly.\n", m->langs[0]);
		sb_puts(sb, "- Its knowledge stops at the date of its training data.\n\n");
	}
}

static const char *auto_class(const char *pipeline)
{
	static const struct {
		const char *pipeline, *cls;
	} map[] = {
		{"text-generation", "AutoModelForCausalLM"},
		{"text-classification", "AutoModelForSequenceClassification"},
		{"zero-shot-classification", "AutoModelForSequenceClassification"},
		{"token-classification", "AutoModelForTokenClassification"},
		{"question-answering", "AutoModelForQuestionAnswering"},
		{"fill-mask", "AutoModelForMaskedLM"},
		{"summarization", "AutoModelForSeq2SeqLM"},
		{"translation", "AutoModelForSeq2SeqLM"},
		{"image-classification", "AutoModelForImageClassification"},
		{"object-detection", "AutoModelForObjectDetection"},
		{"automatic-speech-recognition", "AutoModelForSpeechSeq2Seq"},
	};
	for (int i = 0; i < COUNT(map); i++)
		if (strcmp(map[i].pipeline, pipeline) == 0)
			return map[i].cls;
	return "AutoModel";
}

static void put_usage_code(CardCtx *c)
{
	const DemoModel *m = c->m, *p = parent_of(c, 0);
	StrBuf *sb = c->sb;
	const char *lib = m->library;

	if (strcmp(lib, "gguf") == 0) {
		sb_printf(sb, "With llama.cpp:\n\n```shell\nllama-cli -hf %s:Q4_K_M -p \"Tell me about peat moss\" -n 128\n```\n\n",
			  m->name);
		sb_printf(sb, "Or from Python:\n\n```python\nfrom llama_cpp import Llama\n\n"
			  "llm = Llama.from_pretrained(repo_id=\"%s\", filename=\"*Q4_K_M.gguf\")\n"
			  "print(llm(\"Tell me about peat moss\", max_tokens=128)[\"choices\"][0][\"text\"])\n```\n\n",
			  m->name);
	} else if (strcmp(lib, "peft") == 0) {
		sb_printf(sb, "```python\nfrom peft import PeftModel\nfrom transformers import %s, AutoTokenizer\n\n"
			  "base = %s.from_pretrained(\"%s\")\ntokenizer = AutoTokenizer.from_pretrained(\"%s\")\n"
			  "model = PeftModel.from_pretrained(base, \"%s\")\n```\n\n",
			  auto_class(m->pipeline), auto_class(m->pipeline), p ? p->name : m->name,
			  p ? p->name : m->name, m->name);
	} else if (strcmp(lib, "diffusers") == 0) {
		if (m->rel == REL_ADAPTER && p)
			sb_printf(sb, "```python\nimport torch\nfrom diffusers import DiffusionPipeline\n\n"
				  "pipe = DiffusionPipeline.from_pretrained(\"%s\", torch_dtype=torch.float16).to(\"cuda\")\n"
				  "pipe.load_lora_weights(\"%s\")\nimage = pipe(\"a lighthouse at dawn\").images[0]\n```\n\n",
				  p->name, m->name);
		else
			sb_printf(sb, "```python\nimport torch\nfrom diffusers import DiffusionPipeline\n\n"
				  "pipe = DiffusionPipeline.from_pretrained(\"%s\", torch_dtype=torch.float16).to(\"cuda\")\n"
				  "image = pipe(\"a lighthouse at dawn\").images[0]\n```\n\n",
				  m->name);
	} else if (strcmp(lib, "sentence-transformers") == 0) {
		sb_printf(sb, "```python\nfrom sentence_transformers import SentenceTransformer\n\n"
			  "model = SentenceTransformer(\"%s\")\n"
			  "embeddings = model.encode([\"peat is a wetland soil\", \"moss grows on bogs\"])\n"
			  "print(embeddings.shape)\n```\n\n",
			  m->name);
	} else if (strcmp(lib, "timm") == 0) {
		sb_printf(sb, "```python\nimport timm\n\nmodel = timm.create_model(\"hf_hub:%s\", pretrained=True)\n"
			  "model.eval()\n```\n\n",
			  m->name);
	} else if (strcmp(lib, "ml-agents") == 0) {
		sb_printf(sb, "```shell\nmlagents-load-from-hf --repo-id=\"%s\" --local-dir=\"./downloads\"\n"
			  "mlagents-learn ./config.yaml --run-id=%s --resume\n```\n\n",
			  m->name, short_name(m));
	} else if (strcmp(lib, "stable-baselines3") == 0) {
		sb_printf(sb, "```python\nfrom huggingface_sb3 import load_from_hub\nfrom stable_baselines3 import PPO\n\n"
			  "checkpoint = load_from_hub(\"%s\", \"%s.zip\")\nmodel = PPO.load(checkpoint)\n```\n\n",
			  m->name, short_name(m));
	} else if (strcmp(lib, "mlx") == 0) {
		sb_printf(sb, "```python\nfrom mlx_lm import load, generate\n\nmodel, tokenizer = load(\"%s\")\n"
			  "print(generate(model, tokenizer, prompt=\"hello\", max_tokens=64))\n```\n\n",
			  m->name);
	} else if (strcmp(lib, "onnx") == 0 || strcmp(lib, "openvino") == 0) {
		sb_printf(sb, "```python\nfrom optimum.%s import %s%s\n\nmodel = %s%s.from_pretrained(\"%s\")\n```\n\n",
			  strcmp(lib, "onnx") == 0 ? "onnxruntime" : "intel", strcmp(lib, "onnx") == 0 ? "ORT" : "OV",
			  auto_class(m->pipeline) + 4, strcmp(lib, "onnx") == 0 ? "ORT" : "OV",
			  auto_class(m->pipeline) + 4, m->name);
	} else if (strcmp(m->pipeline, "text-generation") == 0) {
		sb_printf(sb, "```python\nfrom transformers import AutoModelForCausalLM, AutoTokenizer\n\n"
			  "model_id = \"%s\"\ntokenizer = AutoTokenizer.from_pretrained(model_id)\n"
			  "model = AutoModelForCausalLM.from_pretrained(model_id, device_map=\"auto\")\n\n"
			  "inputs = tokenizer(\"Write a haiku about peat moss.\", return_tensors=\"pt\").to(model.device)\n"
			  "outputs = model.generate(**inputs, max_new_tokens=64)\n"
			  "print(tokenizer.decode(outputs[0], skip_special_tokens=True))\n```\n\n",
			  m->name);
	} else {
		const char *cls = auto_class(m->pipeline);
		int vision = strcmp(m->pipeline, "image-classification") == 0 || strcmp(m->pipeline, "object-detection") == 0;
		int speech = strcmp(m->pipeline, "automatic-speech-recognition") == 0;
		sb_printf(sb, "```python\nfrom transformers import %s, %s\n\n%s = %s.from_pretrained(\"%s\")\n"
			  "model = %s.from_pretrained(\"%s\")\n```\n\n",
			  vision ? "AutoImageProcessor" : speech ? "AutoProcessor" : "AutoTokenizer", cls,
			  vision ? "processor" : speech ? "processor" : "tokenizer",
			  vision ? "AutoImageProcessor" : speech ? "AutoProcessor" : "AutoTokenizer", m->name, cls, m->name);
	}
}

static void put_training_data(CardCtx *c)
{
	const DemoModel *m = c->m;
	if (m->dataset)
		sb_printf(c->sb, "The model was trained on [%s](https://huggingface.co/datasets/%s), about %dk examples "
			  "after deduplication and filtering.\n\n",
			  m->dataset, m->dataset, 5 + rng_below(&c->r, 400));
	else
		sb_puts(c->sb, "The training data is a private collection that cannot be released.\n\n");
}

static void put_hyperparameters_table(CardCtx *c)
{
	static const char *const lrs[] = {"1e-05", "2e-05", "5e-05", "2e-04", "3e-04"};
	static const char *const schedulers[] = {"linear", "cosine", "constant_with_warmup"};
	StrBuf *sb = c->sb;
	Rng *r = &c->r;
	sb_puts(sb, "| Hyperparameter | Value |\n|:---------------|------:|\n");
	sb_printf(sb, "| learning_rate | %s |\n", PICK(r, lrs));
	sb_printf(sb, "| train_batch_size | %d |\n", 4 << rng_below(r, 4));
	sb_printf(sb, "| gradient_accumulation_steps | %d |\n", 1 << rng_below(r, 4));
	sb_printf(sb, "| lr_scheduler_type | %s |\n", PICK(r, schedulers));
	sb_printf(sb, "| num_epochs | %d |\n", 1 + rng_below(r, 5));
	if (c->m->rel == REL_ADAPTER) {
		int alpha = 16 << rng_below(r, 3);
		int rank = 8 << rng_below(r, 3);
		sb_printf(sb, "| lora_r | %d |\n| lora_alpha | %d |\n", rank, alpha);
	}
	sb_puts(sb, "| seed | 42 |\n\n");
}

static void put_hyperparameters_list(CardCtx *c)
{
	StrBuf *sb = c->sb;
	Rng *r = &c->r;
	sb_puts(sb, "The following hyperparameters were used during training:\n");
	sb_printf(sb, "- learning_rate: %de-05\n", 1 + rng_below(r, 5));
	int eval_batch = 8 << rng_below(r, 3);
	int train_batch = 8 << rng_below(r, 3);
	sb_printf(sb, "- train_batch_size: %d\n- eval_batch_size: %d\n", train_batch, eval_batch);
	sb_puts(sb, "- seed: 42\n- optimizer: Adam with betas=(0.9,0.999) and epsilon=1e-08\n");
	sb_printf(sb, "- lr_scheduler_type: linear\n- num_epochs: %d\n\n", 1 + rng_below(r, 5));
}

static void put_eval_table(CardCtx *c)
{
	const DemoModel *m = c->m;
	StrBuf *sb = c->sb;
	Rng *r = &c->r;
	switch (m->kind) {
	case K_LLM: {
		static const char *const bench[] = {"ARC-Challenge", "HellaSwag", "MMLU (5-shot)", "TruthfulQA",
						    "Winogrande", "GSM8K"};
		double base = 35 + 4 * m->size + 10 * rng_unit(r);
		sb_puts(sb, "| Benchmark | Score |\n|:----------|------:|\n");
		int n = 3 + rng_below(r, 4);
		for (int i = 0; i < n; i++)
			sb_printf(sb, "| %s | %.1f |\n", bench[i], base + 15 * rng_unit(r));
		break;
	}
	case K_ASR: {
		double fleurs = 9 + 20 * rng_unit(r);
		double common_voice = 8 + 20 * rng_unit(r);
		sb_printf(sb, "| Dataset | WER |\n|---------|----:|\n| Common Voice (%s) | %.1f |\n| FLEURS | %.1f |\n",
			  m->nlangs ? m->langs[m->nlangs - 1] : "en", common_voice, fleurs);
		break;
	}
	case K_TRANSLATE: {
		double chrf = 45 + 20 * rng_unit(r);
		double bleu = 20 + 20 * rng_unit(r);
		sb_printf(sb, "| Test set | BLEU | chrF |\n|----------|-----:|-----:|\n| newstest | %.1f | %.1f |\n",
			  bleu, chrf);
		break;
	}
	case K_DIFFUSION: {
		double clip = 0.25 + 0.1 * rng_unit(r);
		double fid = 8 + 20 * rng_unit(r);
		sb_printf(sb, "| Metric | Value |\n|--------|------:|\n| FID | %.1f |\n| CLIP score | %.3f |\n", fid,
			  clip);
		break;
	}
	case K_RL:
		sb_printf(sb, "mean_reward: **%.2f +/- %.2f**\n", c->reward, c->spread);
		break;
	default: {
		double f1 = 0.7 + 0.29 * rng_unit(r);
		double accuracy = 0.75 + 0.24 * rng_unit(r);
		double loss = 0.1 + 0.5 * rng_unit(r);
		sb_printf(sb, "| Metric | Value |\n|--------|------:|\n| Loss | %.4f |\n| Accuracy | %.4f |\n| F1 | %.4f |\n",
			  loss, accuracy, f1);
		break;
	}
	}
	sb_puts(sb, "\n");
}

/* A section: heading, then its content or the template placeholder. */
static void put_heading(CardCtx *c, const char *heading)
{
	sb_printf(c->sb, "%s\n\n", heading);
}

static void put_extras_top(CardCtx *c)
{
	const DemoModel *m = c->m;
	if (c->showcase || rng_chance(&c->r, 0.5)) {
		sb_printf(c->sb, "<div align=\"center\">\n  <img src=\"https://huggingface.co/%s/resolve/main/logo.png\" "
			  "alt=\"%s logo\" width=\"240\"/>\n</div>\n\n",
			  m->name, short_name(m));
	} else {
		sb_printf(c->sb, "![%s banner](https://huggingface.co/%s/resolve/main/banner.png)\n\n", short_name(m),
			  m->name);
	}
}

static void put_extras_bottom(CardCtx *c)
{
	const DemoModel *m = c->m;
	StrBuf *sb = c->sb;
	if (c->showcase || rng_chance(&c->r, 0.4)) {
		sb_puts(sb, "## Citation\n\n```bibtex\n");
		sb_printf(sb, "@misc{%s2024,\n  title  = {%s},\n  author = {%s},\n  year   = {2024},\n"
			  "  note   = {A fictional model generated by peat demo}\n}\n```\n\n",
			  m->is_org ? "demo" : "user", short_name(m), m->author);
	}
	if (m->license && (c->showcase || rng_chance(&c->r, 0.3)))
		sb_printf(sb, "## License\n\nThe weights are released under the **%s** license. See the "
			  "[LICENSE](https://huggingface.co/%s/blob/main/LICENSE) file.\n\n",
			  m->license, m->name);
}

static void put_free_style(CardCtx *c)
{
	const DemoModel *m = c->m;
	StrBuf *sb = c->sb;
	Rng *r = &c->r;

	/* The description is a "## Model description" or "## Model Details"
	 * section, or the intro under a "# Model Card for X" title. */
	int desc_variant = rng_below(r, 3);
	if (c->sec[SEC_DESC] == SEC_PRESENT && (desc_variant == 2 || rng_chance(r, 0.3)))
		sb_printf(sb, "# Model Card for %s\n\n", short_name(m));
	else
		sb_printf(sb, "# %s\n\n", short_name(m));
	if (c->showcase || rng_chance(r, 0.3 + 0.4 * c->q))
		put_extras_top(c);
	if (c->showcase || rng_chance(r, 0.25))
		sb_puts(sb, "> **Note**\n> This is a fictional model made by `peat demo`. Its numbers, names and "
			    "links are invented.\n\n");
	if (c->sec[SEC_DESC] == SEC_PRESENT) {
		put_intro(c);
		if (desc_variant == 0) {
			put_heading(c, "## Model description");
			put_description_body(c);
		} else if (desc_variant == 1) {
			put_heading(c, "## Model Details");
			put_description_body(c);
			put_details_list(c);
		}
	} else if (c->sec[SEC_DESC] == SEC_PLACEHOLDER) {
		put_heading(c, "## Model description");
		put_placeholder(sb);
	}
	if (m->kind == K_LLM && m->rel != REL_ADAPTER && (c->showcase || rng_chance(r, 0.15)))
		sb_puts(sb, "<details>\n<summary>Prompt format</summary>\n\n```\n<|user|>\n{prompt}\n<|assistant|>\n```\n\n"
			    "</details>\n\n");

	static const char *const usage_h[] = {"## How to use", "## Usage", "## How to Get Started with the Model"};
	static const char *const limits_h[] = {"## Limitations", "## Bias, Risks, and Limitations",
					       "## Intended uses & limitations", "## Out-of-scope use"};
	int order_usage_first = rng_chance(r, 0.6);
	for (int pass = 0; pass < 2; pass++) {
		int sec = (pass == 0) == order_usage_first ? SEC_USAGE : SEC_LIMITS;
		if (c->sec[sec] == SEC_ABSENT)
			continue;
		put_heading(c, sec == SEC_USAGE ? PICK(r, usage_h) : PICK(r, limits_h));
		if (c->sec[sec] == SEC_PLACEHOLDER)
			put_placeholder(sb);
		else if (sec == SEC_USAGE)
			put_usage_code(c);
		else
			put_limitations_body(c);
	}
	if (c->sec[SEC_TRAINING] != SEC_ABSENT) {
		if (rng_chance(r, 0.5)) {
			put_heading(c, "## Training procedure");
			if (c->sec[SEC_TRAINING] == SEC_PLACEHOLDER) {
				put_placeholder(sb);
			} else {
				put_training_data(c);
				put_heading(c, "### Training hyperparameters");
				put_hyperparameters_table(c);
			}
		} else {
			put_heading(c, "## Training data");
			if (c->sec[SEC_TRAINING] == SEC_PLACEHOLDER) {
				put_placeholder(sb);
			} else {
				put_training_data(c);
				put_heading(c, "## Training hyperparameters");
				put_hyperparameters_table(c);
			}
		}
	}
	if (c->sec[SEC_EVAL] != SEC_ABSENT) {
		put_heading(c, rng_chance(r, 0.5) ? "## Evaluation" : "## Eval results");
		if (c->sec[SEC_EVAL] == SEC_PLACEHOLDER)
			put_placeholder(sb);
		else
			put_eval_table(c);
	}
	put_extras_bottom(c);
}

static void put_template_style(CardCtx *c)
{
	const DemoModel *m = c->m;
	StrBuf *sb = c->sb;
	Rng *r = &c->r;

	sb_printf(sb, "# Model Card for %s\n\n<!-- Provide a quick summary of what the model is/does. -->\n\n",
		  short_name(m));
	if (c->sec[SEC_DESC] == SEC_PRESENT)
		put_intro(c);
	if (c->sec[SEC_DESC] != SEC_ABSENT) {
		sb_puts(sb, "## Model Details\n\n### Model Description\n\n<!-- Provide a longer summary of what this model is. -->\n\n");
		if (c->sec[SEC_DESC] == SEC_PRESENT) {
			put_description_body(c);
			put_details_list(c);
		} else {
			put_placeholder(sb);
		}
	}
	if (c->sec[SEC_LIMITS] != SEC_ABSENT) {
		if (rng_chance(r, 0.4)) {
			sb_puts(sb, "## Uses\n\n### Direct Use\n\n" PLACEHOLDER "\n\n### Out-of-Scope Use\n\n");
		} else {
			sb_puts(sb, "## Bias, Risks, and Limitations\n\n<!-- This section is meant to convey both technical and "
				    "sociotechnical limitations. -->\n\n");
		}
		if (c->sec[SEC_LIMITS] == SEC_PRESENT)
			put_limitations_body(c);
		else
			put_placeholder(sb);
	}
	if (c->sec[SEC_USAGE] != SEC_ABSENT) {
		sb_puts(sb, "## How to Get Started with the Model\n\n");
		if (c->sec[SEC_USAGE] == SEC_PRESENT) {
			sb_puts(sb, "Use the code below to get started with the model.\n\n");
			put_usage_code(c);
		} else {
			put_placeholder(sb);
		}
	}
	if (c->sec[SEC_TRAINING] != SEC_ABSENT) {
		sb_puts(sb, "## Training Details\n\n### Training Data\n\n");
		if (c->sec[SEC_TRAINING] == SEC_PRESENT) {
			put_training_data(c);
			sb_puts(sb, "### Training Procedure\n\n#### Training Hyperparameters\n\n");
			put_hyperparameters_table(c);
		} else {
			put_placeholder(sb);
		}
	}
	if (c->sec[SEC_EVAL] != SEC_ABSENT) {
		sb_puts(sb, "## Evaluation\n\n<!-- This section describes the evaluation protocols and provides the results. -->\n\n"
			    "### Results\n\n");
		if (c->sec[SEC_EVAL] == SEC_PRESENT)
			put_eval_table(c);
		else
			put_placeholder(sb);
	}
	if (c->bare || rng_chance(r, 0.4))
		sb_puts(sb, "## Environmental Impact\n\n- **Hardware Type:** " PLACEHOLDER "\n- **Hours used:** " PLACEHOLDER
			    "\n\n## Model Card Contact\n\n" PLACEHOLDER "\n\n");
}

static void put_trainer_style(CardCtx *c)
{
	const DemoModel *m = c->m, *p = parent_of(c, 0);
	StrBuf *sb = c->sb;
	Rng *r = &c->r;

	sb_puts(sb, "<!-- This model card has been generated automatically according to the information the Trainer had "
		    "access to. You\nshould probably proofread and complete it, then remove this comment. -->\n\n");
	sb_printf(sb, "# %s\n\n", short_name(m));
	if (p) {
		sb_puts(sb, "This model is a fine-tuned version of ");
		put_link_model(sb, p);
		sb_printf(sb, " on the %s dataset.\n", m->dataset ? m->dataset : "None");
	}
	sb_printf(sb, "It achieves the following results on the evaluation set:\n- Loss: %.4f\n", 0.1 + 0.6 * rng_unit(r));
	if (m->kind != K_LLM)
		sb_printf(sb, "- Accuracy: %.4f\n", 0.7 + 0.29 * rng_unit(r));
	sb_puts(sb, "\n");
	if (c->sec[SEC_DESC] != SEC_ABSENT) {
		put_heading(c, "## Model description");
		if (c->sec[SEC_DESC] == SEC_PRESENT)
			put_description_body(c);
		else
			put_placeholder(sb);
	}
	if (c->sec[SEC_LIMITS] != SEC_ABSENT) {
		put_heading(c, "## Intended uses & limitations");
		if (c->sec[SEC_LIMITS] == SEC_PRESENT)
			put_limitations_body(c);
		else
			put_placeholder(sb);
	}
	if (c->sec[SEC_USAGE] == SEC_PRESENT) {
		put_heading(c, "## How to use");
		put_usage_code(c);
	}
	if (c->sec[SEC_TRAINING] != SEC_ABSENT) {
		put_heading(c, "## Training and evaluation data");
		if (c->sec[SEC_TRAINING] == SEC_PRESENT)
			put_training_data(c);
		else
			put_placeholder(sb);
		put_heading(c, "## Training procedure");
		put_heading(c, "### Training hyperparameters");
		put_hyperparameters_list(c);
	}
	if (c->sec[SEC_EVAL] != SEC_ABSENT) {
		put_heading(c, "## Eval results");
		if (c->sec[SEC_EVAL] == SEC_PRESENT) {
			int steps = 1 + rng_below(r, 4);
			double loss = 0.5 + rng_unit(r);
			sb_puts(sb, "| Training Loss | Epoch | Step | Validation Loss |\n"
				    "|:-------------:|:-----:|:----:|:---------------:|\n");
			for (int i = 1; i <= steps; i++) {
				sb_printf(sb, "| %.4f | %d.0 | %d | %.4f |\n", loss * 1.1, i, 500 * i, loss);
				loss *= 0.8;
			}
			sb_puts(sb, "\n");
		} else {
			put_placeholder(sb);
		}
	}
	int tokenizers = 14 + rng_below(r, 3);
	int datasets = 14 + rng_below(r, 5);
	int pytorch = 1 + rng_below(r, 2);
	int transformers_patch = rng_below(r, 3);
	int transformers = 34 + rng_below(r, 6);
	sb_printf(sb, "### Framework versions\n\n- Transformers 4.%d.%d\n- Pytorch 2.%d.0+cu121\n- Datasets 2.%d.0\n"
		  "- Tokenizers 0.%d.0\n\n",
		  transformers, transformers_patch, pytorch, datasets, tokenizers);
}

static void put_quant_style(CardCtx *c)
{
	/* A quantization always has its one parent. */
	const DemoModel *m = c->m, *p = parent_at(c, 0);
	const Quant *q = &kinds[m->kind].quants[m->quant];
	StrBuf *sb = c->sb;
	Rng *r = &c->r;

	sb_printf(sb, "<!-- markdownlint-disable MD041 -->\n\n# %s\n\n", short_name(m));
	sb_printf(sb, "- Model creator: [%s](https://huggingface.co/%s)\n- Original model: ", p->author, p->author);
	put_link_model(sb, p);
	sb_puts(sb, "\n\n");
	if (c->sec[SEC_DESC] != SEC_ABSENT) {
		sb_puts(sb, "<!-- description start -->\n## Model description\n\n");
		if (c->sec[SEC_DESC] == SEC_PRESENT)
			put_intro(c);
		else
			put_placeholder(sb);
		sb_puts(sb, "<!-- description end -->\n\n");
	}
	if (strcmp(q->library, "gguf") == 0) {
		static const struct {
			const char *method;
			int bits;
			double ratio;
		} files[] = {{"Q2_K", 2, 0.37}, {"Q4_K_M", 4, 0.60}, {"Q5_K_M", 5, 0.71}, {"Q8_0", 8, 1.06}};
		double gb = p->params > 0 ? p->params / 1e9 : 7.0;
		sb_puts(sb, "## Provided files\n\n| Name | Quant method | Bits | Size | Use case |\n|---|---|---:|---:|---|\n");
		for (int i = 0; i < COUNT(files); i++)
			sb_printf(sb, "| %s.%s.gguf | %s | %d | %.2f GB | %s |\n", short_name(p), files[i].method,
				  files[i].method, files[i].bits, gb * files[i].ratio,
				  i == 1 ? "*recommended*" : i == 0 ? "smallest, significant quality loss" : "");
		sb_puts(sb, "\n");
	}
	if (c->sec[SEC_USAGE] != SEC_ABSENT) {
		put_heading(c, "## How to use");
		if (c->sec[SEC_USAGE] == SEC_PRESENT)
			put_usage_code(c);
		else
			put_placeholder(sb);
	}
	if (c->sec[SEC_LIMITS] == SEC_PRESENT) {
		put_heading(c, "## Limitations");
		sb_puts(sb, "Quantization lowers quality a little, more so at 2 and 3 bits. The limitations of the "
			    "original model apply; see its card.\n\n");
	}
	if (c->sec[SEC_EVAL] == SEC_PRESENT && rng_chance(r, 0.5)) {
		put_heading(c, "## Evaluation");
		double q8 = 5.6 + rng_unit(r);
		double q4 = 5.8 + rng_unit(r);
		sb_printf(sb, "| Quant | Perplexity (wiki) |\n|---|---:|\n| Q4_K_M | %.3f |\n| Q8_0 | %.3f |\n\n", q4, q8);
	}
}

static void put_rl_style(CardCtx *c)
{
	const DemoModel *m = c->m;
	const char *algo = families[m->family].name, *env = kinds[K_RL].sizes[m->size].name;
	StrBuf *sb = c->sb;

	char upper[8];
	snprintf(upper, sizeof upper, "%s", algo);
	for (char *p = upper; *p; p++)
		*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	int sb3 = strcmp(m->library, "stable-baselines3") == 0;
	sb_printf(sb, "# **%s** Agent playing **%s**\n\n", upper, env);
	if (c->sec[SEC_DESC] == SEC_PRESENT)
		sb_printf(sb, "This is a trained model of %s **%s** agent playing **%s** using the [%s library](%s).\n\n",
			  upper[0] == 'A' ? "an" : "a", upper, env, m->library,
			  sb3 ? "https://github.com/DLR-RM/stable-baselines3" : "https://github.com/Unity-Technologies/ml-agents");
	if (c->sec[SEC_USAGE] != SEC_ABSENT) {
		sb_printf(sb, "## Usage (with %s)\n\n", m->library);
		if (c->sec[SEC_USAGE] == SEC_PRESENT)
			put_usage_code(c);
		else
			put_placeholder(sb);
	}
	if (c->sec[SEC_EVAL] == SEC_PRESENT) {
		put_heading(c, "## Evaluation");
		put_eval_table(c);
	}
}

/* Decide which of the five sections the card has: popular models document
 * more (the paper's C3 finding); bare templates hold only placeholders. */
static void plan_sections(CardCtx *c)
{
	static const double offset[SEC_COUNT] = {0.30, -0.10, 0.08, 0.0, -0.12};
	const DemoModel *m = c->m;
	Rng *r = &c->r;

	c->reward = 100 + 200 * rng_unit(r);
	c->spread = 5 + 30 * rng_unit(r);
	c->bare = !c->showcase && m->kind != K_RL && rng_chance(r, 0.12 * (1.0 - c->q) + 0.01);
	if (c->bare)
		c->style = STYLE_TEMPLATE;
	else if (m->kind == K_RL)
		c->style = STYLE_RL;
	else if (c->showcase)
		c->style = STYLE_FREE;
	else if (m->quant >= 0 && (m->is_org || rng_chance(r, 0.6)))
		c->style = STYLE_QUANT;
	else if ((m->rel == REL_FINETUNE || (m->rel < 0 && m->task >= 0)) && !m->is_org &&
		 rng_chance(r, m->kind == K_LLM ? 0.35 : 0.55))
		c->style = STYLE_TRAINER;
	else
		c->style = rng_chance(r, 0.5 + 0.3 * c->q) ? STYLE_FREE : STYLE_TEMPLATE;

	double base = 0.12 + 0.68 * pow(c->q, 0.8);
	double placeholder = c->style == STYLE_TEMPLATE ? 0.75 : 0.3;
	for (int s = 0; s < SEC_COUNT; s++) {
		if (c->showcase)
			c->sec[s] = SEC_PRESENT;
		else if (c->bare)
			c->sec[s] = SEC_PLACEHOLDER;
		else if (rng_chance(r, base + offset[s]))
			c->sec[s] = SEC_PRESENT;
		else
			c->sec[s] = rng_chance(r, placeholder) ? SEC_PLACEHOLDER : SEC_ABSENT;
	}
	if (c->style == STYLE_RL)
		c->sec[SEC_LIMITS] = c->sec[SEC_TRAINING] = SEC_ABSENT;
}

static void write_card_text(const Plan *P, int i, StrBuf *sb, CardMeta *cm)
{
	CardCtx c = {0};
	c.P = P;
	c.m = &P->m[i];
	c.r = rng_stream(P->seed, S_CARD, (uint64_t)i);
	c.sb = sb;
	c.q = c.m->popularity;
	c.showcase = i < P->nshow;
	cm->n = 0;
	plan_sections(&c);
	put_front_matter(&c, cm);
	switch (c.style) {
	case STYLE_TEMPLATE:
		put_template_style(&c);
		break;
	case STYLE_TRAINER:
		put_trainer_style(&c);
		break;
	case STYLE_QUANT:
		put_quant_style(&c);
		break;
	case STYLE_RL:
		put_rl_style(&c);
		break;
	case STYLE_FREE:
		put_free_style(&c);
		break;
	}
	sb_puts(sb, "<!-- generated by peat demo: a fictional model -->\n");
}

static int has_card(const Plan *P, int i)
{
	const DemoModel *m = &P->m[i];
	Rng r = rng_stream(P->seed, S_CARD, (uint64_t)i + 0x100000000ULL);
	if (i < P->nshow || (m->quant >= 0 && m->is_org))
		return 1;
	/* About half of the Hub's models have a card (55% in 2022, 43% in
	 * 2023), the popular ones far more often. */
	return rng_chance(&r, m->kind == K_RL ? 0.9 : 0.28 + 0.45 * m->popularity);
}

/* ---- writing the plan into the store ---- */

/* Clear what a previous demo wrote (see demo.h) and remember which models
 * it referenced so that the ones not written again can be removed: the
 * demo snapshots' numbers and states go, then every version of those
 * models that no other snapshot holds (their search documents at commit). */
static int clear_previous_demo(Store *st, PeatErr *err)
{
	static const char sql[] =
		"CREATE TEMP TABLE IF NOT EXISTS demo_old(model_id INTEGER PRIMARY KEY);"
		"DELETE FROM temp.demo_old;"
		"INSERT OR IGNORE INTO temp.demo_old SELECT model_id FROM state"
		" WHERE snapshot_id IN (SELECT id FROM snapshot WHERE is_demo = 1);"
		"DELETE FROM stat WHERE snapshot_id IN (SELECT id FROM snapshot WHERE is_demo = 1);"
		"DELETE FROM state WHERE snapshot_id IN (SELECT id FROM snapshot WHERE is_demo = 1);"
		"UPDATE model SET has_record = 0 WHERE id IN temp.demo_old"
		" AND NOT EXISTS (SELECT 1 FROM state WHERE state.model_id = model.id);";
	if (store_exec(st, sql, err) < 0)
		return -1;
	sqlite3_stmt *stmt = store_prepare(st, "SELECT model_id FROM temp.demo_old ORDER BY model_id", err);
	if (!stmt)
		return -1;
	int rc = 0;
	while (rc == 0 && sqlite3_step(stmt) == SQLITE_ROW)
		rc = store_drop_unused_versions(st, sqlite3_column_int64(stmt, 0), err);
	sqlite3_finalize(stmt);
	return rc;
}

static int drop_stale_demo_models(Store *st, PeatErr *err)
{
	return store_exec(st,
			  "DELETE FROM model WHERE id IN temp.demo_old AND has_record = 0"
			  " AND NOT EXISTS (SELECT 1 FROM state WHERE state.model_id = model.id)"
			  " AND NOT EXISTS (SELECT 1 FROM parent_edge WHERE parent_edge.parent_id = model.id)"
			  " AND NOT EXISTS (SELECT 1 FROM alias WHERE alias.model_id = model.id);"
			  "DROP TABLE temp.demo_old;",
			  err);
}

/* The tags the Hub would show for the model. Formatted tags go to buf. */
static size_t model_tags(const DemoModel *m, const Plan *P, const char **tags, size_t max, StrBuf *buf)
{
	size_t n = 0;
	size_t offsets[16];
	int nformatted = 0;
#define ADD(t)                          \
	do {                            \
		if (n < max && (t))     \
			tags[n++] = (t); \
	} while (0)
#define ADDF(...)                                                 \
	do {                                                      \
		if (nformatted < COUNT(offsets)) {                \
			offsets[nformatted++] = buf->len;         \
			sb_printf(buf, __VA_ARGS__);              \
			sb_putc(buf, '\0');                       \
		}                                                 \
	} while (0)

	sb_reset(buf);
	for (int i = 0; i < m->nlibs; i++)
		ADD(m->libs[i]);
	ADD(m->pipeline);
	for (int i = 0; i < m->nlangs; i++)
		ADD(m->langs[i]);
	ADD(kind_tag(m));
	if (m->quant >= 0)
		ADD(kinds[m->kind].quants[m->quant].tag);
	if (m->rel == REL_MERGE) {
		ADD("mergekit");
		ADD("merge");
	}
	if (m->rel == REL_ADAPTER && m->kind == K_DIFFUSION)
		ADD("lora");
	if (m->kind == K_LLM && m->rel != REL_ADAPTER && m->quant < 0) {
		ADD("text-generation-inference");
		ADD("conversational");
	}
	if (m->kind != K_RL && m->rel != REL_ADAPTER)
		ADD("endpoints_compatible");
	ADD("region:us");
	if (m->dataset)
		ADDF("dataset:%s", m->dataset);
	if (m->license)
		ADDF("license:%s", m->license);
	for (int k = 0; k < m->nparents; k++) {
		const char *parent = P->m[m->parents[k]].name;
		ADDF("base_model:%s", parent);
		ADDF("base_model:%s:%s", relation_name((Relation)m->rel), parent);
	}
	for (int i = 0; i < nformatted; i++)
		ADD(buf->data + offsets[i]);
#undef ADD
#undef ADDF
	return n;
}

static void make_sha(const Plan *P, int i, char out[41])
{
	Rng r = rng_stream(P->seed, S_SHA, (uint64_t)i);
	static const char hex[] = "0123456789abcdef";
	for (int k = 0; k < 40; k += 16) {
		uint64_t x = rng_u64(&r);
		for (int j = 0; j < 16 && k + j < 40; j++, x >>= 4)
			out[k + j] = hex[x & 15];
	}
	out[40] = '\0';
}

/* Whether demo snapshot s records the model: every snapshot that lists it
 * does, as a monthly scrape of the Hub records every model it lists (its
 * record unchanged from one month to the next is stored once); a model no
 * snapshot lists, the first one. */
static int records_in(const DemoModel *m, int s)
{
	for (int k = 0; k < HF_SNAPSHOTS; k++)
		if (m->downloads[k] >= 0)
			return m->downloads[s] >= 0;
	return s == 0;
}

static int write_hf(Store *st, Plan *P, const Progress *progress, PeatErr *err)
{
	int64_t reg = store_registry(st, "hf", err);
	int64_t snap[HF_SNAPSHOTS];
	int rc = -1;
	if (reg < 0)
		return -1;
	for (int s = 0; s < HF_SNAPSHOTS; s++) {
		SnapshotSpec spec = {.registry = reg, .label = snapshot_label[s], .date = snapshot_date[s],
				     .source = "peat demo", .measure = MEASURE_DOWNLOADS_30D, .is_demo = 1};
		if ((snap[s] = store_snapshot(st, &spec, err)) < 0)
			return -1;
	}

	StrBuf tagbuf = {0}, card = {0};
	CardMeta cm = {0};
	const char *tags[48];
	int64_t in_snapshot[HF_SNAPSHOTS] = {0};
	for (int i = 0; i < P->n; i++) {
		DemoModel *m = &P->m[i];
		char created[32], modified[32], sha[41];
		if ((m->id = store_model(st, reg, m->name, err)) < 0)
			goto out;
		iso_time(created, m->created, m->secs);
		iso_time(modified, m->modified, m->modified_secs);
		make_sha(P, i, sha);
		ModelFields f = {m->author, created, modified, m->pipeline, m->library, m->license, m->gated, sha, m->params,
				 REC_FIELD_BITS};
		size_t nt = model_tags(m, P, tags, COUNT(tags), &tagbuf);
		int carded = has_card(P, i);
		char source[160];
		if (carded) {
			sb_reset(&card);
			write_card_text(P, i, &card, &cm);
			snprintf(source, sizeof source, "demo:%s/README.md", m->name);
		}
		for (int s = 0; s < HF_SNAPSHOTS; s++) {
			if (m->downloads[s] >= 0) {
				in_snapshot[s]++;
				if (store_stat(st, snap[s], m->id, m->downloads[s], m->likes[s], STAT_NONE, err) < 0)
					goto out;
			}
			if (!records_in(m, s))
				continue;
			store_set_write_snapshot(st, snap[s]);
			if (store_model_update(st, m->id, &f, err) < 0 ||
			    store_model_set_tags(st, m->id, tags, nt, err) < 0 ||
			    store_model_set_libraries(st, m->id, m->libs, (size_t)m->nlibs, err) < 0)
				goto out;
			CardFields cf = {sb_str(&card), source, modified, NULL, sha};
			if (carded && store_card(st, m->id, &cf, err) < 0)
				goto out;
			for (int k = 0; carded && k < cm.n; k++)
				if (store_model_set_meta(st, m->id, cm.field[k], sb_str(&cm.value[k]), err) < 0)
					goto out;
		}
		progress_report(progress, "demo models", i + 1, P->n, i + 1);
	}
	for (int i = 0; i < P->n; i++) {
		const DemoModel *m = &P->m[i];
		for (int s = 0; s < HF_SNAPSHOTS; s++) {
			if (!records_in(m, s))
				continue;
			store_set_write_snapshot(st, snap[s]);
			for (int k = 0; k < m->nparents; k++)
				if (store_edge(st, m->id, P->m[m->parents[k]].id, (Relation)m->rel, EDGE_FROM_DEMO, err) < 0)
					goto out;
		}
	}
	for (int s = 0; s < HF_SNAPSHOTS; s++)
		if (store_log_import(st, "peat demo", "demo", snap[s], in_snapshot[s], err) < 0)
			goto out;
	rc = 0;
out:
	sb_free(&tagbuf);
	sb_free(&card);
	for (int k = 0; k < COUNT(cm.value); k++)
		sb_free(&cm.value[k]);
	return rc;
}

/* ---- small, stable rankings for PyPI and npm ---- */

#define PKG_POOL 240
#define PKG_TOP 200
#define PKG_SNAPSHOTS 3

typedef struct Package {
	char name[48];
	double score; /* log of downloads */
	int64_t id;
} Package;

static void package_names(Package *pk, int npm, Rng *r)
{
	static const char *const py_heads[] = {"py", "fast", "tidy", "easy", "simple", "async", "typed", "tiny",
					       "smart", "cloud", "data", "json", "http", "test", "log", "config",
					       "path", "date", "crypto", "image", "text", "num", "grid", "plot",
					       "web", "task", "cache", "shell", "net", "schema"};
	static const char *const py_tails[] = {"kit", "tools", "lib", "utils", "core", "io", "x", "ify", "smith",
					       "hound", "quill", "pail", "craft", "forge", "wire", "flow", "box"};
	static const char *const js_heads[] = {"is-", "get-", "has-", "to-", "micro", "tiny-", "fast-", "@quokka/",
					       "@lumen/", "deep-", "safe-", "left-", "pretty-", "mini-", "node-"};
	static const char *const js_tails[] = {"plain-object", "args", "glob", "color", "ansi", "buffer",
					       "stream", "path", "merge", "debounce", "parse", "semver", "promise",
					       "emitter", "queue", "flatten", "uuid", "escape", "wrap", "detect"};
	NameSet seen;
	nameset_init(&seen, PKG_POOL);
	for (int i = 0; i < PKG_POOL; i++) {
		for (int tries = 0;; tries++) {
			if (npm) {
				const char *tail = PICK(r, js_tails);
				const char *head = PICK(r, js_heads);
				snprintf(pk[i].name, sizeof pk[i].name, "%s%s", head, tail);
			} else {
				const char *tail = PICK(r, py_tails);
				const char *dash = rng_chance(r, 0.3) ? "-" : "";
				const char *head = PICK(r, py_heads);
				snprintf(pk[i].name, sizeof pk[i].name, "%s%s%s", head, dash, tail);
			}
			if (tries > 20) {
				size_t len = strlen(pk[i].name);
				snprintf(pk[i].name + len, sizeof pk[i].name - len, "%d", i);
			}
			if (!nameset_has(&seen, pk[i].name))
				break;
		}
		nameset_add(&seen, pk[i].name);
	}
	free(seen.slot);
}

static int by_score(const void *a, const void *b)
{
	const Package *x = *(Package *const *)a, *y = *(Package *const *)b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int write_packages(Store *st, uint64_t seed, int npm, PeatErr *err)
{
	static const char *const months[PKG_SNAPSHOTS] = {"2024-01", "2024-02", "2024-03"};
	Package *pk = xcalloc(PKG_POOL, sizeof *pk);
	Package *order[PKG_POOL];
	Rng r = rng_stream(seed, npm ? S_NPM : S_PYPI, 0);
	int rc = -1;
	int64_t reg = store_registry(st, npm ? "npm" : "pypi", err);
	if (reg < 0)
		goto out;
	package_names(pk, npm, &r);
	/* Zipf-like downloads: ~600M a month for the first, ~1M at rank 200. */
	for (int i = 0; i < PKG_POOL; i++)
		pk[i].score = log(6.0e8) - 1.2 * log(i + 1.0) + 0.1 * rng_normal(&r);
	for (int s = 0; s < PKG_SNAPSHOTS; s++) {
		char label[32], date[16];
		snprintf(label, sizeof label, "demo-%s-%s", npm ? "npm" : "pypi", months[s]);
		snprintf(date, sizeof date, "%s-01", months[s]);
		SnapshotSpec spec = {.registry = reg, .label = label, .date = date, .source = "peat demo",
				     .measure = npm ? MEASURE_RANK : MEASURE_DOWNLOADS_30D, .is_demo = 1};
		int64_t snap = store_snapshot(st, &spec, err);
		if (snap < 0)
			goto out;
		for (int i = 0; i < PKG_POOL; i++) {
			if (s > 0)
				pk[i].score += 0.06 * rng_normal(&r);
			order[i] = &pk[i];
		}
		qsort(order, PKG_POOL, sizeof order[0], by_score);
		for (int k = 0; k < PKG_TOP; k++) {
			Package *p = order[k];
			if (p->id <= 0 && (p->id = store_model(st, reg, p->name, err)) < 0)
				goto out;
			int64_t downloads = npm ? STAT_NONE : (int64_t)floor(exp(p->score));
			if (store_stat(st, snap, p->id, downloads, STAT_NONE, k + 1, err) < 0)
				goto out;
		}
		if (store_log_import(st, "peat demo", "demo", snap, PKG_TOP, err) < 0)
			goto out;
	}
	rc = 0;
out:
	free(pk);
	return rc;
}

/* ---- the registry as Hub API records ---- */

static void put_json_list(StrBuf *sb, const char *key, const char *const *items, int n)
{
	sb_printf(sb, ",\"%s\":[", key);
	for (int i = 0; i < n; i++) {
		if (i)
			sb_putc(sb, ',');
		json_put_string(sb, items[i]);
	}
	sb_putc(sb, ']');
}

static void put_json_field(StrBuf *sb, const char *key, const char *value)
{
	sb_printf(sb, ",\"%s\":", key);
	if (value)
		json_put_string(sb, value);
	else
		sb_puts(sb, "null");
}

/* The /api/models record of model i as the Hub sends it (2025 field names),
 * with the numbers of the last snapshot. The card's front matter is the
 * cardData of models that have a card. */
static void hub_record(const Plan *P, int i, StrBuf *line, StrBuf *tagbuf)
{
	const DemoModel *m = &P->m[i];
	const int last = HF_SNAPSHOTS - 1;
	char created[32], modified[32], sha[41];
	const char *tags[48];
	iso_time(created, m->created, m->secs);
	iso_time(modified, m->modified, m->modified_secs);
	make_sha(P, i, sha);
	size_t nt = model_tags(m, P, tags, COUNT(tags), tagbuf);

	sb_reset(line);
	sb_printf(line, "{\"_id\":\"%.24s\"", sha);
	put_json_field(line, "id", m->name);
	put_json_field(line, "modelId", m->name);
	put_json_field(line, "author", m->author);
	sb_printf(line, ",\"sha\":\"%s\",\"createdAt\":\"%s\",\"lastModified\":\"%s\",\"private\":false", sha, created,
		  modified);
	if (strcmp(m->gated, "no") == 0)
		sb_puts(line, ",\"gated\":false");
	else
		put_json_field(line, "gated", m->gated);
	sb_printf(line, ",\"disabled\":false,\"downloads\":%lld,\"likes\":%lld", (long long)m->downloads[last],
		  (long long)m->likes[last]);
	put_json_field(line, "library_name", m->library);
	put_json_field(line, "pipeline_tag", m->pipeline);
	put_json_list(line, "tags", tags, (int)nt);
	int card = has_card(P, i);
	if (card) {
		sb_puts(line, ",\"cardData\":{");
		sb_puts(line, "\"license\":");
		if (m->license)
			json_put_string(line, m->license);
		else
			sb_puts(line, "null");
		put_json_list(line, "language", m->langs, m->nlangs);
		put_json_field(line, "library_name", m->library);
		put_json_field(line, "pipeline_tag", m->pipeline);
		if (m->nparents == 1) {
			put_json_field(line, "base_model", P->m[m->parents[0]].name);
		} else if (m->nparents > 1) {
			const char *parents[3];
			for (int k = 0; k < m->nparents; k++)
				parents[k] = P->m[m->parents[k]].name;
			put_json_list(line, "base_model", parents, m->nparents);
		}
		if (m->dataset)
			put_json_list(line, "datasets", &m->dataset, 1);
		sb_putc(line, '}');
	}
	sb_puts(line, ",\"siblings\":[{\"rfilename\":\".gitattributes\"}");
	if (card)
		sb_puts(line, ",{\"rfilename\":\"README.md\"}");
	sb_puts(line, ",{\"rfilename\":\"config.json\"},{\"rfilename\":\"model.safetensors\"}]");
	if (m->params > 0)
		sb_printf(line, ",\"safetensors\":{\"total\":%lld}", (long long)m->params);
	sb_printf(line, ",\"usedStorage\":%lld}\n", (long long)(m->params > 0 ? m->params * 2 : 4096));
}

int64_t demo_write_hub_jsonl(const DemoOptions *opt, const char *path, PeatErr *err)
{
	int n = opt && opt->models > 0 ? opt->models : DEMO_DEFAULT_MODELS;
	uint64_t seed = opt && opt->seed ? (uint64_t)opt->seed : 1;
	const Progress *progress = opt ? opt->progress : NULL;
	size_t len = strlen(path);
	int gz = len > 3 && strcmp(path + len - 3, ".gz") == 0, to_stdout = strcmp(path, "-") == 0;

	if (n > DEMO_MAX_MODELS)
		return peat_err_set(err, "demo: %d models asked for; at most %d can be generated", n, DEMO_MAX_MODELS);
	FILE *f = NULL;
	gzFile z = NULL;
	/* Only a file this call creates is removed after a failed write, never
	 * one that was there (a device, someone's data). */
	struct stat before;
	int created = !to_stdout && stat(path, &before) != 0;
	if (to_stdout)
		f = stdout;
	else if (gz)
		z = gzopen(path, "wb6");
	else
		f = fopen(path, "w");
	if (!f && !z)
		return peat_err_set(err, "%s: cannot write: %s", path, strerror(errno));

	Plan plan;
	plan_build(&plan, n, seed);
	StrBuf line = {0}, tagbuf = {0};
	int failed = 0;
	errno = 0; /* what a failed write leaves here names the cause */
	for (int i = 0; i < n && !failed; i++) {
		hub_record(&plan, i, &line, &tagbuf);
		if (z)
			failed = gzwrite(z, line.data, (unsigned)line.len) != (int)line.len;
		else
			failed = fwrite(line.data, 1, line.len, f) != line.len;
		if ((i & 1023) == 0 || i + 1 == n)
			progress_report(progress, "demo records", i + 1, n, i + 1);
	}
	progress_finish(progress);
	sb_free(&line);
	sb_free(&tagbuf);
	plan_free(&plan);
	if (z)
		failed |= gzclose(z) != Z_OK;
	else if (to_stdout)
		failed |= fflush(f) != 0 || ferror(f);
	else
		failed |= fclose(f) != 0;
	if (failed) {
		int cause = errno;
		struct stat now;
		if (created && stat(path, &now) == 0 && S_ISREG(now.st_mode))
			remove(path); /* no half-written registry left behind */
		return peat_err_set(err, "%s: cannot write: %s", path, cause ? strerror(cause) : "write error");
	}
	return n;
}

int demo_generate(Store *st, const DemoOptions *opt, PeatErr *err)
{
	int n = opt && opt->models > 0 ? opt->models : DEMO_DEFAULT_MODELS;
	uint64_t seed = opt && opt->seed ? (uint64_t)opt->seed : 1;
	const Progress *progress = opt ? opt->progress : NULL;
	Plan plan;
	char value[32];

	if (n > DEMO_MAX_MODELS)
		return peat_err_set(err, "demo: %d models asked for; at most %d can be generated", n, DEMO_MAX_MODELS);
	plan_build(&plan, n, seed);
	if (store_begin(st, err) < 0) {
		plan_free(&plan);
		return -1;
	}
	/* The records written first (store_flush), so that the models the new
	 * demo wrote have their states when the stale ones are told apart. */
	if (clear_previous_demo(st, err) < 0 || write_hf(st, &plan, progress, err) < 0 ||
	    write_packages(st, seed, 0, err) < 0 || write_packages(st, seed, 1, err) < 0 ||
	    store_flush(st, err) < 0 || drop_stale_demo_models(st, err) < 0 || store_set_meta(st, "demo", "1", err) < 0)
		goto fail;
	snprintf(value, sizeof value, "%d", n);
	if (store_set_meta(st, "demo_models", value, err) < 0)
		goto fail;
	snprintf(value, sizeof value, "%llu", (unsigned long long)seed);
	if (store_set_meta(st, "demo_seed", value, err) < 0)
		goto fail;
	progress_finish(progress);
	plan_free(&plan);
	return store_commit(st, err);
fail:
	progress_finish(progress);
	store_rollback(st);
	plan_free(&plan);
	return -1;
}
