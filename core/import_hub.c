/* SPDX-License-Identifier: MIT */
/* import_hub.c - Hugging Face Hub /api/models records into the store.
 *
 * Input: JSON lines (one record per line, blank lines ignored) or one JSON
 * array of records, gzip or not (core/input.h decompresses). Both the 2022
 * scrape's field names (modelId, ...) and the 2025 wire format (id, author,
 * createdAt, gated, cardData, safetensors.total, ...) are understood.
 *
 * All JSON is read with SQLite's JSON functions on the store's own
 * connection: one prepared statement pulls every field of a record out of
 * the line at once (SQLite parses the text once and caches it for the
 * statement), and one json_each statement walks lists and objects (tags,
 * cardData, a list of base models, the elements of an array file).
 *
 * Strictness: fields the API defines (id, tags, downloads, likes, gated, the
 * string fields, safetensors.total, cardData itself) must have the API's
 * types, or the import fails with a message naming the field. Fields inside
 * cardData are the card author's free YAML, so odd types there are used as
 * far as they make sense and never fail an import.
 *
 * Text (untrusted.h): the API's string fields, tags, cardData's keys, its
 * licence and base models are identifiers, refused with a control or
 * bidirectional control in them; cardData's values are free text, stored as
 * given. A \u0000 anywhere in a record refuses it: SQLite's JSON functions
 * end a string at a NUL, which would make "microsoft/phi-2\u0000-not-really"
 * the id microsoft/phi-2. */
#include "import.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "json_scan.h"
#include "strbuf.h"
#include "untrusted.h"

/* ---- libraries named by tags ---- */

/* Library names as the Hub writes them in tags: its library keys
 * (huggingface.js model-libraries.ts, the 2025 library_counts), the
 * framework and file-format tags of older records ("pytorch", "tf", "jax",
 * "tensorflow", "rust") and formats peat shows as libraries ("safetensors",
 * "gguf", "onnx"). Deliberately absent: names that are also model-family or
 * task tags ("stable-diffusion", "generic", "gemma", "k2"), and languages,
 * licences and tasks. Sorted in C byte order for bsearch; the unit test
 * looks up every entry, so a misplaced one fails it. */
static const char *const hub_library_tags[] = {
	"adapter-transformers", "adapters", "allennlp", "asteroid", "audiocraft", "axolotl",
	"bertopic", "big_vision", "bitsandbytes", "bm25s", "cartesia_mlx", "cartesia_pytorch",
	"chat_tts", "cleanrl", "colpali", "coreml", "ctranslate2", "deepforest",
	"depth-anything-v2", "diffusers", "diffusion-single-file", "diffusionkit", "doctr",
	"edsnlp", "espnet", "exllamav2", "f5-tts", "fairseq", "fairseq2", "fastai", "fasttext",
	"flair", "gemma.cpp", "ggml", "gguf", "gliner", "hezar", "htrflow", "jax", "joblib",
	"keras", "keras-hub", "keras-nlp", "lerobot", "litert", "llama-cpp-python",
	"llama.cpp", "llamafile", "mamba-ssm", "mergekit", "mindspore", "ml-agents", "mlc-llm",
	"mlx", "mlx-image", "model2vec", "nemo", "onnx", "open_clip", "openvino", "optimum",
	"paddlenlp", "paddlepaddle", "peft", "pruna-ai", "pxia", "py-feat", "pyannote-audio",
	"pythae", "pytorch", "pytorch_geometric", "refiners", "relik", "rust", "saelens",
	"safetensors", "sample-factory", "scikit-learn", "sentence-transformers", "setfit",
	"sklearn", "spacy", "span-marker", "speechbrain", "stable-audio-tools",
	"stable-baselines3", "stanza", "tabpfn", "tensorboard", "tensorflow", "tensorflowtts",
	"tensorrt", "terratorch", "tf", "tf-keras", "tflite", "timesfm", "timm", "torch",
	"transformers", "transformers.js", "trl", "txtai", "ultralytics", "unity-sentis",
	"unsloth", "vllm", "whisperkit", "yolov10",
};

static int compare_library_name(const void *key, const void *entry)
{
	return strcmp((const char *)key, *(const char *const *)entry);
}

const char *hub_library_tag_at(size_t i)
{
	return i < sizeof hub_library_tags / sizeof hub_library_tags[0] ? hub_library_tags[i] : NULL;
}

int hub_tag_is_library(const char *tag)
{
	if (!tag || !*tag)
		return 0;
	return bsearch(tag, hub_library_tags, sizeof hub_library_tags / sizeof hub_library_tags[0],
		       sizeof hub_library_tags[0], compare_library_name) != NULL;
}

/* ---- the fields of one record ---- */

/* The fields a record can have. A field is read from one json_each walk of
 * the record (nested ones from a walk of their parent object): one JSON
 * parse per record, where a json_extract per field would look the record up
 * in SQLite's parse cache (comparing its whole text) every time. The name is
 * the path below the record and the name in messages. */
enum hub_field {
	F_ID,
	F_MODEL_ID,
	F_AUTHOR,
	F_CREATED,
	F_LAST_MODIFIED,
	F_PIPELINE_TAG,
	F_LIBRARY,
	F_SHA,
	F_GATED,
	F_DOWNLOADS,
	F_LIKES,
	F_DOWNLOADS_ALL,
	F_SAFETENSORS,
	F_PARAMS,
	F_TAGS,
	F_CARD,
	F_CARD_LICENSE,
	F_CARD_BASE_MODEL,
	F_CARD_BASE_RELATION,
	F_COUNT
};

static const char *const field_names[F_COUNT] = {
	[F_ID] = "id",
	[F_MODEL_ID] = "modelId",
	[F_AUTHOR] = "author",
	[F_CREATED] = "createdAt",
	[F_LAST_MODIFIED] = "lastModified",
	[F_PIPELINE_TAG] = "pipeline_tag",
	[F_LIBRARY] = "library_name",
	[F_SHA] = "sha",
	[F_GATED] = "gated",
	[F_DOWNLOADS] = "downloads",
	[F_LIKES] = "likes",
	[F_DOWNLOADS_ALL] = "downloadsAllTime",
	[F_SAFETENSORS] = "safetensors",
	[F_PARAMS] = "safetensors.total",
	[F_TAGS] = "tags",
	[F_CARD] = "cardData",
	[F_CARD_LICENSE] = "cardData.license",
	[F_CARD_BASE_MODEL] = "cardData.base_model",
	[F_CARD_BASE_RELATION] = "cardData.base_model_relation",
};

/* Column 0 is the record's own JSON type. */
/* The fields read from walking the object at `parent`: F_COUNT marks the
 * top level, F_CARD the members of cardData, F_SAFETENSORS those of
 * safetensors. */
static enum hub_field field_parent(enum hub_field f)
{
	switch (f) {
	case F_CARD_LICENSE:
	case F_CARD_BASE_MODEL:
	case F_CARD_BASE_RELATION:
		return F_CARD;
	case F_PARAMS:
		return F_SAFETENSORS;
	default:
		return F_COUNT;
	}
}

/* The member name of a field inside its parent ("license" for
 * "cardData.license"). */
static const char *field_member(enum hub_field f)
{
	const char *dot = strchr(field_names[f], '.');
	return dot ? dot + 1 : field_names[f];
}

/* A list of strings copied out of SQLite rows, reused record after record. */
typedef struct StrList {
	StrBuf text;         /* the strings, each NUL-terminated */
	size_t *offsets;
	const char **items;  /* filled by strlist_items() */
	size_t n, cap;
} StrList;

static void strlist_reset(StrList *l)
{
	sb_reset(&l->text);
	l->n = 0;
}

static void strlist_add(StrList *l, const char *s, size_t len)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 32;
		l->offsets = xrealloc(l->offsets, l->cap * sizeof *l->offsets);
		l->items = xrealloc(l->items, l->cap * sizeof *l->items);
	}
	l->offsets[l->n++] = l->text.len;
	sb_add(&l->text, s, len);
	sb_add(&l->text, "", 1); /* the terminator: the next string starts after it */
}

/* Pointers into the list, valid until the next strlist_add or reset. */
static const char *const *strlist_items(StrList *l)
{
	for (size_t i = 0; i < l->n; i++)
		l->items[i] = l->text.data + l->offsets[i];
	return l->items;
}

static void strlist_free(StrList *l)
{
	sb_free(&l->text);
	free(l->offsets);
	free(l->items);
}

/* A lineage edge a record declares, before it is written. */
typedef struct PlannedEdge {
	int64_t parent;
	Relation rel;
	EdgeSource src;
} PlannedEdge;

/* The statements that read JSON with SQLite's JSON functions on the
 * connection `db`, prepared once and shared by the records parsed there.
 * ?1 is always the JSON text. */
typedef struct JsonReader {
	sqlite3 *db;
	sqlite3_stmt *items;    /* key, type, value of every member or element of ?1 */
	sqlite3_stmt *each;     /* ... and the value as JSON text */
	sqlite3_stmt *validity; /* is ?1 JSON */
	sqlite3_stmt *root;     /* the JSON type of ?1 */
} JsonReader;

/* One record as read from its JSON and checked, ready to be written: the
 * parse and the writes are apart, so that a second thread can parse the
 * next records while the store's connection writes this one. */
typedef struct HubRecord {
	const JsonReader *json; /* what parses it */
	/* The record's fields: JSON type (NULL = absent) and value (JSON text
	 * for lists and objects), owned here. */
	const char *ftype[F_COUNT];
	char *fvalue[F_COUNT];
	char where[512];        /* "models.jsonl:12" or "models.json: record 12" */
	StrList tags;
	StrList libraries;
	StrList parents;        /* parent ids from tags or the card */
	StrList card_meta;      /* cardData's members: key, then value as JSON text */
	Relation *parent_rels;  /* relation of each entry of `parents` */
	size_t parent_rels_cap;
	StrBuf scratch;         /* the author derived from an id */
	/* What parse_record() made of them; the strings point into the above. */
	const char *id;
	ModelFields f;
	int64_t downloads, likes, downloads_all;
	EdgeSource src;         /* where `parents` came from */
	int untrusted;          /* parse_record() refused it by the rule for untrusted text */
} HubRecord;

typedef struct HubImporter {
	ImportCtx *ctx;
	Store *st;
	int64_t registry;
	int64_t snapshot;
	HubRecord rec;          /* parsed on the store's connection */
	PlannedEdge *edges;
	size_t edges_cap;
	int64_t records;
	int64_t edges_written;
	int64_t rank;           /* the stat's rank for the next record, STAT_NONE = none */
	int64_t last_model;     /* the model the last record wrote */
	JsonReader reader;      /* on the store's connection, for `rec` */
} HubImporter;

/* Bind JSON text that is NUL-terminated at `len`. The length -1 tells
 * SQLite the text is terminated; given a length instead, every JSON function
 * call in a statement would copy the whole record to add a terminator. A NUL
 * byte inside a record ends it early, which leaves it invalid JSON. */
static void bind_json(sqlite3_stmt *stmt, const char *json, size_t len)
{
	(void)len;
	sqlite3_bind_text(stmt, 1, json, -1, SQLITE_STATIC);
}

/* How messages describe a JSON type. */
static const char *json_kind(const char *type)
{
	if (!type)
		return "missing";
	if (strcmp(type, "integer") == 0 || strcmp(type, "real") == 0)
		return "a number";
	if (strcmp(type, "text") == 0)
		return "text";
	if (strcmp(type, "array") == 0)
		return "a list";
	if (strcmp(type, "object") == 0)
		return "an object";
	if (strcmp(type, "true") == 0 || strcmp(type, "false") == 0)
		return "true/false";
	return "null";
}

static const char *field_type(HubRecord *h, enum hub_field f)
{
	return h->ftype[f];
}

static int is_absent(const char *type)
{
	return !type || strcmp(type, "null") == 0;
}

/* rc, having noted in h when it is the rule for untrusted text (untrusted.h)
 * that refuses the record: a sync leaves such a model out (hub_record_check). */
static int untrusted_rule(HubRecord *h, int rc)
{
	if (rc < 0)
		h->untrusted = 1;
	return rc;
}

/* A string field: *out is NULL when absent or null. */
static int field_text(HubRecord *h, enum hub_field f, const char **out, PeatErr *err)
{
	const char *type = field_type(h, f);
	*out = NULL;
	if (is_absent(type))
		return 0;
	if (strcmp(type, "text") != 0)
		return peat_err_set(err, "%s: \"%s\" should be text, not %s", h->where, field_names[f],
				    json_kind(type));
	*out = h->fvalue[f];
	return untrusted_rule(h, untrusted_check_id(*out, strlen(*out), err, "%s: \"%s\"", h->where, field_names[f]));
}

/* A whole number that no count can hold, said as the CSV and PeaTMOSS
 * importers say it. */
static int count_out_of_range(HubRecord *h, enum hub_field f, double d, PeatErr *err)
{
	if (d < 0)
		return peat_err_set(err, "%s: \"%s\" should not be negative (%g)", h->where, field_names[f], d);
	return peat_err_set(err, "%s: \"%s\" is too large: %g (at most 9223372036854775807)", h->where, field_names[f],
			    d);
}

/* A non-negative count (downloads, likes, a parameter count): *out = none
 * when absent or null. Numbers written as text ("1234") are accepted, as
 * are integral reals (1234.0); anything else is an error naming the field. */
static int field_count(HubRecord *h, enum hub_field f, int64_t none, int64_t *out, PeatErr *err)
{
	const char *type = field_type(h, f);
	*out = none;
	if (is_absent(type))
		return 0;
	if (strcmp(type, "integer") == 0) {
		/* SQLite reads an integer past int64 as a real, whose text
		 * ("9.22337203685478e+18") is not all digits: 2^63 was read
		 * as 9. */
		char *end = NULL;
		errno = 0;
		long long v = strtoll(h->fvalue[f], &end, 10);
		if (errno == ERANGE || end == h->fvalue[f] || *end != '\0')
			return count_out_of_range(h, f, strtod(h->fvalue[f], NULL), err);
		*out = v;
	} else if (strcmp(type, "real") == 0) {
		double d = strtod(h->fvalue[f], NULL);
		if (d != floor(d))
			return peat_err_set(err, "%s: \"%s\" should be a whole number, not %g", h->where,
					    field_names[f], d);
		if (d < 0 || d >= 9223372036854775808.0)
			return count_out_of_range(h, f, d, err);
		*out = (int64_t)d;
	} else if (strcmp(type, "text") == 0) {
		const char *s = h->fvalue[f];
		char *end = NULL;
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (end == s || *end != '\0')
			return peat_err_set(err, "%s: \"%s\" should be a number, not the text \"%.40s\"", h->where,
					    field_names[f], s);
		if (errno == ERANGE)
			return count_out_of_range(h, f, strtod(s, NULL), err);
		*out = v;
	} else {
		return peat_err_set(err, "%s: \"%s\" should be a number, not %s", h->where, field_names[f],
				    json_kind(type));
	}
	if (*out < 0)
		return peat_err_set(err, "%s: \"%s\" should not be negative (%lld)", h->where, field_names[f],
				    (long long)*out);
	return 0;
}

/* gated: false -> "no"; "auto" / "manual" (or any later word) kept; true,
 * which early API versions sent for any gated model, -> "yes". */
static int field_gated(HubRecord *h, const char **out, PeatErr *err)
{
	const char *type = field_type(h, F_GATED);
	*out = NULL;
	if (is_absent(type))
		return 0;
	if (strcmp(type, "false") == 0)
		*out = "no";
	else if (strcmp(type, "true") == 0)
		*out = "yes";
	else if (strcmp(type, "text") == 0)
		return field_text(h, F_GATED, out, err);
	else
		return peat_err_set(err, "%s: \"gated\" should be false, \"auto\" or \"manual\", not %s", h->where,
				    json_kind(type));
	return 0;
}

/* The model id: "id", else "modelId" (the 2022 name). */
static int field_id(HubRecord *h, const char **out, PeatErr *err)
{
	const char *id = NULL, *model_id = NULL;
	if (field_text(h, F_ID, &id, err) < 0 || field_text(h, F_MODEL_ID, &model_id, err) < 0)
		return -1;
	*out = id && *id ? id : model_id && *model_id ? model_id : NULL;
	if (!*out)
		return peat_err_set(err, "%s: record has no \"id\" or \"modelId\"", h->where);
	return 0;
}

/* Start walking a JSON list or object given as text with `s` (the
 * reader's items or each). */
static sqlite3_stmt *each_start(sqlite3_stmt *s, const char *json)
{
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, json, -1, SQLITE_STATIC);
	return s;
}

static int each_failed(HubRecord *h, int rc, PeatErr *err)
{
	if (rc == SQLITE_DONE)
		return 0;
	return peat_err_set(err, "%s: cannot read the record: %s", h->where, sqlite3_errmsg(h->json->db));
}

/* Columns of the each statement. */
enum { EACH_KEY, EACH_TYPE, EACH_VALUE, EACH_JSON };

static void add_parent(HubRecord *h, const char *name, size_t len, Relation rel)
{
	if (len == 0)
		return;
	if (h->parents.n == h->parent_rels_cap) {
		h->parent_rels_cap = h->parent_rels_cap ? 2 * h->parent_rels_cap : 16;
		h->parent_rels = xrealloc(h->parent_rels, h->parent_rels_cap * sizeof *h->parent_rels);
	}
	h->parent_rels[h->parents.n] = rel;
	strlist_add(&h->parents, name, len);
}

/* A lineage tag: "base_model:<parent>" (relation unknown) or
 * "base_model:<relation>:<parent>"; other tags are ignored here. A relation
 * word peat does not know makes the tag an ordinary tag: guessing would
 * invent lineage. */
static void parse_base_model_tag(HubRecord *h, const char *tag)
{
	static const char prefix[] = "base_model:";
	const size_t plen = sizeof prefix - 1;
	if (strncmp(tag, prefix, plen) != 0)
		return;
	const char *rest = tag + plen;
	const char *colon = strchr(rest, ':');
	if (!colon) {
		add_parent(h, rest, strlen(rest), REL_UNKNOWN);
		return;
	}
	char word[32];
	size_t wlen = (size_t)(colon - rest);
	Relation rel;
	if (wlen == 0 || wlen >= sizeof word)
		return;
	memcpy(word, rest, wlen);
	word[wlen] = '\0';
	if (relation_parse(word, &rel) == 0)
		add_parent(h, colon + 1, strlen(colon + 1), rel);
}

/* Tags: all stored; libraries among them collected; lineage tags parsed; the
 * first "license:X" returned through *license_tag (a copy in the tag list). */
static int read_tags(HubRecord *h, const char **license_tag, PeatErr *err)
{
	const char *type = field_type(h, F_TAGS);
	*license_tag = NULL;
	if (is_absent(type))
		return 0;
	if (strcmp(type, "array") != 0)
		return peat_err_set(err, "%s: \"tags\" should be a list of strings, not %s", h->where,
				    json_kind(type));
	sqlite3_stmt *s = each_start(h->json->items, h->fvalue[F_TAGS]);
	size_t license_index = (size_t)-1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *etype = (const char *)sqlite3_column_text(s, EACH_TYPE);
		if (!etype || strcmp(etype, "text") != 0)
			return peat_err_set(err, "%s: \"tags\" should be a list of strings, but item %d is %s",
					    h->where, sqlite3_column_int(s, EACH_KEY) + 1, json_kind(etype));
		const char *tag = (const char *)sqlite3_column_text(s, EACH_VALUE);
		size_t len = (size_t)sqlite3_column_bytes(s, EACH_VALUE);
		if (untrusted_check_id(tag, len, err, "%s: \"tags\" item %d", h->where,
				       sqlite3_column_int(s, EACH_KEY) + 1) < 0)
			return untrusted_rule(h, -1);
		if (license_index == (size_t)-1 && strncmp(tag, "license:", 8) == 0 && tag[8])
			license_index = h->tags.n;
		strlist_add(&h->tags, tag, len);
		if (hub_tag_is_library(tag))
			strlist_add(&h->libraries, tag, len);
		parse_base_model_tag(h, tag);
	}
	if (each_failed(h, rc, err) < 0)
		return -1;
	if (license_index != (size_t)-1)
		*license_tag = strlist_items(&h->tags)[license_index] + 8;
	return 0;
}

/* The licence: cardData.license when it is one string, else the first
 * "license:X" tag (the Hub tags every licence a card lists). A licence is
 * an identifier, wherever it comes from. */
static int pick_license(HubRecord *h, const char *license_tag, const char **out, PeatErr *err)
{
	const char *type = field_type(h, F_CARD_LICENSE);
	*out = license_tag;
	if (type && strcmp(type, "text") == 0) {
		const char *s = h->fvalue[F_CARD_LICENSE];
		if (s && *s) {
			*out = s;
			return untrusted_rule(h, untrusted_check_id(s, strlen(s), err, "%s: \"%s\"", h->where,
								    field_names[F_CARD_LICENSE]));
		}
	}
	return 0;
}

/* Every top-level key of cardData becomes a metadata field holding its value
 * as JSON text; the card metadata score reads them. read_fields() collected
 * them; here they are checked. */
static int check_card_meta(HubRecord *h, PeatErr *err)
{
	const char *type = field_type(h, F_CARD);
	if (is_absent(type))
		return 0;
	if (strcmp(type, "object") != 0)
		return peat_err_set(err, "%s: \"cardData\" should be an object, not %s", h->where, json_kind(type));
	const char *const *items = strlist_items(&h->card_meta);
	for (size_t i = 0; i + 1 < h->card_meta.n; i += 2) {
		const char *key = items[i], *json = items[i + 1];
		/* The key is named in the message only once it is known to be
		 * an identifier; the value is free text. */
		if (untrusted_check_id(key, strlen(key), err, "%s: a key of \"cardData\"", h->where) < 0 ||
		    untrusted_check_text(json, strlen(json), err, "%s: \"cardData.%s\"", h->where, key) < 0)
			return untrusted_rule(h, -1);
	}
	return 0;
}

static int write_card_meta(HubImporter *h, HubRecord *r, int64_t model, PeatErr *err)
{
	return store_model_set_metas(h->st, model, strlist_items(&r->card_meta), r->card_meta.n / 2, err);
}

/* Parents declared by the card, used only when no tag declared one: the Hub
 * derives its tags from the card, so tags are the better source. */
static int read_card_parents(HubRecord *h, PeatErr *err)
{
	const char *type = field_type(h, F_CARD_BASE_MODEL);
	const char *rel_type = field_type(h, F_CARD_BASE_RELATION);
	Relation rel = REL_UNKNOWN;

	if (rel_type && strcmp(rel_type, "text") == 0 &&
	    relation_parse(h->fvalue[F_CARD_BASE_RELATION], &rel) < 0)
		rel = REL_UNKNOWN;
	if (!type)
		return 0;
	const char *value = h->fvalue[F_CARD_BASE_MODEL];
	/* A parent's name becomes a model id. */
	if (strcmp(type, "text") == 0) {
		if (untrusted_check_id(value, strlen(value), err, "%s: \"%s\"", h->where,
				       field_names[F_CARD_BASE_MODEL]) < 0)
			return untrusted_rule(h, -1);
		add_parent(h, value, strlen(value), rel);
		return 0;
	}
	if (strcmp(type, "array") != 0)
		return 0;
	sqlite3_stmt *s = each_start(h->json->items, value);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *etype = (const char *)sqlite3_column_text(s, EACH_TYPE);
		if (!etype || strcmp(etype, "text") != 0)
			continue;
		const char *name = (const char *)sqlite3_column_text(s, EACH_VALUE);
		size_t len = (size_t)sqlite3_column_bytes(s, EACH_VALUE);
		if (untrusted_check_id(name, len, err, "%s: \"%s\" item %d", h->where, field_names[F_CARD_BASE_MODEL],
				       sqlite3_column_int(s, EACH_KEY) + 1) < 0) {
			sqlite3_reset(s);
			return untrusted_rule(h, -1);
		}
		add_parent(h, name, len, rel);
	}
	return each_failed(h, rc, err);
}

/* Write the record's edges. Duplicates collapse, and an unknown relation is
 * dropped when the same parent also has a known one, whatever order the tags
 * came in; a model is never its own parent. Returns the number written. */
static int64_t write_edges(HubImporter *h, HubRecord *r, int64_t child, PeatErr *err)
{
	const char *const *names = strlist_items(&r->parents);
	EdgeSource src = r->src;
	size_t n = 0;

	if (r->parents.n > h->edges_cap) {
		h->edges_cap = r->parents.n;
		h->edges = xrealloc(h->edges, h->edges_cap * sizeof *h->edges);
	}
	for (size_t i = 0; i < r->parents.n; i++) {
		int64_t parent = store_model(h->st, h->registry, names[i], err);
		if (parent < 0)
			return -1;
		if (parent == child)
			continue;
		size_t j;
		for (j = 0; j < n; j++)
			if (h->edges[j].parent == parent && h->edges[j].rel == r->parent_rels[i])
				break;
		if (j == n)
			h->edges[n++] = (PlannedEdge){parent, r->parent_rels[i], src};
	}
	/* The record lists all the model's parents (its tags and cardData are
	 * where they are told): none is an answer too. */
	if ((!is_absent(field_type(r, F_TAGS)) || !is_absent(field_type(r, F_CARD))) &&
	    store_model_parents_known(h->st, child, err) < 0)
		return -1;
	int64_t written = 0;
	for (size_t i = 0; i < n; i++) {
		int superseded = 0;
		if (h->edges[i].rel == REL_UNKNOWN)
			for (size_t j = 0; j < n; j++)
				if (h->edges[j].parent == h->edges[i].parent && h->edges[j].rel != REL_UNKNOWN)
					superseded = 1;
		if (superseded)
			continue;
		if (store_edge(h->st, child, h->edges[i].parent, h->edges[i].rel, h->edges[i].src, err) < 0)
			return -1;
		written++;
	}
	return written;
}

/* Is this text valid JSON? */
static int json_is_valid(HubRecord *h, const char *json, size_t len)
{
	sqlite3_reset(h->json->validity);
	bind_json(h->json->validity, json, len);
	int valid = sqlite3_step(h->json->validity) == SQLITE_ROW && sqlite3_column_int(h->json->validity, 0);
	sqlite3_reset(h->json->validity);
	return valid;
}

/* Explain why the record statement failed on this text. */
static int record_error(HubRecord *h, const char *json, size_t len, PeatErr *err)
{
	char why[96];
	if (!json_is_valid(h, json, len))
		return peat_err_set(err, "%s: %s", h->where, json_invalid_reason(json, len, why, sizeof why));
	return peat_err_set(err, "%s: cannot read the record: %s", h->where, sqlite3_errmsg(h->json->db));
}

/* The offset of the first \u0000 escape in JSON text (a NUL inside a
 * string), or -1. A backslash that is itself escaped does not start one:
 * "\\u0000" is the six characters \u0000. */
static long nul_escape(const char *json, size_t len)
{
	for (const char *p = json; (p = memmem(p, len - (size_t)(p - json), "\\u0000", 6)) != NULL; p += 6) {
		size_t at = (size_t)(p - json), backslashes = 1;
		while (backslashes <= at && json[at - backslashes] == '\\')
			backslashes++;
		if (backslashes % 2 == 1)
			return (long)at;
	}
	return -1;
}

/* Refuse a record with a NUL at json[at], naming its field: the record
 * with that escape made a "0" parses to the same tree, and the first key or
 * value that differs from the record's own (which SQLite cut at the NUL)
 * is the field, by its path ("id", "tags[2]", "cardData.license"). */
static int nul_error(HubRecord *h, const char *json, size_t len, size_t at, PeatErr *err)
{
	char *zero = xstrndup(json, len);
	memcpy(zero + at, "\\u0030", 6);
	sqlite3_stmt *s = NULL;
	char field[256] = "";
	if (sqlite3_prepare_v2(h->json->db,
			       "SELECT b.fullkey FROM json_tree(?1) a JOIN json_tree(?2) b ON b.id = a.id"
			       " WHERE a.atom IS NOT b.atom OR a.key IS NOT b.key ORDER BY a.id LIMIT 1",
			       -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 1, json, (int)len, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, zero, (int)len, SQLITE_STATIC);
		const char *path = sqlite3_step(s) == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
		if (path && path[0] == '$' && path[1])
			snprintf(field, sizeof field, " \"%s\":", path + 1 + (path[1] == '.'));
		/* A key that needs quoting is in the path as written. */
		char *zero_in_key = strstr(field, "\\u0030");
		if (zero_in_key)
			memcpy(zero_in_key, "\\u0000", 6);
	}
	sqlite3_finalize(s);
	free(zero);
	return peat_err_set(err, "%s:%s U+0000 (NUL) is not allowed in text peat stores (the \\u0000 at byte %zu "
			    "of the record)", h->where, field, at + 1);
}

/* JSON type names as static strings, so a field's type outlives the
 * statement row it came from. */
static const char *json_type_static(const char *type)
{
	static const char *const types[] = {"null", "true", "false", "integer", "real", "text", "array", "object"};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (type && strcmp(type, types[i]) == 0)
			return types[i];
	return "null";
}

static void fields_clear(HubRecord *h)
{
	for (int f = 0; f < F_COUNT; f++) {
		free(h->fvalue[f]);
		h->fvalue[f] = NULL;
		h->ftype[f] = NULL;
	}
}

/* Fill the fields whose parent is `parent` from the members of the object
 * `json`. Returns 0, or -1 when the text is not JSON; *found (when not
 * NULL) is set when the text is an object with members. */
static int walk_members(HubRecord *h, const char *json, enum hub_field parent, int *found)
{
	sqlite3_stmt *s = h->json->items;
	int rc;
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, json, -1, SQLITE_STATIC);
	if (found)
		*found = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		/* Only an object's members have a name (a list's elements have
		 * an index, a single value nothing). */
		if (sqlite3_column_type(s, 0) != SQLITE_TEXT)
			continue;
		if (found)
			*found = 1;
		const char *key = (const char *)sqlite3_column_text(s, 0);
		for (int f = 0; f < F_COUNT; f++) {
			if (field_parent((enum hub_field)f) != parent || strcmp(key, field_member((enum hub_field)f)) != 0)
				continue;
			const char *value = (const char *)sqlite3_column_text(s, 2);
			free(h->fvalue[f]);
			h->fvalue[f] = xstrdup(value ? value : "");
			h->ftype[f] = json_type_static((const char *)sqlite3_column_text(s, 1));
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* One walk of cardData: its fields peat reads (licence, base models) and
 * every member with its value as JSON text, for the card's metadata. */
static int walk_card(HubRecord *h)
{
	sqlite3_stmt *s = each_start(h->json->each, h->fvalue[F_CARD]);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(s, EACH_KEY);
		if (!key || !*key)
			continue;
		const char *json = (const char *)sqlite3_column_text(s, EACH_JSON);
		strlist_add(&h->card_meta, key, strlen(key));
		strlist_add(&h->card_meta, json ? json : "null", json ? strlen(json) : 4);
		for (int f = 0; f < F_COUNT; f++) {
			if (field_parent((enum hub_field)f) != F_CARD || strcmp(key, field_member((enum hub_field)f)) != 0)
				continue;
			const char *value = (const char *)sqlite3_column_text(s, EACH_VALUE);
			free(h->fvalue[f]);
			h->fvalue[f] = xstrdup(value ? value : "");
			h->ftype[f] = json_type_static((const char *)sqlite3_column_text(s, EACH_TYPE));
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Read every field of one record; *root gets what the record is: "object",
 * "array" or "scalar" (NULL when SQLite cannot tell). */
static int read_fields(HubRecord *h, const char *json, const char **root)
{
	int found;
	fields_clear(h);
	if (walk_members(h, json, F_COUNT, &found) < 0)
		return -1;
	*root = "object";
	if (!found) { /* {}, a list or a single value: ask which */
		sqlite3_reset(h->json->root);
		sqlite3_bind_text(h->json->root, 1, json, -1, SQLITE_STATIC);
		const char *type = sqlite3_step(h->json->root) == SQLITE_ROW
					   ? (const char *)sqlite3_column_text(h->json->root, 0)
					   : NULL;
		if (!type)
			*root = NULL;
		else if (strcmp(type, "object") != 0 && strcmp(type, "array") != 0)
			*root = "scalar";
		else
			*root = type[0] == 'o' ? "object" : "array";
		sqlite3_reset(h->json->root);
	}
	if (h->ftype[F_SAFETENSORS] && strcmp(h->ftype[F_SAFETENSORS], "object") == 0 &&
	    walk_members(h, h->fvalue[F_SAFETENSORS], F_SAFETENSORS, NULL) < 0)
		return -1;
	strlist_reset(&h->card_meta);
	if (h->ftype[F_CARD] && strcmp(h->ftype[F_CARD], "object") == 0 && walk_card(h) < 0)
		return -1;
	return 0;
}

/* Read and check one record (the JSON text of one object). Everything that
 * can be wrong with a record is found here, before anything is written. */
static int parse_record(HubRecord *h, const char *json, size_t len, PeatErr *err)
{
	ModelFields *f = &h->f;
	const char *license_tag;

	memset(f, 0, sizeof *f);
	f->params = -1;
	h->id = NULL;
	h->src = EDGE_FROM_TAG;
	h->untrusted = 0;
	if (len >= INT_MAX)
		return peat_err_set(err, "%s: the record is too large (%zu bytes)", h->where, len);
	long nul = nul_escape(json, len);
	if (nul >= 0)
		return untrusted_rule(h, nul_error(h, json, len, (size_t)nul, err));
	const char *root;
	if (read_fields(h, json, &root) < 0)
		return record_error(h, json, len, err);
	if (!root || strcmp(root, "object") != 0)
		return peat_err_set(err, "%s: expected a JSON object, found %s", h->where,
				    root && strcmp(root, "scalar") == 0 ? "a single value" : json_kind(root));
	if (field_id(h, &h->id, err) < 0 || field_text(h, F_AUTHOR, &f->author, err) < 0 ||
	    field_text(h, F_CREATED, &f->created, err) < 0 ||
	    field_text(h, F_LAST_MODIFIED, &f->last_modified, err) < 0 ||
	    field_text(h, F_PIPELINE_TAG, &f->pipeline_tag, err) < 0 ||
	    field_text(h, F_LIBRARY, &f->library, err) < 0 || field_text(h, F_SHA, &f->sha, err) < 0 ||
	    field_gated(h, &f->gated, err) < 0 || field_count(h, F_DOWNLOADS, STAT_NONE, &h->downloads, err) < 0 ||
	    field_count(h, F_LIKES, STAT_NONE, &h->likes, err) < 0 ||
	    field_count(h, F_DOWNLOADS_ALL, STAT_NONE, &h->downloads_all, err) < 0 ||
	    field_count(h, F_PARAMS, -1, &f->params, err) < 0)
		return -1;
	if (f->library && !*f->library)
		f->library = NULL;
	/* What the record states, even as null: the snapshot records those
	 * fields (a null pipeline_tag is no pipeline as of it), where a key
	 * the record lacks leaves the model's earlier value to carry on. */
	static const struct {
		enum hub_field field;
		unsigned bit;
	} keys[] = {
		{F_CREATED, REC_CREATED}, {F_LAST_MODIFIED, REC_MODIFIED}, {F_PIPELINE_TAG, REC_PIPELINE},
		{F_LIBRARY, REC_LIBRARY}, {F_SHA, REC_SHA},		   {F_GATED, REC_GATED},
		{F_SAFETENSORS, REC_PARAMS}, {F_TAGS, REC_LICENSE},	   {F_CARD, REC_LICENSE},
	};
	f->stated = 0;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (field_type(h, keys[i].field))
			f->stated |= keys[i].bit;
	if (!f->author || !*f->author) {
		const char *slash = strchr(h->id, '/');
		f->author = NULL;
		if (slash && slash > h->id) {
			sb_reset(&h->scratch);
			sb_add(&h->scratch, h->id, (size_t)(slash - h->id));
			f->author = sb_str(&h->scratch);
		}
	}

	strlist_reset(&h->tags);
	strlist_reset(&h->libraries);
	strlist_reset(&h->parents);
	if (f->library)
		strlist_add(&h->libraries, f->library, strlen(f->library));
	if (read_tags(h, &license_tag, err) < 0 || pick_license(h, license_tag, &f->license, err) < 0 ||
	    check_card_meta(h, err) < 0)
		return -1;
	if (h->parents.n == 0) {
		h->src = EDGE_FROM_CARD;
		if (read_card_parents(h, err) < 0)
			return -1;
	}
	return 0;
}

/* Write a parsed record into the store. */
static int write_record(HubImporter *h, HubRecord *r, PeatErr *err)
{
	int64_t model = store_model(h->st, h->registry, r->id, err);
	if (model < 0 || store_model_update(h->st, model, &r->f, err) < 0)
		return -1;
	/* A record without "tags" (a listing that did not ask for them) leaves
	 * the stored tags and libraries alone instead of erasing them. */
	if (!is_absent(field_type(r, F_TAGS))) {
		if (store_model_set_tags(h->st, model, strlist_items(&r->tags), r->tags.n, err) < 0 ||
		    store_model_set_libraries(h->st, model, strlist_items(&r->libraries), r->libraries.n, err) < 0)
			return -1;
	} else if (r->f.library && store_model_add_library(h->st, model, r->f.library, err) < 0) {
		return -1;
	}
	if (write_card_meta(h, r, model, err) < 0)
		return -1;
	/* The snapshot holds the 30-day count; the all-time one (2025 records)
	 * is kept with the model, where `peat show` finds it. After the card's
	 * fields, so the record's own number wins. */
	if (r->downloads_all != STAT_NONE) {
		char n[24];
		snprintf(n, sizeof n, "%lld", (long long)r->downloads_all);
		if (store_model_set_meta(h->st, model, field_names[F_DOWNLOADS_ALL], n, err) < 0)
			return -1;
	}
	int64_t edges = write_edges(h, r, model, err);
	if (edges < 0)
		return -1;
	h->edges_written += edges;
	/* No snapshot (a sync of single models): the record's numbers are not
	 * a ranking of anything, so no stat is written. */
	if (h->snapshot >= 0 && store_stat(h->st, h->snapshot, model, r->downloads, r->likes, h->rank, err) < 0)
		return -1;
	if (store_model_done(h->st, model, err) < 0)
		return -1;
	h->last_model = model;
	h->records++;
	return 0;
}

/* Parse and write one record on the store's connection. */
static int import_record(HubImporter *h, const char *json, size_t len, PeatErr *err)
{
	if (parse_record(&h->rec, json, len, err) < 0)
		return -1;
	return write_record(h, &h->rec, err);
}

static void report_progress(HubImporter *h, int64_t done, int64_t total)
{
	progress_report(h->ctx->opt->progress, h->ctx->name, done, total, h->records);
}

static int is_blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	return s;
}

/* The statements of a JsonReader, on the connection `db`. */
static int json_reader_prepare(JsonReader *r, sqlite3 *db, PeatErr *err)
{
	r->db = db;
	/* EACH_JSON: the value as JSON text (strings quoted, lists and objects
	 * as they are), which is how card metadata is stored; computing it for
	 * every member of a record or every tag would be wasted. (SQLite
	 * computes every column of a row, asked for or not; each mention of a
	 * json_each column makes a copy of it, so a filter such as key IN (...)
	 * costs more than the values it spares.) */
	int ok = sqlite3_prepare_v2(db, "SELECT key, type, value FROM json_each(?1)", -1, &r->items, NULL) ==
			 SQLITE_OK &&
		 sqlite3_prepare_v2(db, "SELECT json_type(?1)", -1, &r->root, NULL) == SQLITE_OK &&
		 sqlite3_prepare_v2(db,
				    "SELECT key, type, value,"
				    " CASE type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'"
				    " ELSE json_quote(value) END"
				    " FROM json_each(?1)",
				    -1, &r->each, NULL) == SQLITE_OK &&
		 sqlite3_prepare_v2(db, "SELECT json_valid(?1)", -1, &r->validity, NULL) == SQLITE_OK;
	return ok ? 0 : peat_err_set(err, "cannot prepare to read JSON: %s", sqlite3_errmsg(db));
}

static void json_reader_free(JsonReader *r)
{
	sqlite3_finalize(r->items);
	sqlite3_finalize(r->root);
	sqlite3_finalize(r->each);
	sqlite3_finalize(r->validity);
	memset(r, 0, sizeof *r);
}

static void record_free(HubRecord *r)
{
	fields_clear(r);
	strlist_free(&r->tags);
	strlist_free(&r->libraries);
	strlist_free(&r->parents);
	strlist_free(&r->card_meta);
	free(r->parent_rels);
	sb_free(&r->scratch);
	memset(r, 0, sizeof *r);
}

/* ---- JSON lines, parsed on a second thread ---- */

/* Parsing a record (SQLite's JSON functions) is about a quarter of the work
 * and needs nothing from the store, so JSON lines are read and parsed by a
 * thread with a connection of its own while the store's connection writes
 * the records before them. Records go over in a ring of PARSE_BATCHES
 * batches: the parser fills one while the writer empties another. A record
 * that is wrong ends the input at its batch, with its message; the writer
 * writes the records before it and fails with that message, as a single
 * thread would. Without a second thread (PEAT_THREADS=1) the same batches
 * are parsed on the writer's thread with the store's connection. */
#define PARSE_BATCH 128
#define PARSE_BATCHES 4

typedef struct ParseBatch {
	HubRecord recs[PARSE_BATCH]; /* each its own fields; the parser's statements */
	size_t n;                    /* records parsed, in file order */
	int end;                     /* the input ends after these */
	int failed;                  /* ... because of `err` (a record, or reading) */
	PeatErr err;
	int64_t offset;              /* of the input after the batch, for progress */
	int full;                    /* the writer's turn (under the lock) */
} ParseBatch;

typedef struct LineParser {
	Input *in;
	const char *name;
	const char *first;           /* the first line, read before the thread starts */
	size_t first_len;
	sqlite3 *db;                 /* the connection that parses */
	int own_db;                  /* ... opened for the thread (else the store's) */
	JsonReader reader;           /* its prepared statements */
	ParseBatch batches[PARSE_BATCHES];
	int threaded;                /* a thread parses; else each batch when asked for */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t changed;
	int stop;                    /* the writer wants no more */
	size_t next;                 /* the batch the writer takes next */
} LineParser;

/* Fill one batch: the next PARSE_BATCH records, or up to the end or a fault. */
static void parse_batch(LineParser *lp, ParseBatch *b)
{
	b->n = 0;
	b->end = b->failed = 0;
	peat_err_clear(&b->err);
	while (b->n < PARSE_BATCH) {
		const char *line;
		size_t len;
		int got;
		if (lp->first) {
			line = lp->first;
			len = lp->first_len;
			lp->first = NULL;
			got = 1;
		} else {
			got = input_line(lp->in, &line, &len, &b->err);
		}
		if (got <= 0) {
			b->end = 1;
			b->failed = got < 0;
			break;
		}
		if (is_blank(line))
			continue;
		HubRecord *r = &b->recs[b->n];
		snprintf(r->where, sizeof r->where, "%s:%lld", lp->name, (long long)input_lineno(lp->in));
		if (parse_record(r, line, len, &b->err) < 0) {
			b->end = b->failed = 1;
			break;
		}
		b->n++;
	}
	b->offset = input_offset(lp->in);
}

static void *parse_thread(void *arg)
{
	LineParser *lp = arg;
	for (size_t i = 0;; i = (i + 1) % PARSE_BATCHES) {
		ParseBatch *b = &lp->batches[i];
		pthread_mutex_lock(&lp->mu);
		while (b->full && !lp->stop)
			pthread_cond_wait(&lp->changed, &lp->mu);
		int stop = lp->stop;
		pthread_mutex_unlock(&lp->mu);
		if (stop)
			break;
		parse_batch(lp, b);
		pthread_mutex_lock(&lp->mu);
		b->full = 1;
		pthread_cond_broadcast(&lp->changed);
		pthread_mutex_unlock(&lp->mu);
		if (b->end)
			break;
	}
	return NULL;
}

static void line_parser_free(LineParser *lp)
{
	for (size_t i = 0; i < PARSE_BATCHES; i++)
		for (size_t j = 0; j < PARSE_BATCH; j++)
			record_free(&lp->batches[i].recs[j]);
	json_reader_free(&lp->reader);
	if (lp->own_db)
		sqlite3_close(lp->db);
	pthread_mutex_destroy(&lp->mu);
	pthread_cond_destroy(&lp->changed);
	free(lp);
}

/* Start parsing `in` (whose first line is `line`): on a thread with a
 * connection of its own when one can be had, else on the caller's thread
 * with the store's connection `store_db`, a batch at a time. NULL (err set)
 * when not even that can be prepared. */
static LineParser *line_parser_start(Input *in, const char *name, const char *line, size_t len, sqlite3 *store_db,
				     PeatErr *err)
{
	LineParser *lp = xcalloc(1, sizeof *lp);
	lp->in = in;
	lp->name = name;
	lp->first = line;
	lp->first_len = len;
	pthread_mutex_init(&lp->mu, NULL);
	pthread_cond_init(&lp->changed, NULL);
	lp->threaded = store_may_use_threads() &&
		       sqlite3_open_v2(":memory:", &lp->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK;
	if (lp->db)
		lp->own_db = 1;
	if (!lp->threaded || json_reader_prepare(&lp->reader, lp->db, NULL) < 0) {
		json_reader_free(&lp->reader);
		if (lp->own_db)
			sqlite3_close(lp->db);
		lp->db = store_db;
		lp->own_db = lp->threaded = 0;
		if (json_reader_prepare(&lp->reader, lp->db, err) < 0) {
			line_parser_free(lp);
			return NULL;
		}
	}
	for (size_t i = 0; i < PARSE_BATCHES; i++)
		for (size_t j = 0; j < PARSE_BATCH; j++)
			lp->batches[i].recs[j].json = &lp->reader;
	if (lp->threaded && pthread_create(&lp->thread, NULL, parse_thread, lp) != 0)
		lp->threaded = 0; /* the connection works as well from here */
	return lp;
}

/* The next batch, in file order, once it is parsed. */
static ParseBatch *line_parser_next(LineParser *lp)
{
	ParseBatch *b = &lp->batches[lp->next];
	if (!lp->threaded) {
		parse_batch(lp, b);
		b->full = 1;
		return b;
	}
	pthread_mutex_lock(&lp->mu);
	while (!b->full)
		pthread_cond_wait(&lp->changed, &lp->mu);
	pthread_mutex_unlock(&lp->mu);
	return b;
}

/* The writer is done with the batch line_parser_next() gave. */
static void line_parser_release(LineParser *lp, ParseBatch *b)
{
	pthread_mutex_lock(&lp->mu);
	b->full = 0;
	pthread_cond_broadcast(&lp->changed);
	pthread_mutex_unlock(&lp->mu);
	lp->next = (lp->next + 1) % PARSE_BATCHES;
}

static void line_parser_stop(LineParser *lp)
{
	if (lp->threaded) {
		pthread_mutex_lock(&lp->mu);
		lp->stop = 1;
		pthread_cond_broadcast(&lp->changed);
		pthread_mutex_unlock(&lp->mu);
		pthread_join(lp->thread, NULL);
	}
	line_parser_free(lp);
}

/* JSON lines: `line` is the first non-blank line, already read. */
static int import_lines(HubImporter *h, Input *in, const char *line, size_t len, PeatErr *err)
{
	int64_t size = input_size(in); /* before the thread owns the input */
	LineParser *lp = line_parser_start(in, h->ctx->name, line, len, store_db(h->st), err);
	if (!lp)
		return -1;
	int rc = 0;
	for (;;) {
		ParseBatch *b = line_parser_next(lp);
		for (size_t i = 0; i < b->n && rc == 0; i++)
			rc = write_record(h, &b->recs[i], err);
		if (rc == 0 && b->failed)
			rc = peat_err_set(err, "%s", b->err.msg);
		int end = b->end;
		if (rc == 0)
			report_progress(h, b->offset, size);
		line_parser_release(lp, b);
		if (end || rc < 0)
			break;
	}
	line_parser_stop(lp);
	return rc;
}

/* The array in `text` (its first line is line `first_line` of the file) is
 * not valid JSON: name the first record json_valid() refuses, with the line
 * it starts on, or else what is wrong with the array itself. Each record is
 * NUL-terminated in place for the check and restored. */
static int array_syntax_error(HubImporter *h, char *text, size_t len, int64_t first_line, PeatErr *err)
{
	const char *name = h->ctx->name;
	JsonScan scan;
	JsonElement e;
	int64_t record = 0, rest_line;
	if (json_scan_start(&scan, text, len) < 0)
		return peat_err_set(err, "%s: not valid JSON", name);
	while (json_scan_next(&scan, &e) == 1) {
		long long line = (long long)(first_line + e.line - 1);
		record++;
		if (e.start == e.end && e.ended_by == '\0')
			break;
		if (e.start == e.end)
			return peat_err_set(err, "%s:%lld: record %lld: not valid JSON (nothing before the '%c')", name,
					    line, (long long)record, e.ended_by);
		char saved = text[e.end];
		text[e.end] = '\0';
		int valid = json_is_valid(&h->rec, text + e.start, e.end - e.start);
		text[e.end] = saved;
		char why[96];
		if (!valid)
			return peat_err_set(err, "%s:%lld: record %lld: %s", name, line, (long long)record,
					    json_invalid_reason(text + e.start, e.end - e.start, why, sizeof why));
	}
	switch (json_scan_rest(&scan, &rest_line)) {
	case 0:
		return peat_err_set(err, "%s: the JSON array opened on line %lld is not closed (no ']' before the "
				    "end of the file)", name, (long long)first_line);
	case 2:
		return peat_err_set(err, "%s:%lld: text after the end of the JSON array", name,
				    (long long)(first_line + rest_line - 1));
	default:
		return peat_err_set(err, "%s: not valid JSON (expected one JSON array of records, or one JSON "
				    "object per line)", name);
	}
}

/* One JSON array of records: `line` is the first non-blank line (it starts
 * with '['), already read. The whole text is read, then walked with
 * json_each. A file that is not one valid JSON value but whose first line is
 * valid JSON is JSON lines whose first record is not an object. */
static int import_array(HubImporter *h, Input *in, const char *line, size_t len, PeatErr *err)
{
	StrBuf text = {0};
	char *first = xstrndup(line, len);
	int64_t first_lineno = input_lineno(in);
	size_t first_len = len;
	sqlite3_stmt *elements = NULL, *length = NULL;
	int64_t total = input_size(in), count = 0;
	int got = 1, step, rc = -1;

	for (; got == 1; got = input_line(in, &line, &len, err)) {
		sb_add(&text, line, len);
		sb_putc(&text, '\n');
		if (input_lineno(in) % 4096 == 0)
			report_progress(h, input_offset(in), input_size(in));
	}
	if (got < 0)
		goto out;
	if (text.len >= INT_MAX) {
		peat_err_set(err, "%s: a JSON array this large cannot be read; write one record per line "
			     "(JSON lines) instead", h->ctx->name);
		goto out;
	}
	if (!json_is_valid(&h->rec, text.data, text.len)) {
		if (json_is_valid(&h->rec, first, first_len))
			peat_err_set(err, "%s:%lld: expected a JSON object, found a list", h->ctx->name,
				     (long long)first_lineno);
		else
			array_syntax_error(h, text.data, text.len, first_lineno, err);
		goto out;
	}
	/* The number of records lets progress advance while they are written. */
	length = store_prepare(h->st, "SELECT json_array_length(?1)", err);
	elements = store_prepare(h->st, "SELECT key, type, value FROM json_each(?1)", err);
	if (!length || !elements)
		goto out;
	bind_json(length, text.data, text.len);
	if (sqlite3_step(length) == SQLITE_ROW)
		count = sqlite3_column_int64(length, 0);
	bind_json(elements, text.data, text.len);
	while ((step = sqlite3_step(elements)) == SQLITE_ROW) {
		int64_t index = sqlite3_column_int64(elements, 0);
		const char *type = (const char *)sqlite3_column_text(elements, 1);
		snprintf(h->rec.where, sizeof h->rec.where, "%s: record %lld", h->ctx->name, (long long)index + 1);
		if (!type || strcmp(type, "object") != 0) {
			peat_err_set(err, "%s: expected a JSON object, found %s", h->rec.where, json_kind(type));
			goto out;
		}
		const char *json = (const char *)sqlite3_column_text(elements, 2);
		if (import_record(h, json, (size_t)sqlite3_column_bytes(elements, 2), err) < 0)
			goto out;
		if (h->records % 256 == 0 && count > 0)
			report_progress(h, total * h->records / count, total);
	}
	if (step != SQLITE_DONE) {
		peat_err_set(err, "%s: cannot read the JSON array: %s", h->ctx->name, sqlite3_errmsg(store_db(h->st)));
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(length);
	sqlite3_finalize(elements);
	free(first);
	sb_free(&text);
	return rc;
}

static int importer_prepare(HubImporter *h, PeatErr *err);

static int importer_setup(HubImporter *h, ImportCtx *ctx, PeatErr *err)
{
	const char *registry = ctx->opt->registry ? ctx->opt->registry : "hf";
	h->ctx = ctx;
	h->st = ctx->st;
	h->registry = store_registry(h->st, registry, err);
	if (h->registry < 0)
		return -1;
	SnapshotSpec spec = {
		.registry = h->registry,
		.label = ctx->label,
		.date = ctx->date,
		.source = ctx->path,
		.measure = MEASURE_DOWNLOADS_30D,
	};
	h->snapshot = store_snapshot(h->st, &spec, err);
	if (h->snapshot < 0)
		return -1;
	ctx->res->snapshots = 1;
	h->rank = STAT_NONE;
	return importer_prepare(h, err);
}

static int importer_prepare(HubImporter *h, PeatErr *err)
{
	h->rec.json = &h->reader;
	return json_reader_prepare(&h->reader, store_db(h->st), err);
}

static void importer_free(HubImporter *h)
{
	record_free(&h->rec);
	json_reader_free(&h->reader);
	free(h->edges);
}

int import_hub_json(ImportCtx *ctx, PeatErr *err)
{
	HubImporter h = {0};
	Input *in = NULL;
	const char *line = NULL;
	size_t len = 0;
	int got, rc = -1;

	if (importer_setup(&h, ctx, err) < 0 || input_open(ctx->path, &in, err) < 0)
		goto out;
	while ((got = input_line(in, &line, &len, err)) == 1 && is_blank(line))
		;
	if (got < 0)
		goto out;
	if (got == 0) {
		peat_err_set(err, "%s: no model records: the file is empty", ctx->name);
		goto out;
	}
	if (input_lineno(in) == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
		line += 3; /* a byte order mark some editors write */
		len -= 3;
	}
	if (*skip_space(line) == '[')
		rc = import_array(&h, in, line, len, err);
	else
		rc = import_lines(&h, in, line, len, err);
	if (rc < 0)
		goto out;
	rc = -1;
	if (h.records == 0) {
		peat_err_set(err, "%s: no model records: the JSON array is empty", ctx->name);
		goto out;
	}
	report_progress(&h, input_size(in), input_size(in));
	ctx->res->records = h.records;
	ctx->res->edges = h.edges_written;
	if (store_log_import(ctx->st, ctx->path, "hub-json", h.snapshot, h.records, err) < 0)
		goto out;
	rc = 0;
out:
	input_close(in);
	importer_free(&h);
	return rc;
}

/* ---- one record at a time, for `peat sync` ---- */

struct HubRecordWriter {
	HubImporter h;
};

HubRecordWriter *hub_record_writer_new(Store *st, int64_t registry, int64_t snapshot, PeatErr *err)
{
	HubRecordWriter *w = xcalloc(1, sizeof *w);
	w->h.st = st;
	w->h.registry = registry;
	w->h.snapshot = snapshot;
	w->h.rank = STAT_NONE;
	if (importer_prepare(&w->h, err) < 0) {
		hub_record_writer_free(w);
		return NULL;
	}
	return w;
}

int hub_record_check(HubRecordWriter *w, const char *where, const char *json, PeatErr *err)
{
	snprintf(w->h.rec.where, sizeof w->h.rec.where, "%s", where);
	if (parse_record(&w->h.rec, json, strlen(json), err) < 0)
		return w->h.rec.untrusted ? HUB_RECORD_UNTRUSTED : -1;
	return 0;
}

int64_t hub_record_write(HubRecordWriter *w, const char *where, const char *json, int64_t rank, PeatErr *err)
{
	int rc = hub_record_check(w, where, json, err);
	if (rc < 0)
		return rc;
	w->h.rank = rank;
	if (write_record(&w->h, &w->h.rec, err) < 0)
		return -1;
	return w->h.last_model;
}

int64_t hub_record_writer_edges(const HubRecordWriter *w)
{
	return w->h.edges_written;
}

void hub_record_writer_free(HubRecordWriter *w)
{
	if (!w)
		return;
	importer_free(&w->h);
	free(w);
}
