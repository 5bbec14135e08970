/* SPDX-License-Identifier: MIT */
/* sync.c - `peat sync`: Hub listings, model records and cards into the
 * store, one transaction per unit of work. JSON is read with SQLite's JSON
 * functions on the store's connection; records are written by the Hub
 * importer's record writer (import.h), so a synced model is stored exactly
 * as an imported one. */
#include "sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "asof.h"
#include "import.h"
#include "json_scan.h"
#include "keyindex.h"
#include "strbuf.h"
#include "text.h"
#include "untrusted.h"

#define REGISTRY "hf"
#define PAGE_LIMIT 1000     /* the largest page the Hub serves */
#define CARD_BATCH 64       /* cards per transaction */
/* ... or fewer, when they hold this many bytes: 64 cards of the most a
 * body may hold (PEAT_HTTP_MAX_BODY) would be 2 GB. */
#define CARD_BATCH_BYTES ((size_t)16 << 20)
/* Listing pages in a row that bring no model not stored already before
 * `sync top` stops: pages may overlap by an item or two, never by whole
 * pages, so a run of them is a server going round in circles. */
#define TOP_MAX_IDLE_PAGES 5

/* Fields a listing asks for: everything the record writer reads. */
static const char *const listing_fields[] = {
	"author", "cardData", "createdAt", "downloads", "gated", "lastModified", "library_name",
	"likes", "pipeline_tag", "safetensors", "sha", "tags", "trendingScore",
};
/* One model's information adds its parents and children counts, which the
 * Hub serves only here. */
static const char *const info_fields[] = {
	"author", "baseModels", "cardData", "childrenModelCount", "createdAt", "downloads", "gated",
	"lastModified", "library_name", "likes", "pipeline_tag", "safetensors", "sha", "tags",
};
#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

static const char *const ranking_names[SYNC_BY_COUNT] = {"downloads", "likes", "trending"};
static const char *const ranking_sorts[SYNC_BY_COUNT] = {"downloads", "likes", "trendingScore"};
static const Measure ranking_measures[SYNC_BY_COUNT] = {MEASURE_DOWNLOADS_30D, MEASURE_LIKES, MEASURE_TRENDING};

const char *sync_ranking_name(SyncRanking by)
{
	return (unsigned)by < SYNC_BY_COUNT ? ranking_names[by] : "downloads";
}

int sync_ranking_parse(const char *s, SyncRanking *out)
{
	for (int i = 0; i < SYNC_BY_COUNT; i++)
		if (strcmp(s, ranking_names[i]) == 0 || strcmp(s, ranking_sorts[i]) == 0) {
			*out = (SyncRanking)i;
			return 0;
		}
	return -1;
}

static void today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int is_cancelled(const SyncOptions *opt)
{
	return opt && opt->cancel && *opt->cancel;
}

static double monotonic_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- what a sync shows while it runs ----
 * The unit of work and its counts, redrawn at every report and, through
 * the client's observer, while requests wait: a retry or a rate-limit wait
 * shows at once, not at the next page. Waits long enough to look like a
 * hang are also said in a sentence (progress_note). */

/* A wait at least this long is said in a sentence, not only in the bar (a
 * rate limit always is: the user should know the Hub holds them back). */
#define SYNC_NOTE_WAIT_S 10.0

typedef struct SyncShow {
	const SyncOptions *opt;
	HubClient *c;
	HubObserver previous;
	char unit[64];
	int64_t done, total;
	double noted_until;     /* monotonic end of the last wait said in a sentence */
} SyncShow;

static void show_draw(SyncShow *s)
{
	if (!s->opt || !s->opt->progress)
		return;
	StrBuf what = {0};
	const char *why = NULL;
	double wait = hub_wait_left(s->c, &why);
	/* The wait first: it is what the user needs to know now. */
	if (wait >= 0.5)
		sb_printf(&what, "waiting %.0f s (%s): ", wait, why && *why ? why : "retry");
	sb_puts(&what, s->unit);
	int64_t retries = hub_retries(s->c);
	if (retries > 0)
		sb_printf(&what, ", %lld retr%s", (long long)retries, retries == 1 ? "y" : "ies");
	progress_report(s->opt->progress, sb_str(&what), s->done, s->total, s->done);
	sb_free(&what);
}

static void show_tick(void *ctx)
{
	show_draw(ctx);
}

static void show_retry(void *ctx, const HubRetry *r)
{
	SyncShow *s = ctx;
	double until = monotonic_s() + r->wait_s;
	/* A rate limit holds every request: several answers announce the same
	 * wait, which is said once. */
	if (s->opt && s->opt->progress && (r->pauses_client || r->wait_s >= SYNC_NOTE_WAIT_S) &&
	    until > s->noted_until + 1) {
		StrBuf m = {0};
		sb_printf(&m, "%s: %s; ", r->url, r->what);
		if (r->wait_from && r->asked_s > r->wait_s)
			sb_printf(&m, "its %s header asks %.0f s; waiting %.0f s (peat's longest wait)", r->wait_from,
				  r->asked_s, r->wait_s);
		else if (r->wait_from)
			sb_printf(&m, "waiting %.0f s as its %s header asks", r->wait_s, r->wait_from);
		else
			sb_printf(&m, "waiting %.0f s", r->wait_s);
		sb_printf(&m, " before try %d of %d", r->next_try, r->max_tries);
		progress_note(s->opt->progress, sb_str(&m));
		sb_free(&m);
		s->noted_until = until;
	}
	show_draw(s);
}

static void show_begin(SyncShow *s, const SyncOptions *opt, HubClient *c)
{
	memset(s, 0, sizeof *s);
	s->opt = opt;
	s->c = c;
	HubObserver obs = {.retry = show_retry, .tick = show_tick, .ctx = s};
	hub_client_set_observer(c, &obs, &s->previous);
}

static void show_report(SyncShow *s, const char *unit, int64_t done, int64_t total)
{
	snprintf(s->unit, sizeof s->unit, "%s", unit);
	s->done = done;
	s->total = total;
	show_draw(s);
}

static void show_end(SyncShow *s)
{
	hub_client_set_observer(s->c, &s->previous, NULL);
	if (s->opt)
		progress_finish(s->opt->progress);
}

/* ---- JSON through SQLite ---- */

/* The JSON type of `json` ("array", "object", ...), or NULL when it is not
 * valid JSON. Returns a static word. */
static const char *json_kind_of(Store *st, const char *json)
{
	static const char *const kinds[] = {"object", "array", "text", "integer", "real", "true", "false", "null"};
	sqlite3_stmt *s = store_prepare(st, "SELECT CASE WHEN json_valid(?1) THEN json_type(?1) END", NULL);
	const char *kind = NULL;
	if (!s)
		return NULL;
	sqlite3_bind_text(s, 1, json, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0)) {
		const char *t = (const char *)sqlite3_column_text(s, 0);
		for (size_t i = 0; i < NFIELDS(kinds); i++)
			if (strcmp(t, kinds[i]) == 0)
				kind = kinds[i];
	}
	sqlite3_finalize(s);
	return kind;
}

/* A text member of a JSON object as a heap string, NULL when absent. */
static char *json_text(Store *st, const char *json, const char *path)
{
	sqlite3_stmt *s = store_prepare(st, "SELECT json_extract(?1, ?2) WHERE json_type(?1, ?2) = 'text'", NULL);
	char *out = NULL;
	if (!s)
		return NULL;
	sqlite3_bind_text(s, 1, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, path, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		out = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return out;
}

/* "is not valid JSON", or what makes SQLite refuse JSON that is valid. */
static const char *json_answer_problem(const StrBuf *body, char *buf, size_t n)
{
	const char *why = json_invalid_reason(sb_str(body), body->len, buf, n);
	return strcmp(why, "not valid JSON") == 0 ? "is not valid JSON" : why;
}

/* The body of a listing page must be a JSON array. */
static int check_page(Store *st, const HubResponse *r, PeatErr *err)
{
	const char *kind = json_kind_of(st, sb_str(&r->body));
	char why[96];
	if (!kind)
		return peat_err_set(err, "%s: the Hub's answer %s (%zu bytes)", r->final_url,
				    json_answer_problem(&r->body, why, sizeof why), r->body.len);
	if (strcmp(kind, "array") != 0)
		return peat_err_set(err, "%s: expected a JSON list of models, got %s %s", r->final_url,
				    kind[0] == 'a' || kind[0] == 'i' || kind[0] == 'o' ? "an" : "a", kind);
	return 0;
}

/* Items of a page: ?1 = the page. Columns: index, id, JSON text, type. */
static sqlite3_stmt *page_items(Store *st, const HubResponse *r, PeatErr *err)
{
	sqlite3_stmt *s = store_prepare(st,
					"SELECT key, json_extract(value, '$.id'), value, type FROM json_each(?1)", err);
	if (s)
		sqlite3_bind_text(s, 1, sb_str(&r->body), -1, SQLITE_STATIC);
	return s;
}

/* The live snapshot of today, made the write snapshot: what a sync of
 * single models, a tree or cards (and the explorer's fetches) writes is
 * the Hub as it is today, so it goes into "hf-live-YYYY-MM-DD" (today's
 * UTC date), never into a snapshot imported from a file, whose values stay
 * what its file said. One per day, found again by its label; its source is
 * the Hub it was first made from, and it lists no models (no numbers). */
static int64_t record_snapshot(Store *st, int64_t registry, const char *endpoint, SyncReport *rep, PeatErr *err)
{
	char date[11], label[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	snprintf(label, sizeof label, "%s-live-%s", REGISTRY, date);
	SnapshotSpec spec = {.registry = registry, .label = label, .date = date, .source = endpoint,
			     .measure = MEASURE_NONE, .keep_existing = 1};
	int64_t id = store_snapshot(st, &spec, err);
	if (id >= 0)
		snprintf(rep->live, sizeof rep->live, "%s", label);
	return id;
}

/* The Hub a request went to: its URL up to "/api/" (the endpoint the
 * client was made with), as a heap string. */
static char *endpoint_of(const char *url)
{
	const char *api = strstr(url, "/api/");
	return api ? xstrndup(url, (size_t)(api - url)) : xstrdup(url);
}

/* ---- sync state (resume) ---- */

static int state_exec(Store *st, const char *sql, const char *job, PeatErr *err)
{
	sqlite3_stmt *s = store_prepare(st, sql, err);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, job, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_error(st, err);
	sqlite3_finalize(s);
	return rc;
}

static int state_clear(Store *st, const char *job, PeatErr *err)
{
	if (state_exec(st, "DELETE FROM sync_state WHERE job = ?1", job, err) < 0)
		return -1;
	return state_exec(st, "DELETE FROM sync_item WHERE job = ?1", job, err);
}

/* Forget `job`'s state in a transaction of its own. */
static int state_clear_now(Store *st, const char *job, PeatErr *err)
{
	if (store_begin(st, err) < 0)
		return -1;
	if (state_clear(st, job, err) < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}

/* Write the state row of `job` (params: JSON text made by the caller). */
static int state_save(Store *st, const char *job, int64_t snapshot, const char *next_url, int64_t done,
		      int64_t goal, const char *params, PeatErr *err)
{
	sqlite3_stmt *s = store_prepare(st,
					"INSERT INTO sync_state(job, snapshot_id, next_url, done, goal, params, started)"
					" VALUES (?1, ?2, ?3, ?4, ?5, ?6, strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
					" ON CONFLICT(job) DO UPDATE SET snapshot_id = excluded.snapshot_id,"
					" next_url = excluded.next_url, done = excluded.done, goal = excluded.goal,"
					" params = excluded.params",
					err);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, job, -1, SQLITE_STATIC);
	if (snapshot >= 0)
		sqlite3_bind_int64(s, 2, snapshot);
	else
		sqlite3_bind_null(s, 2);
	sqlite3_bind_text(s, 3, next_url, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, done);
	sqlite3_bind_int64(s, 5, goal);
	sqlite3_bind_text(s, 6, params, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_error(st, err);
	sqlite3_finalize(s);
	return rc;
}

typedef struct SyncState {
	int found;
	int64_t snapshot;
	char *next_url;
	int64_t done, goal;
	char *params;
} SyncState;

static void state_load(Store *st, const char *job, SyncState *out)
{
	memset(out, 0, sizeof *out);
	out->snapshot = -1;
	sqlite3_stmt *s = store_prepare(st,
					"SELECT coalesce(snapshot_id, -1), next_url, done, coalesce(goal, 0), params"
					" FROM sync_state WHERE job = ?1",
					NULL);
	if (!s)
		return;
	sqlite3_bind_text(s, 1, job, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		out->found = 1;
		out->snapshot = sqlite3_column_int64(s, 0);
		if (sqlite3_column_text(s, 1))
			out->next_url = xstrdup((const char *)sqlite3_column_text(s, 1));
		out->done = sqlite3_column_int64(s, 2);
		out->goal = sqlite3_column_int64(s, 3);
		out->params = xstrdup(sqlite3_column_text(s, 4) ? (const char *)sqlite3_column_text(s, 4) : "{}");
	}
	sqlite3_finalize(s);
}

static void state_free(SyncState *s)
{
	free(s->next_url);
	free(s->params);
}

/* A JSON object of string pairs (NULL-terminated list), made by SQLite. */
static char *json_object_of(Store *st, const char *const *kv)
{
	StrBuf sql = {0};
	sb_puts(&sql, "SELECT json_object(");
	int n = 0;
	for (; kv[n] && kv[n + 1]; n += 2)
		sb_printf(&sql, "%s?%d, ?%d", n ? ", " : "", n + 1, n + 2);
	sb_puts(&sql, ")");
	sqlite3_stmt *s = store_prepare(st, sb_str(&sql), NULL);
	sb_free(&sql);
	char *out = NULL;
	if (s) {
		for (int i = 0; i < n; i++)
			sqlite3_bind_text(s, i + 1, kv[i], -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
			out = xstrdup((const char *)sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
	}
	return out ? out : xstrdup("{}");
}

/* ---- URLs ---- */

static char *listing_url(const HubClient *c, const char *sort, const char *filter, int64_t limit)
{
	const char *params[2 * (NFIELDS(listing_fields) + 3) + 1];
	char lim[32];
	size_t n = 0;
	snprintf(lim, sizeof lim, "%lld", (long long)limit);
	if (filter) {
		params[n++] = "filter";
		params[n++] = filter;
	}
	if (sort) {
		params[n++] = "sort";
		params[n++] = sort;
	}
	params[n++] = "limit";
	params[n++] = lim;
	for (size_t i = 0; i < NFIELDS(listing_fields); i++) {
		params[n++] = "expand";
		params[n++] = listing_fields[i];
	}
	params[n] = NULL;
	return hub_url(c, "/api/models", params);
}

char *sync_model_info_url(const HubClient *c, const char *id)
{
	const char *params[2 * NFIELDS(info_fields) + 1];
	size_t n = 0;
	for (size_t i = 0; i < NFIELDS(info_fields); i++) {
		params[n++] = "expand";
		params[n++] = info_fields[i];
	}
	params[n] = NULL;
	StrBuf path = {0};
	sb_printf(&path, "/api/models/%s", id);
	char *url = hub_url(c, sb_str(&path), params);
	sb_free(&path);
	return url;
}

char *sync_card_url(const HubClient *c, const char *id)
{
	StrBuf url = {0};
	sb_printf(&url, "%s/%s/resolve/main/README.md", hub_endpoint(c), id);
	return sb_take(&url);
}

int sync_valid_model_id(const char *id)
{
	int slashes = 0;
	if (!*id || *id == '/' || *id == '.')
		return 0;
	for (const char *p = id; *p; p++) {
		if (*p == '/') {
			if (++slashes > 1 || p[1] == '\0' || p[1] == '/' || p[1] == '.')
				return 0;
		} else if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			     *p == '-' || *p == '_' || *p == '.')) {
			return 0;
		}
	}
	return 1;
}

/* ---- top ---- */

static int64_t find_snapshot(Store *st, int64_t registry, const char *label)
{
	sqlite3_stmt *s = store_prepare(st, "SELECT id FROM snapshot WHERE registry_id = ?1 AND label = ?2", NULL);
	int64_t id = -1;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, registry);
	sqlite3_bind_text(s, 2, label, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return id;
}

/* Leave out item `index` (from 0) of listing page r, model `id`, whose
 * record breaks the rule for untrusted text (hub_record_write() said so in
 * why, a message beginning with `where`): asking again would give the same
 * record, so the page is stored without it, and rep names it. */
static void leave_out(SyncReport *rep, const HubResponse *r, int64_t index, const char *id, const char *where,
		      const char *why)
{
	size_t skip = strlen(where);
	if (strncmp(why, where, skip) == 0 && strncmp(why + skip, ": ", 2) == 0)
		why += skip + 2;
	char *url = hub_url_for_message(r->final_url), *copy;
	StrBuf line = {0};
	sb_printf(&line, "%s (item %lld of %s): %s", untrusted_visible(id, &copy), (long long)index + 1, url, why);
	size_t len = strlen(rep->left_out_why);
	if (len + 1 + line.len < sizeof rep->left_out_why)
		snprintf(rep->left_out_why + len, sizeof rep->left_out_why - len, "%s%s", len ? "\n" : "", sb_str(&line));
	rep->left_out++;
	sb_free(&line);
	free(copy);
	free(url);
}

typedef struct TopRun {
	Store *st;
	int64_t registry, snapshot;
	HubRecordWriter *writer;
	sqlite3_stmt *seen;     /* is model ?2 already in snapshot ?1 */
	char label[128];
	char date[11];
	Measure measure;
	char *source;           /* the first page's URL: the snapshot's source */
	char *params;           /* the state's params (JSON) */
	int64_t done, goal;
	int ours;               /* the current page's next link lies under the endpoint */
	const char *endpoint;
} TopRun;

/* Store one page in one transaction: the snapshot (first page), each new
 * model with its rank, the state for resuming, the log entry. */
static int top_store_page(TopRun *t, const HubResponse *r, const char **next, SyncReport *rep, PeatErr *err)
{
	Store *st = t->st;
	sqlite3_stmt *items = NULL;
	int rc = -1, step;
	StrBuf where = {0};
	/* What a rolled-back page takes back, so the progress and the stop
	 * message count only what is stored. */
	int64_t done0 = t->done, models0 = rep->models, snapshot0 = t->snapshot;
	int64_t left0 = rep->left_out;
	size_t left_len0 = strlen(rep->left_out_why);

	if (check_page(st, r, err) < 0 || store_begin(st, err) < 0)
		return -1;
	t->registry = store_registry(st, REGISTRY, err);
	if (t->registry < 0)
		goto out;
	if (t->snapshot < 0) {
		SnapshotSpec spec = {
			.registry = t->registry,
			.label = t->label,
			.date = t->date,
			.source = t->source,
			.measure = t->measure,
		};
		t->snapshot = store_snapshot(st, &spec, err);
		if (t->snapshot < 0)
			goto out;
	}
	store_set_write_snapshot(st, t->snapshot);
	if (!t->writer && !(t->writer = hub_record_writer_new(st, t->registry, t->snapshot, err)))
		goto out;
	if (!t->seen && !(t->seen = store_prepare(st,
						  "SELECT 1 FROM stat JOIN model ON model.id = stat.model_id"
						  " WHERE stat.snapshot_id = ?1 AND model.registry_id = ?2 AND model.name = ?3",
						  err)))
		goto out;
	if (!(items = page_items(st, r, err)))
		goto out;
	while (t->done < t->goal && (step = sqlite3_step(items)) == SQLITE_ROW) {
		int64_t index = sqlite3_column_int64(items, 0);
		const char *id = (const char *)sqlite3_column_text(items, 1);
		const char *type = (const char *)sqlite3_column_text(items, 3);
		sb_reset(&where);
		sb_printf(&where, "%s: item %lld", r->final_url, (long long)index + 1);
		if (!type || strcmp(type, "object") != 0 || !id) {
			peat_err_set(err, "%s: expected a model object with an \"id\"", sb_str(&where));
			goto out;
		}
		sqlite3_reset(t->seen);
		sqlite3_bind_int64(t->seen, 1, t->snapshot);
		sqlite3_bind_int64(t->seen, 2, t->registry);
		sqlite3_bind_text(t->seen, 3, id, -1, SQLITE_TRANSIENT);
		int dup = sqlite3_step(t->seen) == SQLITE_ROW;
		sqlite3_reset(t->seen);
		if (dup)
			continue; /* pages may overlap: the first position counts */
		PeatErr why = {0};
		int64_t wrote = hub_record_write(t->writer, sb_str(&where), (const char *)sqlite3_column_text(items, 2),
						 t->done + 1, &why);
		if (wrote == HUB_RECORD_UNTRUSTED) {
			leave_out(rep, r, index, id, sb_str(&where), why.msg);
			continue;
		}
		if (wrote < 0) {
			peat_err_set(err, "%s", why.msg);
			goto out;
		}
		t->done++;
		rep->models++;
	}
	*next = t->done < t->goal ? r->next_url : NULL;
	if (*next && !t->ours) {
		peat_err_set(err, "%s: the next page's link leaves %s (%s); not followed", r->final_url,
			     t->endpoint, *next);
		goto out;
	}
	if (*next) {
		if (state_save(st, "top", t->snapshot, *next, t->done, t->goal, t->params, err) < 0)
			goto out;
	} else if (state_clear(st, "top", err) < 0) {
		goto out;
	}
	/* Partial until the page that ends the sync: an interrupted snapshot
	 * never passes for a whole ranking, even once its state is gone. */
	if (store_set_snapshot_partial(st, t->snapshot, *next != NULL, err) < 0)
		goto out;
	if (store_log_import(st, t->source, "hub-api", t->snapshot, t->done, err) < 0)
		goto out;
	sqlite3_finalize(items);
	items = NULL;
	if (store_commit(st, err) < 0)
		goto undo;
	rep->pages++;
	rc = 0;
	goto done;
out:
	sqlite3_finalize(items);
	store_rollback(st);
undo:
	t->done = done0;
	rep->models = models0;
	rep->left_out = left0;
	rep->left_out_why[left_len0] = '\0';
	if (t->snapshot != snapshot0) {
		/* The snapshot was made by this page: it is gone, and so is
		 * the writer's hold on it. */
		t->snapshot = snapshot0;
		hub_record_writer_free(t->writer);
		t->writer = NULL;
	}
	*next = NULL;
done:
	sb_free(&where);
	return rc;
}

static void top_stopped(const TopRun *t, SyncReport *rep)
{
	if (t->done > 0 || t->snapshot >= 0)
		snprintf(rep->stopped, sizeof rep->stopped,
			 "stopped after %lld of %lld models (snapshot %s); run `peat sync top --resume` to continue",
			 (long long)t->done, (long long)t->goal, t->label);
	else
		snprintf(rep->stopped, sizeof rep->stopped,
			 "stopped before any model was stored; nothing was written");
}

/* After page r was stored: stop (-1, err set) when its next link leads
 * back to a page asked for already, or when it is the TOP_MAX_IDLE_PAGES-th
 * page in a row without a new model (*idle counts them; `added` says
 * whether r brought one). Either way the page is stored, and --resume goes
 * on from its link. */
static int top_check_progress(const TopRun *t, KeyIndex *pages, const HubResponse *r, const char *next, int added,
			      int *idle, PeatErr *err)
{
	if (!next)
		return 0;
	long seen = keyindex_get(pages, next, strlen(next));
	*idle = added ? 0 : *idle + 1;
	if (seen < 0 && *idle < TOP_MAX_IDLE_PAGES)
		return 0;
	char *shown = hub_url_for_message(r->final_url);
	if (seen >= 0)
		peat_err_set(err, "%s: the Hub's next-page link leads back to page %ld of this listing (a loop of Link "
			     "pages); stopped after %lld models", shown, seen, (long long)t->done);
	else
		peat_err_set(err, "%s: %d listing pages in a row brought no model not already listed (a loop of Link "
			     "pages?); stopped after %lld models", shown, *idle, (long long)t->done);
	free(shown);
	return -1;
}

/* The label of snapshot `id`, or "" when it is gone. */
static void snapshot_label(Store *st, int64_t id, char *out, size_t n)
{
	out[0] = '\0';
	sqlite3_stmt *s = store_prepare(st, "SELECT label FROM snapshot WHERE id = ?1", NULL);
	if (!s)
		return;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
}

/* Set t from the interrupted sync's state, refusing to go on anywhere but
 * under the current endpoint: the token goes with every page. */
static int top_resume_from(TopRun *t, HubClient *c, const SyncState *state, char **url, PeatErr *err)
{
	Store *st = t->st;
	if (!state->found || !state->next_url)
		return peat_err_set(err, "%s: no interrupted `peat sync top` to resume", store_path(st));
	if (!hub_url_is_ours(c, state->next_url)) {
		char *saved = json_text(st, state->params, "$.endpoint");
		char *shown = hub_url_for_message(state->next_url);
		peat_err_set(err, "%s: the interrupted `peat sync top` was started on %s (it goes on at %s), not on "
			     "HF_ENDPOINT=%s; nothing was requested: set HF_ENDPOINT to that Hub to resume it, or start "
			     "anew with `peat sync top --abandon`",
			     store_path(st), saved ? saved : "another Hub", shown, hub_endpoint(c));
		free(saved);
		free(shown);
		return -1;
	}
	if (state->snapshot < 0)
		return peat_err_set(err, "%s: the interrupted sync's snapshot was deleted; start a new `peat sync top`",
				    store_path(st));
	char *label = json_text(st, state->params, "$.label");
	char *by = json_text(st, state->params, "$.by");
	char *date = json_text(st, state->params, "$.date");
	SyncRanking r = SYNC_BY_DOWNLOADS;
	if (by)
		sync_ranking_parse(by, &r);
	snprintf(t->label, sizeof t->label, "%s", label ? label : "");
	snprintf(t->date, sizeof t->date, "%s", date ? date : "");
	t->measure = ranking_measures[r];
	t->source = json_text(st, state->params, "$.source");
	if (!t->source)
		t->source = xstrdup(state->next_url);
	t->params = xstrdup(state->params);
	t->snapshot = state->snapshot;
	t->done = state->done;
	t->goal = state->goal;
	*url = xstrdup(state->next_url);
	free(label);
	free(by);
	free(date);
	return 0;
}

/* A new sync while another is interrupted: refused unless abandoned, since
 * starting anew forgets where the other stopped. */
static int top_check_interrupted(Store *st, const SyncState *state, int abandon, PeatErr *err)
{
	if (!state->found)
		return 0;
	char label[128];
	snapshot_label(st, state->snapshot, label, sizeof label);
	if (!abandon)
		return peat_err_set(err, "an interrupted `peat sync top` (snapshot %s, %lld of %lld models) waits: run "
				    "`peat sync top --resume` to finish it, or add --abandon to start anew (snapshot %s "
				    "stays, marked partial)",
				    label[0] ? label : "(deleted)", (long long)state->done, (long long)state->goal,
				    label[0] ? label : "(deleted)");
	return state_clear_now(st, "top", err);
}

int sync_top(Store *st, HubClient *c, const SyncTopSpec *spec, const SyncOptions *opt, SyncReport *rep,
	     PeatErr *err)
{
	TopRun t = {.st = st, .snapshot = -1, .registry = -1, .endpoint = hub_endpoint(c)};
	SyncState state;
	SyncShow show;
	char *url = NULL;
	int rc = -1, idle = 0;
	KeyIndex pages = {0}; /* the URLs asked for: page numbers, to see a loop */

	memset(rep, 0, sizeof *rep);
	state_load(st, "top", &state);
	if (opt->resume) {
		int ok = top_resume_from(&t, c, &state, &url, err);
		state_free(&state);
		if (ok < 0)
			goto out_early;
	} else {
		if (spec->n <= 0) {
			state_free(&state);
			return peat_err_set(err, "-n %lld: expected a positive number of models", (long long)spec->n);
		}
		today(t.date);
		if (spec->label)
			snprintf(t.label, sizeof t.label, "%s", spec->label);
		else
			snprintf(t.label, sizeof t.label, "hf-top-%s-%s", sync_ranking_name(spec->by), t.date);
		int64_t reg = store_find_registry(st, REGISTRY);
		if (reg >= 0 && find_snapshot(st, reg, t.label) >= 0) {
			int interrupted_here = state.found && find_snapshot(st, reg, t.label) == state.snapshot;
			state_free(&state);
			return peat_err_set(err, "snapshot %s exists already: choose another label with --snapshot%s", t.label,
					    interrupted_here ? ", or finish its interrupted sync with --resume" : "");
		}
		int refused = top_check_interrupted(st, &state, spec->abandon, err);
		state_free(&state);
		if (refused < 0)
			return -1;
		t.measure = ranking_measures[spec->by];
		t.goal = spec->n;
		url = listing_url(c, ranking_sorts[spec->by], NULL, spec->n < PAGE_LIMIT ? spec->n : PAGE_LIMIT);
		t.source = xstrdup(url);
		const char *kv[] = {"label", t.label, "by", sync_ranking_name(spec->by), "date", t.date,
				    "source", t.source, "endpoint", hub_endpoint(c), NULL};
		t.params = json_object_of(st, kv);
	}
	snprintf(rep->label, sizeof rep->label, "%s", t.label);
	rep->goal = t.goal;
	show_begin(&show, opt, c);

	while (url) {
		HubResponse *r = NULL;
		const char *next = NULL;
		if (is_cancelled(opt)) {
			peat_err_set(err, "interrupted");
			top_stopped(&t, rep);
			goto out;
		}
		char unit[48];
		snprintf(unit, sizeof unit, "models, page %lld", (long long)rep->pages + 1);
		show_report(&show, unit, t.done, t.goal);
		int64_t done_before = t.done;
		keyindex_put(&pages, url, strlen(url), (long)rep->pages + 1);
		if (hub_get(c, url, NULL, &r, err) == 0)
			t.ours = !r->next_url || hub_url_is_ours(c, r->next_url);
		if (!r || r->failed || top_store_page(&t, r, &next, rep, err) < 0 ||
		    top_check_progress(&t, &pages, r, next, t.done > done_before, &idle, err) < 0) {
			hub_response_free(r);
			top_stopped(&t, rep);
			goto out;
		}
		free(url);
		url = next ? xstrdup(next) : NULL;
		hub_response_free(r);
	}
	show_report(&show, "models", t.done, t.goal);
	if (t.done < t.goal)
		snprintf(rep->note, sizeof rep->note, "the Hub listed %lld models, fewer than the %lld asked for",
			 (long long)t.done, (long long)t.goal);
	rc = 0;
out:
	show_end(&show);
out_early:
	rep->retries = hub_retries(c);
	keyindex_free(&pages);
	free(url);
	free(t.source);
	free(t.params);
	sqlite3_finalize(t.seen);
	hub_record_writer_free(t.writer);
	return rc;
}

/* ---- one model ---- */

/* What a card answer means. Only the file's absence is "no card"; a model
 * whose card may not be read (gated, disabled, gone) is counted under its
 * reason; a refused token stops the sync, since every other card would be
 * refused as well. */
typedef enum {
	CARD_ANSWERED,    /* 200 or 304 */
	CARD_ABSENT,      /* EntryNotFound, or a 404 that names no error */
	CARD_GATED,       /* GatedRepo */
	CARD_DISABLED,    /* DisabledRepo */
	CARD_REPO_GONE,   /* RepoNotFound: deleted, or private */
	CARD_NO_REVISION, /* RevisionNotFound: no main branch */
	CARD_REFUSED,     /* 401 or 403 without one of the codes above: the token */
	CARD_FAILED       /* anything else: the network, the Hub, an interruption */
} CardOutcome;

static CardOutcome card_outcome(const HubResponse *r)
{
	static const struct {
		const char *code;
		CardOutcome outcome;
	} codes[] = {
		{"EntryNotFound", CARD_ABSENT}, {"GatedRepo", CARD_GATED},
		{"DisabledRepo", CARD_DISABLED}, {"RepoNotFound", CARD_REPO_GONE},
		{"RevisionNotFound", CARD_NO_REVISION},
	};
	if (!r->failed)
		return CARD_ANSWERED;
	if (r->cancelled)
		return CARD_FAILED;
	for (size_t i = 0; r->error_code && i < NFIELDS(codes); i++)
		if (strcmp(r->error_code, codes[i].code) == 0)
			return codes[i].outcome;
	if (r->status == 401 || r->status == 403)
		return CARD_REFUSED;
	if (r->status == 404 && !r->error_code)
		return CARD_ABSENT;
	return CARD_FAILED;
}

/* Count a card that could not be read under its reason; 0 when the outcome
 * is not one of those (the caller fails). */
static int count_unreadable_card(CardOutcome o, SyncReport *rep)
{
	switch (o) {
	case CARD_ABSENT: rep->cards_none++; return 1;
	case CARD_GATED: rep->cards_gated++; return 1;
	case CARD_DISABLED: rep->cards_disabled++; return 1;
	case CARD_REPO_GONE: rep->cards_repo_gone++; return 1;
	case CARD_NO_REVISION: rep->cards_no_revision++; return 1;
	default: return 0;
	}
}

/* Write parents from expand=baseModels ({"relation": R, "models": [{"id":
 * ...}]}) as edges from the API: the model's parents as of the snapshot.
 * Written before the record, so the same edge read again from the tags
 * keeps the source 'api'. */
static int write_base_models(Store *st, int64_t registry, int64_t model, const char *json, PeatErr *err)
{
	sqlite3_stmt *s = store_prepare(st,
					"SELECT json_extract(?1, '$.baseModels.relation'), json_extract(value, '$.id')"
					" FROM json_each(?1, '$.baseModels.models')"
					" WHERE json_type(?1, '$.baseModels.models') = 'array'"
					" AND json_type(value, '$.id') = 'text'",
					err);
	int rc = 0, step;
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, json, -1, SQLITE_STATIC);
	while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *relword = (const char *)sqlite3_column_text(s, 0);
		const char *parent_id = (const char *)sqlite3_column_text(s, 1);
		Relation rel = REL_UNKNOWN;
		if (!relword || relation_parse(relword, &rel) < 0)
			rel = REL_UNKNOWN;
		int64_t parent = store_model(st, registry, parent_id, err);
		if (parent < 0 || (parent != model && store_edge(st, model, parent, rel, EDGE_FROM_API, err) < 0))
			rc = -1;
	}
	sqlite3_finalize(s);
	return rc;
}

/* How many parents the model has as of the write snapshot: baseModels and
 * the tags name the same edges, so counting what each wrote would count
 * them twice. */
static int64_t parent_edges(Store *st, int64_t model)
{
	if (store_flush(st, NULL) < 0)
		return 0;
	sqlite3_stmt *s = store_prepare(st,
					"SELECT count(*) FROM parent_edge WHERE parents_id ="
					" (SELECT parents_id FROM state WHERE snapshot_id = ?1 AND model_id = ?2)",
					NULL);
	int64_t n = 0;
	if (!s)
		return 0;
	sqlite3_bind_int64(s, 1, store_write_snapshot(st));
	sqlite3_bind_int64(s, 2, model);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* Replace the model's children counts with expand=childrenModelCount's. */
static int write_children_counts(Store *st, int64_t model, const char *json, PeatErr *err)
{
	sqlite3_stmt *has = store_prepare(st, "SELECT json_type(?1, '$.childrenModelCount') = 'object'", err);
	if (!has)
		return -1;
	sqlite3_bind_text(has, 1, json, -1, SQLITE_STATIC);
	int present = sqlite3_step(has) == SQLITE_ROW && sqlite3_column_int(has, 0);
	sqlite3_finalize(has);
	if (!present)
		return 0;
	sqlite3_stmt *del = store_prepare(st, "DELETE FROM child_count WHERE model_id = ?1", err);
	if (!del)
		return -1;
	sqlite3_bind_int64(del, 1, model);
	int rc = sqlite3_step(del) == SQLITE_DONE ? 0 : store_error(st, err);
	sqlite3_finalize(del);
	if (rc < 0)
		return -1;
	sqlite3_stmt *ins = store_prepare(st,
					  "INSERT INTO child_count(model_id, relation, count, fetched)"
					  " SELECT ?2, key, value, strftime('%Y-%m-%dT%H:%M:%SZ','now')"
					  " FROM json_each(?1, '$.childrenModelCount')"
					  " WHERE type = 'integer' AND value >= 0",
					  err);
	if (!ins)
		return -1;
	sqlite3_bind_text(ins, 1, json, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 2, model);
	rc = sqlite3_step(ins) == SQLITE_DONE ? 0 : store_error(st, err);
	sqlite3_finalize(ins);
	return rc;
}

/* Store a card answer for `model`: 200 stores, 304 keeps, absent counts. */
static int write_card(Store *st, int64_t model, const HubResponse *card, SyncReport *rep, PeatErr *err)
{
	if (card->failed) {
		if (count_unreadable_card(card_outcome(card), rep))
			return 0;
		return peat_err_set(err, "%s", card->err.msg);
	}
	if (card->status == 304) {
		rep->cards_same++;
		return 0;
	}
	/* Converted as the card importer does (a UTF-16 card becomes UTF-8),
	 * so a synced card is stored exactly like an imported one. */
	StrBuf text = {0};
	int bad = card_text(sb_str(&card->body), card->body.len, &text);
	if (bad == CARD_TEXT_TOO_LARGE) {
		char words[128];
		card_size_words(text.len ? text.len : card->body.len, words, sizeof words);
		rep->cards_too_large++;
		snprintf(rep->note, sizeof rep->note, "%s: the card is %s; not stored", card->final_url, words);
	} else if (bad < 0) {
		rep->cards_not_text++;
		snprintf(rep->note, sizeof rep->note, "%s: the card is not UTF-8 or UTF-16 text; not stored",
			 card->final_url);
	}
	if (bad < 0) {
		sb_free(&text);
		return 0;
	}
	CardFields f = {
		.body = sb_str(&text),
		.source = card->final_url,
		.etag = card->etag,
		.revision = card->revision,
	};
	int rc = store_card(st, model, &f, err);
	sb_free(&text);
	if (rc < 0)
		return -1;
	rep->cards++;
	return 0;
}

/* The Hub answered for `old_name` under another id, whose row is `model`
 * (a 307 rename). Inside the caller's transaction: a row stored earlier
 * under the old name (an import from before the rename) is merged into
 * the canonical one, which also keeps the old name as an alias; without
 * such a row the alias is simply added. */
static int record_rename(Store *st, int64_t registry, const char *old_name, int64_t model, SyncReport *rep,
			 PeatErr *err)
{
	int64_t old = store_find_model(st, registry, old_name);
	if (old >= 0 && old != model) {
		if (store_merge_model(st, old, model, err) < 0)
			return -1;
		rep->merged++;
	} else if (store_alias(st, registry, old_name, model, err) < 0) {
		return -1;
	}
	rep->aliases++;
	return 0;
}

/* The model id a card answer was redirected to ("{endpoint}/ID/resolve/
 * main/README.md"), as a heap string; NULL when it was not redirected or
 * the URL has another shape. */
static char *card_redirect_id(const char *endpoint, const HubResponse *r)
{
	static const char tail[] = "/resolve/main/README.md";
	size_t ne = strlen(endpoint), nt = sizeof tail - 1;
	if (!r->redirected || !r->final_url || strncmp(r->final_url, endpoint, ne) != 0 || r->final_url[ne] != '/')
		return NULL;
	const char *id = r->final_url + ne + 1;
	size_t n = strlen(id);
	if (n <= nt || strcmp(id + n - nt, tail) != 0)
		return NULL;
	char *out = xstrndup(id, n - nt);
	if (!sync_valid_model_id(out)) {
		free(out);
		return NULL;
	}
	return out;
}

int sync_model_store(Store *st, const char *requested_id, const HubResponse *info, const HubResponse *card,
		     SyncReport *rep, PeatErr *err)
{
	const char *json = sb_str(&info->body);
	const char *kind = json_kind_of(st, json);
	HubRecordWriter *w = NULL;
	char *id = NULL;
	int rc = -1;

	if (info->failed)
		return peat_err_set(err, "%s", info->err.msg);
	if (!kind || strcmp(kind, "object") != 0) {
		char *shown = hub_url_for_message(info->final_url);
		char why[96];
		if (!kind)
			peat_err_set(err, "%s: the Hub's answer %s (%zu bytes)", shown,
				     json_answer_problem(&info->body, why, sizeof why), info->body.len);
		else
			peat_err_set(err, "%s: expected a JSON object describing the model, got %s", shown, kind);
		free(shown);
		return -1;
	}
	id = json_text(st, json, "$.id");
	if (!id)
		id = json_text(st, json, "$.modelId");
	if (!id || !*id) {
		free(id);
		return peat_err_set(err, "%s: the model record has no \"id\"", info->final_url);
	}
	/* A record the rule for untrusted text refuses would be refused again. */
	if (untrusted_check_id(id, strlen(id), err, "%s: \"id\"", info->final_url) < 0) {
		rep->permanent = 1;
		free(id);
		return -1;
	}
	if (store_begin(st, err) < 0) {
		free(id);
		return -1;
	}
	int64_t registry = store_registry(st, REGISTRY, err);
	char *endpoint = endpoint_of(info->url);
	int64_t live = registry < 0 ? -1 : record_snapshot(st, registry, endpoint, rep, err);
	free(endpoint);
	int64_t model = live < 0 ? -1 : store_model(st, registry, id, err);
	if (model < 0 || write_base_models(st, registry, model, json, err) < 0)
		goto out;
	if (!(w = hub_record_writer_new(st, registry, -1, err)))
		goto out;
	int64_t wrote = hub_record_write(w, info->final_url, json, STAT_NONE, err);
	if (wrote < 0) {
		rep->permanent = wrote == HUB_RECORD_UNTRUSTED;
		goto out;
	}
	rep->edges += parent_edges(st, model);
	rep->models++;
	if (write_children_counts(st, model, json, err) < 0)
		goto out;
	if (card && write_card(st, model, card, rep, err) < 0)
		goto out;
	/* Last, so the merge sees the fresh record, counts and card. */
	if (strcmp(requested_id, id) != 0 && record_rename(st, registry, requested_id, model, rep, err) < 0)
		goto out;
	if (store_log_import(st, info->url, "hub-api", -1, 1, err) < 0)
		goto out;
	hub_record_writer_free(w);
	w = NULL;
	if (store_commit(st, err) < 0)
		goto done;
	snprintf(rep->canonical, sizeof rep->canonical, "%s", id);
	rc = 0;
	goto done;
out:
	hub_record_writer_free(w);
	store_rollback(st);
done:
	free(id);
	return rc;
}

/* The stored ETag of a model's card, or NULL. */
static char *stored_etag(Store *st, const char *id)
{
	int64_t reg = store_find_registry(st, REGISTRY);
	int64_t model = reg < 0 ? -1 : store_find_model(st, reg, id);
	char *etag = NULL;
	if (model < 0)
		return NULL;
	/* The card the model has as of now: its latest state's. */
	sqlite3_stmt *s = store_prepare(st,
					"SELECT etag FROM card WHERE id = " ASOF_COLUMN("card_id", "?1", "?2"), NULL);
	if (!s)
		return NULL;
	sqlite3_bind_int64(s, 1, model);
	sqlite3_bind_int64(s, 2, INT64_MAX);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		etag = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return etag;
}

int sync_model(Store *st, HubClient *c, const char *id, SyncReport *rep, PeatErr *err)
{
	HubResponse *info = NULL, *card = NULL;
	char *url = NULL, *canonical = NULL, *etag = NULL;
	int rc = -1;

	if (!sync_valid_model_id(id))
		return peat_err_set(err, "%s: not a Hub model id (expected ORG/NAME)", id);
	url = sync_model_info_url(c, id);
	if (hub_get(c, url, NULL, &info, err) < 0) {
		rep->permanent = info && info->permanent;
		goto out;
	}
	const char *kind = json_kind_of(st, sb_str(&info->body));
	canonical = kind && strcmp(kind, "object") == 0 ? json_text(st, sb_str(&info->body), "$.id") : NULL;
	/* A rename's Location may drop the query: ask the canonical id again
	 * for the expanded fields (parents, children counts). */
	if (info->redirected && canonical && !strchr(info->final_url, '?') && sync_valid_model_id(canonical)) {
		HubResponse *again = NULL;
		free(url);
		url = sync_model_info_url(c, canonical);
		if (hub_get(c, url, NULL, &again, err) < 0) {
			rep->permanent = again && again->permanent;
			hub_response_free(again);
			goto out;
		}
		hub_response_free(info);
		info = again;
		info->redirected = 1;
	}
	if (canonical && sync_valid_model_id(canonical)) {
		char *card_url = sync_card_url(c, canonical);
		etag = stored_etag(st, canonical);
		PeatErr card_err = {0};
		hub_get(c, card_url, etag, &card, &card_err); /* its failure is judged by sync_model_store */
		free(card_url);
		if (card && card->cancelled) {
			peat_err_set(err, "%s", card->err.msg);
			goto out;
		}
	}
	rc = sync_model_store(st, id, info, card, rep, err);
	if (rc < 0 && card && card->failed && card->permanent)
		rep->permanent = 1; /* a card URL peat refuses to follow */
out:
	rep->retries = hub_retries(c);
	hub_response_free(info);
	hub_response_free(card);
	free(url);
	free(canonical);
	free(etag);
	return rc;
}

/* Mark `item` of `job` done, in a transaction of its own. */
static int item_done(Store *st, const char *job, const char *item, PeatErr *err)
{
	if (store_begin(st, err) < 0)
		return -1;
	sqlite3_stmt *s = store_prepare(st, "UPDATE sync_item SET done = 1 WHERE job = ?1 AND item = ?2", err);
	if (!s) {
		store_rollback(st);
		return -1;
	}
	sqlite3_bind_text(s, 1, job, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, item, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_error(st, err);
	sqlite3_finalize(s);
	if (rc < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}

/* Record the items of a new job (replacing any earlier one) in one
 * transaction with its state row. */
static int items_start(Store *st, const char *job, int64_t snapshot, char *const *items, size_t n,
		       const char *params, PeatErr *err)
{
	if (store_begin(st, err) < 0)
		return -1;
	if (state_clear(st, job, err) < 0 || state_save(st, job, snapshot, NULL, 0, (int64_t)n, params, err) < 0)
		goto fail;
	sqlite3_stmt *s = store_prepare(st, "INSERT OR IGNORE INTO sync_item(job, item, seq) VALUES (?1, ?2, ?3)", err);
	if (!s)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(s);
		sqlite3_bind_text(s, 1, job, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, items[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, (int64_t)i);
		if (sqlite3_step(s) != SQLITE_DONE) {
			store_error(st, err);
			sqlite3_finalize(s);
			goto fail;
		}
	}
	sqlite3_finalize(s);
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

/* The items of `job` not done yet, in order. Returns the count; *total
 * gets the job's size. */
static size_t items_todo(Store *st, const char *job, char ***out, int64_t *total)
{
	size_t n = 0, cap = 0;
	*out = NULL;
	*total = 0;
	sqlite3_stmt *s = store_prepare(st, "SELECT item, done FROM sync_item WHERE job = ?1 ORDER BY seq", NULL);
	if (!s)
		return 0;
	sqlite3_bind_text(s, 1, job, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW) {
		(*total)++;
		if (sqlite3_column_int(s, 1))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		(*out)[n++] = xstrdup((const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	return n;
}

static void free_list(char **items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

/* Add one failure's message to a list of them, within what a PeatErr
 * holds: past that they are only counted. */
static void list_failure(StrBuf *list, int64_t *unlisted, const char *msg)
{
	if (list->len + strlen(msg) + 3 < sizeof(((PeatErr *)0)->msg) - 64)
		sb_printf(list, "\n  %s", msg);
	else
		(*unlisted)++;
}

/* Note that starting `job` anew forgets its interrupted run, if any. */
static void note_forgotten(Store *st, const char *job, const char *command, const char *unit, SyncReport *rep)
{
	SyncState state;
	state_load(st, job, &state);
	if (state.found) {
		/* Jobs of items count their done items; the tree its descendants. */
		int64_t done = state.done, goal = state.goal;
		sqlite3_stmt *s = store_prepare(st, "SELECT count(*), coalesce(sum(done), 0) FROM sync_item WHERE job = ?1", NULL);
		if (s) {
			sqlite3_bind_text(s, 1, job, -1, SQLITE_STATIC);
			if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int64(s, 0) > 0) {
				goal = sqlite3_column_int64(s, 0);
				done = sqlite3_column_int64(s, 1);
			}
			sqlite3_finalize(s);
		}
		snprintf(rep->note, sizeof rep->note,
			 "the interrupted `%s` (%lld of %lld %s done) was forgotten: this one replaces it", command,
			 (long long)done, (long long)goal, unit);
	}
	state_free(&state);
}

int sync_models(Store *st, HubClient *c, const char *const *ids, size_t n, const SyncOptions *opt,
		SyncReport *rep, PeatErr *err)
{
	char **todo = NULL;
	size_t ntodo;
	int64_t total, failed = 0, permanent = 0, unlisted = 0;
	int interrupted = 0;
	StrBuf failures = {0};
	PeatErr stopped_at = {0}; /* the request an interruption stopped, named */
	SyncShow show;

	memset(rep, 0, sizeof *rep);
	if (!opt->resume) {
		for (size_t i = 0; i < n; i++)
			if (!sync_valid_model_id(ids[i]))
				return peat_err_set(err, "%s: not a Hub model id (expected ORG/NAME)", ids[i]);
		note_forgotten(st, "models", "peat sync model", "models", rep);
		if (items_start(st, "models", -1, (char *const *)ids, n, "{}", err) < 0)
			return -1;
	}
	ntodo = items_todo(st, "models", &todo, &total);
	if (opt->resume && total == 0)
		return peat_err_set(err, "%s: no interrupted `peat sync model` to resume", store_path(st));
	rep->goal = total;
	int64_t done = total - (int64_t)ntodo;
	show_begin(&show, opt, c);
	for (size_t i = 0; i < ntodo; i++) {
		SyncReport one = {0};
		PeatErr e = {0};
		show_report(&show, "models", done, total);
		if (is_cancelled(opt)) {
			interrupted = 1;
			break;
		}
		if (sync_model(st, c, todo[i], &one, &e) < 0) {
			if (is_cancelled(opt)) {
				interrupted = 1;
				peat_err_set(&stopped_at, "%s", e.msg);
				break;
			}
			failed++;
			list_failure(&failures, &unlisted, e.msg);
			/* Asking again would fail the same way: not left for --resume. */
			if (one.permanent) {
				permanent++;
				if (item_done(st, "models", todo[i], err) < 0)
					goto fail;
			}
			continue;
		}
		rep->models += one.models;
		rep->edges += one.edges;
		rep->cards += one.cards;
		rep->cards_same += one.cards_same;
		rep->cards_none += one.cards_none;
		rep->cards_gated += one.cards_gated;
		rep->cards_disabled += one.cards_disabled;
		rep->cards_repo_gone += one.cards_repo_gone;
		rep->cards_no_revision += one.cards_no_revision;
		rep->cards_not_text += one.cards_not_text;
		rep->cards_too_large += one.cards_too_large;
		rep->aliases += one.aliases;
		rep->merged += one.merged;
		if (one.note[0])
			snprintf(rep->note, sizeof rep->note, "%s", one.note);
		snprintf(rep->canonical, sizeof rep->canonical, "%s", one.canonical);
		snprintf(rep->live, sizeof rep->live, "%s", one.live);
		if (item_done(st, "models", todo[i], err) < 0)
			goto fail;
		done++;
	}
	show_report(&show, "models", done, total);
	show_end(&show);
	free_list(todo, ntodo);
	rep->retries = hub_retries(c);
	int64_t retryable = failed - permanent;
	if (!interrupted && retryable == 0) {
		/* Every model is synced, or refused for good: nothing is left to resume. */
		if (state_clear_now(st, "models", err) < 0) {
			sb_free(&failures);
			return -1;
		}
		if (failed == 0)
			return 0;
	}
	if (interrupted && failed == 0)
		peat_err_set(err, "%s", stopped_at.set ? stopped_at.msg : "interrupted");
	else if (failed == 1 && !interrupted)
		peat_err_set(err, "%s", sb_str(&failures) + 3);
	else if (unlisted)
		peat_err_set(err, "%s%lld models could not be synced:%s\n  and %lld more", interrupted ? "interrupted; " : "",
			     (long long)failed, sb_str(&failures), (long long)unlisted);
	else
		peat_err_set(err, "%s%lld model%s could not be synced:%s", interrupted ? "interrupted; " : "",
			     (long long)failed, failed == 1 ? "" : "s", sb_str(&failures));
	sb_free(&failures);
	if (interrupted)
		snprintf(rep->stopped, sizeof rep->stopped,
			 "%lld of %lld models synced; run `peat sync model --resume` to continue", (long long)done,
			 (long long)total);
	else if (retryable > 0)
		snprintf(rep->stopped, sizeof rep->stopped,
			 "%lld of %lld models synced; run `peat sync model --resume` to retry the %lld that may work later",
			 (long long)done, (long long)total, (long long)retryable);
	else
		snprintf(rep->stopped, sizeof rep->stopped,
			 "%lld of %lld models synced; asking again would not help the rest, so there is nothing to resume",
			 (long long)done, (long long)total);
	return -1;
fail:
	show_end(&show);
	free_list(todo, ntodo);
	sb_free(&failures);
	return -1;
}

/* ---- cards ---- */

/* The newest snapshot of the hf registry that lists models (a live one
 * lists none), or the one labelled `label`. */
static int64_t cards_snapshot(Store *st, const char *label, char *out_label, size_t outn, PeatErr *err)
{
	sqlite3_stmt *s = store_prepare(st,
					"SELECT snapshot.id, snapshot.label FROM snapshot JOIN registry"
					" ON registry.id = snapshot.registry_id WHERE registry.name = ?1"
					" AND (?2 IS NULL OR snapshot.label = ?2) ORDER BY EXISTS (SELECT 1 FROM stat"
					" WHERE stat.snapshot_id = snapshot.id) DESC, snapshot.taken DESC, snapshot.id DESC"
					" LIMIT 1",
					err);
	int64_t id = -1;
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, REGISTRY, -1, SQLITE_STATIC);
	if (label)
		sqlite3_bind_text(s, 2, label, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		snprintf(out_label, outn, "%s", (const char *)sqlite3_column_text(s, 1));
	}
	sqlite3_finalize(s);
	if (id < 0) {
		if (label)
			return peat_err_set(err, "no snapshot %s in the store (see `peat snapshots`)", label);
		return peat_err_set(err, "no Hub snapshot in the store yet: run `peat sync top` first");
	}
	return id;
}

/* The snapshot's models in rank order, at most `top` (0 = all). */
static size_t snapshot_models(Store *st, int64_t snapshot, int64_t top, char ***out)
{
	size_t n = 0, cap = 0;
	*out = NULL;
	sqlite3_stmt *s = store_prepare(st,
					"SELECT model.name FROM stat JOIN model ON model.id = stat.model_id"
					" WHERE stat.snapshot_id = ?1"
					" ORDER BY stat.rank IS NULL, stat.rank, stat.downloads DESC, model.name"
					" LIMIT ?2",
					NULL);
	if (!s)
		return 0;
	sqlite3_bind_int64(s, 1, snapshot);
	sqlite3_bind_int64(s, 2, top > 0 ? top : -1);
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		(*out)[n++] = xstrdup((const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	return n;
}

/* Write finished card answers in one transaction and mark them done. */
static int cards_store_batch(Store *st, const char *endpoint, HubResponse **batch, size_t n, char **names,
			     int final, const char *source, int64_t stored, SyncReport *rep,
			     PeatErr *err)
{
	if (store_begin(st, err) < 0)
		return -1;
	int64_t registry = store_registry(st, REGISTRY, err);
	sqlite3_stmt *mark = store_prepare(st, "UPDATE sync_item SET done = 1 WHERE job = 'cards' AND item = ?1", err);
	if (registry < 0 || !mark)
		goto fail;
	/* The cards of the snapshot's models, as the Hub has them today. */
	int64_t live = n ? record_snapshot(st, registry, endpoint, rep, err) : -1;
	if (n && live < 0)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		const char *name = names[(size_t)(intptr_t)batch[i]->user];
		/* A renamed model's card answers with a 307 to its new id: the
		 * card goes to the canonical row, and the old name's row joins it. */
		char *renamed = card_redirect_id(endpoint, batch[i]);
		int64_t model = store_model(st, registry, renamed && strcmp(renamed, name) != 0 ? renamed : name, err);
		int bad = model < 0 || write_card(st, model, batch[i], rep, err) < 0 ||
			  (renamed && strcmp(renamed, name) != 0 && record_rename(st, registry, name, model, rep, err) < 0);
		free(renamed);
		if (bad)
			goto fail;
		sqlite3_reset(mark);
		sqlite3_bind_text(mark, 1, name, -1, SQLITE_STATIC);
		if (sqlite3_step(mark) != SQLITE_DONE) {
			store_error(st, err);
			goto fail;
		}
	}
	sqlite3_finalize(mark);
	mark = NULL;
	if (final && state_clear(st, "cards", err) < 0)
		goto fail;
	if (store_log_import(st, source, "hub-api", live, stored, err) < 0)
		goto fail;
	return store_commit(st, err);
fail:
	sqlite3_finalize(mark);
	store_rollback(st);
	return -1;
}

int sync_cards(Store *st, HubClient *c, const char *label, int64_t top, const SyncOptions *opt, SyncReport *rep,
	       PeatErr *err)
{
	char **names = NULL, **etags = NULL;
	size_t n = 0;
	int64_t total = 0, snapshot;
	HubResponse **batch = NULL;
	size_t nbatch = 0, batch_bytes = 0;
	HubResponse *first_failure = NULL, *refusal = NULL;
	int64_t failures = 0, handled;
	StrBuf source = {0};
	SyncShow show;
	int rc = -1;

	memset(rep, 0, sizeof *rep);
	if (opt->resume) {
		SyncState state;
		state_load(st, "cards", &state);
		snapshot = state.snapshot;
		int found = state.found;
		state_free(&state);
		if (!found)
			return peat_err_set(err, "%s: no interrupted `peat sync cards` to resume", store_path(st));
		snapshot_label(st, snapshot, rep->label, sizeof rep->label);
	} else {
		snapshot = cards_snapshot(st, label, rep->label, sizeof rep->label, err);
		if (snapshot < 0)
			return -1;
		char **all;
		size_t nall = snapshot_models(st, snapshot, top, &all);
		const char *kv[] = {"snapshot", rep->label, NULL};
		char *params = json_object_of(st, kv);
		note_forgotten(st, "cards", "peat sync cards", "cards", rep);
		int started = items_start(st, "cards", snapshot, all, nall, params, err);
		free(params);
		free_list(all, nall);
		if (started < 0)
			return -1;
	}
	n = items_todo(st, "cards", &names, &total);
	rep->goal = total;
	handled = total - (int64_t)n;
	show_begin(&show, opt, c);
	sb_printf(&source, "%s/{model}/resolve/main/README.md", hub_endpoint(c));
	etags = xcalloc(n ? n : 1, sizeof *etags);
	for (size_t i = 0; i < n; i++) {
		etags[i] = stored_etag(st, names[i]);
		if (!sync_valid_model_id(names[i])) {
			continue; /* a name from another source (a CSV) that is no Hub id: skipped below */
		}
		char *url = sync_card_url(c, names[i]);
		hub_submit(c, url, etags[i], (void *)(intptr_t)i);
		free(url);
	}
	batch = xcalloc(CARD_BATCH, sizeof *batch);
	while (!refusal) {
		HubResponse *r;
		hub_step(c, 100);
		while (!refusal && (r = hub_take(c)) != NULL) {
			CardOutcome o = card_outcome(r);
			if (o == CARD_REFUSED) {
				/* Every other card would be refused too: stop asking. */
				refusal = r;
				break;
			}
			if (o == CARD_FAILED) {
				if (!r->cancelled) {
					failures++;
					if (!first_failure) {
						first_failure = r;
						continue;
					}
				}
				hub_response_free(r);
				continue;
			}
			batch[nbatch++] = r;
			batch_bytes += r->body.len;
			if (nbatch == CARD_BATCH || batch_bytes >= CARD_BATCH_BYTES) {
				int bad = cards_store_batch(st, hub_endpoint(c), batch, nbatch, names, 0, sb_str(&source),
							    rep->cards + rep->cards_same, rep, err);
				handled += (int64_t)nbatch;
				for (size_t i = 0; i < nbatch; i++)
					hub_response_free(batch[i]);
				nbatch = 0;
				batch_bytes = 0;
				if (bad < 0)
					goto out;
			}
			show_report(&show, "cards", handled + (int64_t)nbatch, total);
		}
		if (refusal || hub_step(c, 0) == 0)
			break;
	}
	if (refusal)
		hub_cancel_all(c);
	/* What is left, in the last transaction; it also ends the job when
	 * every card was handled. */
	handled += (int64_t)nbatch;
	{
		int interrupted = is_cancelled(opt);
		int final = !interrupted && failures == 0 && !refusal;
		int bad = cards_store_batch(st, hub_endpoint(c), batch, nbatch, names, final, sb_str(&source),
					    rep->cards + rep->cards_same, rep, err);
		for (size_t i = 0; i < nbatch; i++)
			hub_response_free(batch[i]);
		nbatch = 0;
		if (bad < 0)
			goto out;
		show_report(&show, "cards", handled, total);
		if (interrupted || failures || refusal) {
			if (refusal)
				peat_err_set(err, "%s", refusal->err.msg);
			else if (interrupted)
				peat_err_set(err, "interrupted");
			else if (failures == 1)
				peat_err_set(err, "%s", first_failure->err.msg);
			else
				peat_err_set(err, "%lld cards could not be fetched; the first: %s", (long long)failures,
					     first_failure->err.msg);
			snprintf(rep->stopped, sizeof rep->stopped,
				 "stopped after %lld of %lld cards; %s `peat sync cards --resume` to continue", (long long)handled,
				 (long long)total, refusal ? "fix HF_TOKEN (or unset it), then run" : "run");
			goto out;
		}
	}
	rc = 0;
out:
	for (size_t i = 0; i < nbatch; i++)
		hub_response_free(batch[i]);
	/* On an early exit, answers still coming are not wanted. */
	hub_cancel_all(c);
	show_end(&show);
	free(batch);
	hub_response_free(first_failure);
	hub_response_free(refusal);
	free_list(names, n);
	free_list(etags, n);
	sb_free(&source);
	rep->retries = hub_retries(c);
	return rc;
}

/* ---- tree ----
 *
 * The walk is breadth first: level L lists the children of the models met at
 * level L - 1 (level 1: the root's), one listing per (parent, relation),
 * all of a level at once. Where it stands is kept in the store, written in
 * each page's transaction, so `--resume` continues exactly there:
 *
 *   sync_state 'tree'   params {root, depth, max, level, first}; done = the
 *                       descendants met so far, goal = max
 *   sync_item 'tree:seen'  every model met, the root first (seq 0); those
 *                       met while listing the current level have seq >=
 *                       first: they are the next level's parents
 *   sync_item 'tree:list'  the current level's listings, "RELATION:PARENT"
 *                       in item, done = 1 once their last page is stored
 *   sync_state 'tree:page RELATION:PARENT'  next_url = the next page of a
 *                       listing partly stored (the Hub's cursor) */

#define TREE_JOB "tree"
#define TREE_SEEN "tree:seen"
#define TREE_LIST "tree:list"
#define TREE_PAGE "tree:page "

static const Relation tree_rels[] = {REL_FINETUNE, REL_ADAPTER, REL_QUANTIZED, REL_MERGE};
#define NRELS (sizeof tree_rels / sizeof tree_rels[0])

typedef struct Listing {
	char *key;              /* "RELATION:PARENT", its sync_item */
	const char *parent;     /* inside key */
	Relation rel;
	int idle;               /* its pages in a row without a new model */
} Listing;

typedef struct TreeRun {
	Store *st;
	HubClient *c;
	int64_t registry;
	HubRecordWriter *writer;
	char *root;
	int depth;
	int level;              /* the level being listed, 1..depth */
	int64_t first;          /* seq of the first model met at this level */
	int64_t count, max;     /* descendants met so far, the bound */
	char *source;           /* the root's first listing URL: the log entry's source */
	KeyIndex pages;         /* the listing pages asked for, to see a loop */
	SyncShow show;
} TreeRun;

/* Has the walk met this model already? */
static int tree_seen(Store *st, const char *id)
{
	sqlite3_stmt *s = store_prepare(st, "SELECT 1 FROM sync_item WHERE job = '" TREE_SEEN "' AND item = ?1", NULL);
	int yes = 0;
	if (!s)
		return 0;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	yes = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return yes;
}

/* Add an item to one of the tree's jobs (inside the caller's transaction). */
static int tree_item_add(Store *st, const char *job, const char *item, int64_t seq, PeatErr *err)
{
	sqlite3_stmt *s = store_prepare(st, "INSERT OR IGNORE INTO sync_item(job, item, seq) VALUES (?1, ?2, ?3)", err);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, job, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, item, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, seq);
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_error(st, err);
	sqlite3_finalize(s);
	return rc;
}

/* Forget every trace of the tree job. */
static int tree_state_clear(Store *st, PeatErr *err)
{
	if (state_clear(st, TREE_JOB, err) < 0 || state_clear(st, TREE_SEEN, err) < 0 ||
	    state_clear(st, TREE_LIST, err) < 0)
		return -1;
	return store_exec(st, "DELETE FROM sync_state WHERE job GLOB '" TREE_PAGE "*'", err);
}

/* Write the 'tree' state row from t. */
static int tree_state_save(TreeRun *t, PeatErr *err)
{
	sqlite3_stmt *s = store_prepare(t->st,
					"SELECT json_object('root', ?1, 'depth', ?2, 'max', ?3, 'level', ?4, 'first', ?5)",
					err);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, t->root, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, t->depth);
	sqlite3_bind_int64(s, 3, t->max);
	sqlite3_bind_int(s, 4, t->level);
	sqlite3_bind_int64(s, 5, t->first);
	char *params = NULL;
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		params = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	if (!params)
		return store_error(t->st, err);
	int rc = state_save(t->st, TREE_JOB, -1, NULL, t->count, t->max, params, err);
	free(params);
	return rc;
}

/* Read the interrupted walk's state into t. */
static int tree_state_load(TreeRun *t, PeatErr *err)
{
	SyncState state;
	state_load(t->st, TREE_JOB, &state);
	if (!state.found) {
		state_free(&state);
		return peat_err_set(err, "%s: no interrupted `peat sync tree` to resume", store_path(t->st));
	}
	sqlite3_stmt *s = store_prepare(t->st,
					"SELECT json_extract(?1, '$.root'), json_extract(?1, '$.depth'),"
					" json_extract(?1, '$.max'), json_extract(?1, '$.level'), json_extract(?1, '$.first')"
					" WHERE json_valid(?1) AND json_type(?1, '$.root') = 'text'",
					err);
	int rc = -1;
	if (s) {
		sqlite3_bind_text(s, 1, state.params, -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW) {
			t->root = xstrdup((const char *)sqlite3_column_text(s, 0));
			t->depth = sqlite3_column_int(s, 1);
			t->max = sqlite3_column_int64(s, 2);
			t->level = sqlite3_column_int(s, 3);
			t->first = sqlite3_column_int64(s, 4);
			t->count = state.done;
			rc = 0;
		}
		sqlite3_finalize(s);
	}
	if (rc < 0 || t->depth < 1 || t->max < 1 || t->level < 1 || !sync_valid_model_id(t->root))
		rc = peat_err_set(err, "%s: the interrupted `peat sync tree` left an unreadable state (%s); start it "
				  "again without --resume", store_path(t->st), state.params ? state.params : "");
	state_free(&state);
	return rc;
}

/* Record the listings of `parent` for the current level. */
static int tree_add_listings(Store *st, const char *parent, int64_t seq, PeatErr *err)
{
	for (size_t k = 0; k < NRELS; k++) {
		StrBuf key = {0};
		sb_printf(&key, "%s:%s", relation_name(tree_rels[k]), parent);
		int rc = tree_item_add(st, TREE_LIST, sb_str(&key), seq * (int64_t)NRELS + (int64_t)k, err);
		sb_free(&key);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Start a new walk from t->root: its state, in one transaction. */
static int tree_start(TreeRun *t, PeatErr *err)
{
	if (store_begin(t->st, err) < 0)
		return -1;
	t->level = 1;
	t->first = 1;
	t->count = 0;
	if (tree_state_clear(t->st, err) < 0 || tree_item_add(t->st, TREE_SEEN, t->root, 0, err) < 0 ||
	    tree_add_listings(t->st, t->root, 0, err) < 0 || tree_state_save(t, err) < 0) {
		store_rollback(t->st);
		return -1;
	}
	return store_commit(t->st, err);
}

/* End the current level in one transaction: its listings are replaced by
 * the next level's (the models met meanwhile as parents). Sets *over when
 * the walk is complete, its state then cleared. */
static int tree_next_level(TreeRun *t, int *over, PeatErr *err)
{
	Store *st = t->st;
	sqlite3_stmt *s = NULL;
	int64_t next_first = t->count + 1, listings = 0;

	*over = 0;
	if (store_begin(st, err) < 0)
		return -1;
	if (state_clear(st, TREE_LIST, err) < 0)
		goto fail;
	if (t->level < t->depth && t->count < t->max) {
		s = store_prepare(st, "SELECT item, seq FROM sync_item WHERE job = '" TREE_SEEN "' AND seq >= ?1 ORDER BY seq",
				  err);
		if (!s)
			goto fail;
		sqlite3_bind_int64(s, 1, t->first);
		while (sqlite3_step(s) == SQLITE_ROW) {
			if (tree_add_listings(st, (const char *)sqlite3_column_text(s, 0), sqlite3_column_int64(s, 1),
					      err) < 0)
				goto fail;
			listings++;
		}
		sqlite3_finalize(s);
		s = NULL;
	}
	if (listings == 0) {
		*over = 1;
		if (tree_state_clear(st, err) < 0)
			goto fail;
	} else {
		t->level++;
		t->first = next_first;
		if (tree_state_save(t, err) < 0)
			goto fail;
	}
	return store_commit(st, err);
fail:
	sqlite3_finalize(s);
	store_rollback(st);
	return -1;
}

/* The current level's listings not finished yet, each with the URL to ask
 * next: its first page, or where an interrupted sync stopped. */
static size_t tree_listings(TreeRun *t, Listing ***out, char ***urls)
{
	size_t n = 0, cap = 0;
	*out = NULL;
	*urls = NULL;
	sqlite3_stmt *s = store_prepare(t->st,
					"SELECT i.item, p.next_url FROM sync_item i LEFT JOIN sync_state p"
					" ON p.job = '" TREE_PAGE "' || i.item"
					" WHERE i.job = '" TREE_LIST "' AND i.done = 0 ORDER BY i.seq",
					NULL);
	if (!s)
		return 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(s, 0);
		const char *colon = strchr(key, ':');
		Relation rel;
		char word[32];
		if (!colon || (size_t)(colon - key) >= sizeof word)
			continue;
		memcpy(word, key, (size_t)(colon - key));
		word[colon - key] = '\0';
		if (relation_parse(word, &rel) < 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			*out = xrealloc(*out, cap * sizeof **out);
			*urls = xrealloc(*urls, cap * sizeof **urls);
		}
		Listing *l = xcalloc(1, sizeof *l);
		l->key = xstrdup(key);
		l->parent = l->key + (colon - key) + 1;
		l->rel = rel;
		(*out)[n] = l;
		if (sqlite3_column_text(s, 1)) {
			(*urls)[n] = xstrdup((const char *)sqlite3_column_text(s, 1));
		} else {
			StrBuf filter = {0};
			sb_printf(&filter, "base_model:%s", key);
			(*urls)[n] = listing_url(t->c, NULL, sb_str(&filter), PAGE_LIMIT);
			sb_free(&filter);
		}
		n++;
	}
	sqlite3_finalize(s);
	return n;
}

/* Where the listing l goes on: the next page's URL, or NULL when it is
 * finished (marked done). */
static int tree_listing_progress(Store *st, const Listing *l, const char *next, PeatErr *err)
{
	StrBuf job = {0};
	sb_printf(&job, TREE_PAGE "%s", l->key);
	int rc;
	if (next) {
		rc = state_save(st, sb_str(&job), -1, next, 0, 0, NULL, err);
	} else {
		rc = state_exec(st, "DELETE FROM sync_state WHERE job = ?1", sb_str(&job), err);
		sqlite3_stmt *s = rc < 0 ? NULL
					 : store_prepare(st, "UPDATE sync_item SET done = 1 WHERE job = '" TREE_LIST
							     "' AND item = ?1",
							 err);
		if (!s) {
			rc = -1;
		} else {
			sqlite3_bind_text(s, 1, l->key, -1, SQLITE_STATIC);
			rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_error(st, err);
			sqlite3_finalize(s);
		}
	}
	sb_free(&job);
	return rc;
}

/* Pages of one listing in a row without a new model before `sync tree`
 * stops: more than `sync top` allows, since a merge's children may all have
 * been met under its other parent. */
#define TREE_MAX_IDLE_PAGES 20

/* r's next page leads back to a page asked for already, or is the
 * TREE_MAX_IDLE_PAGES-th of l without a new model: -1 with err set. */
static int tree_check_loop(TreeRun *t, const Listing *l, const HubResponse *r, PeatErr *err)
{
	int back = keyindex_get(&t->pages, r->next_url, strlen(r->next_url)) >= 0;
	if (!back && l->idle < TREE_MAX_IDLE_PAGES)
		return 0;
	char *shown = hub_url_for_message(r->final_url);
	if (back)
		peat_err_set(err, "%s: the Hub's next-page link leads back to a page of the walk already read (a loop "
			     "of Link pages)", shown);
	else
		peat_err_set(err, "%s: %d pages in a row of the %s children of %s brought no model not already met (a "
			     "loop of Link pages?)", shown, l->idle, relation_name(l->rel), l->parent);
	free(shown);
	return -1;
}

/* One page of children of l->parent by l->rel, in one transaction with the
 * walk's state. *next gets the page to ask for next (r's), or NULL. */
static int tree_store_page(TreeRun *t, Listing *l, const HubResponse *r, const char **next, SyncReport *rep,
			   PeatErr *err)
{
	Store *st = t->st;
	sqlite3_stmt *items = NULL;
	StrBuf where = {0};
	int step, rc = -1;
	int64_t count0 = t->count, models0 = rep->models, edges0 = rep->edges, left0 = rep->left_out;
	size_t left_len0 = strlen(rep->left_out_why);

	*next = NULL;
	if (check_page(st, r, err) < 0 || store_begin(st, err) < 0)
		return -1;
	t->registry = store_registry(st, REGISTRY, err);
	if (t->registry < 0 || record_snapshot(st, t->registry, hub_endpoint(t->c), rep, err) < 0)
		goto out;
	if (!t->writer && !(t->writer = hub_record_writer_new(st, t->registry, -1, err)))
		goto out;
	int64_t parent = -1; /* created with the first child: an empty page stores nothing */
	if (!(items = page_items(st, r, err)))
		goto out;
	while ((step = sqlite3_step(items)) == SQLITE_ROW) {
		int64_t index = sqlite3_column_int64(items, 0);
		const char *id = (const char *)sqlite3_column_text(items, 1);
		const char *type = (const char *)sqlite3_column_text(items, 3);
		sb_reset(&where);
		sb_printf(&where, "%s: item %lld", r->final_url, (long long)index + 1);
		if (!type || strcmp(type, "object") != 0 || !id) {
			peat_err_set(err, "%s: expected a model object with an \"id\"", sb_str(&where));
			goto out;
		}
		int known = tree_seen(st, id);
		if (!known && t->count >= t->max)
			continue;
		PeatErr why = {0};
		if (hub_record_check(t->writer, sb_str(&where), (const char *)sqlite3_column_text(items, 2), &why) ==
		    HUB_RECORD_UNTRUSTED) {
			leave_out(rep, r, index, id, sb_str(&where), why.msg);
			continue;
		}
		if (parent < 0 && (parent = store_model(st, t->registry, l->parent, err)) < 0)
			goto out;
		int64_t child = store_model(st, t->registry, id, err);
		if (child < 0)
			goto out;
		if (child != parent) {
			/* One edge of the child's, confirmed by the API: added to
			 * what it has, its source becoming api even when a
			 * record's tags wrote it first (else the source of a
			 * merge's edge to its second parent would depend on
			 * which parent's page arrived first). */
			if (store_edge_add(st, child, parent, l->rel, EDGE_FROM_API, err) < 0)
				goto out;
			rep->edges++;
		}
		if (hub_record_write(t->writer, sb_str(&where), (const char *)sqlite3_column_text(items, 2), STAT_NONE,
				     err) < 0)
			goto out;
		if (!known) {
			t->count++;
			rep->models++;
			if (tree_item_add(st, TREE_SEEN, id, t->count, err) < 0)
				goto out;
		}
	}
	sqlite3_finalize(items);
	items = NULL;
	if (r->next_url && t->count < t->max) {
		if (!hub_url_is_ours(t->c, r->next_url)) {
			peat_err_set(err, "%s: the next page's link leaves %s (%s); not followed", r->final_url,
				     hub_endpoint(t->c), r->next_url);
			goto out;
		}
		l->idle = t->count > count0 ? 0 : l->idle + 1;
		if (tree_check_loop(t, l, r, err) < 0)
			goto out;
		*next = r->next_url;
	}
	if (tree_listing_progress(st, l, *next, err) < 0 || tree_state_save(t, err) < 0)
		goto out;
	if (store_log_import(st, t->source, "hub-api", -1, t->count, err) < 0)
		goto out;
	if (store_commit(st, err) < 0)
		goto undo;
	rep->pages++;
	rc = 0;
	goto done;
out:
	sqlite3_finalize(items);
	store_rollback(st);
undo:
	t->count = count0;
	rep->models = models0;
	rep->edges = edges0;
	rep->left_out = left0;
	rep->left_out_why[left_len0] = '\0';
	*next = NULL;
done:
	sb_free(&where);
	return rc;
}

/* List the current level's unfinished listings, several at once, until
 * every one is stored. Returns -1 with err set when one failed or the
 * sync was interrupted. */
static int tree_walk_level(TreeRun *t, const SyncOptions *opt, SyncReport *rep, PeatErr *err)
{
	Listing **listings = NULL;
	char **urls = NULL;
	int failed = 0;
	size_t n = tree_listings(t, &listings, &urls);

	for (size_t i = 0; i < n; i++) {
		if (!hub_url_is_ours(t->c, urls[i])) {
			peat_err_set(err, "%s: the interrupted listing continues at %s, not under %s; start the sync "
				     "again without --resume", store_path(t->st), urls[i], hub_endpoint(t->c));
			failed = 1;
			break;
		}
		keyindex_put(&t->pages, urls[i], strlen(urls[i]), 1);
		hub_submit(t->c, urls[i], NULL, listings[i]);
	}
	for (;;) {
		HubResponse *r;
		hub_step(t->c, 100);
		while ((r = hub_take(t->c)) != NULL) {
			Listing *l = r->user;
			const char *next = NULL;
			if (failed) {
				/* After a failure, answers still coming are dropped: their
				 * listings continue from their stored position. */
			} else if (r->failed) {
				peat_err_set(err, "%s", r->err.msg);
				failed = 1;
			} else if (tree_store_page(t, l, r, &next, rep, err) < 0) {
				failed = 1;
			} else if (next && !is_cancelled(opt)) {
				keyindex_put(&t->pages, next, strlen(next), 1);
				hub_submit(t->c, next, NULL, l);
			}
			hub_response_free(r);
			show_report(&t->show, "models", t->count, t->max);
		}
		if (hub_step(t->c, 0) == 0)
			break;
	}
	if (!failed && is_cancelled(opt)) {
		peat_err_set(err, "interrupted");
		failed = 1;
	}
	for (size_t i = 0; i < n; i++) {
		free(listings[i]->key);
		free(listings[i]);
		free(urls[i]);
	}
	free(listings);
	free(urls);
	return failed ? -1 : 0;
}

int sync_tree(Store *st, HubClient *c, const char *root, int depth, int64_t max, const SyncOptions *opt,
	      SyncReport *rep, PeatErr *err)
{
	TreeRun t = {.st = st, .c = c, .depth = depth, .max = max};
	int rc = -1, over = 0;

	memset(rep, 0, sizeof *rep);
	show_begin(&t.show, opt, c);
	if (opt->resume) {
		if (tree_state_load(&t, err) < 0)
			goto out;
	} else {
		if (!root || !sync_valid_model_id(root)) {
			peat_err_set(err, "%s: not a Hub model id (expected ORG/NAME)", root ? root : "(none)");
			goto out;
		}
		if (depth < 1 || max < 1) {
			peat_err_set(err, "--depth and --max must be at least 1");
			goto out;
		}
		t.root = xstrdup(root);
		note_forgotten(st, TREE_JOB, "peat sync tree", "descendants", rep);
		if (tree_start(&t, err) < 0)
			goto out;
	}
	rep->goal = t.max;
	{
		StrBuf filter = {0};
		sb_printf(&filter, "base_model:%s:%s", relation_name(REL_FINETUNE), t.root);
		t.source = listing_url(c, NULL, sb_str(&filter), PAGE_LIMIT); /* one log entry for the whole walk */
		sb_free(&filter);
	}
	while (!over) {
		if (is_cancelled(opt)) {
			peat_err_set(err, "interrupted");
			goto stopped;
		}
		if (tree_walk_level(&t, opt, rep, err) < 0)
			goto stopped;
		if (tree_next_level(&t, &over, err) < 0)
			goto stopped;
	}
	rc = 0;
	goto out;
stopped:
	snprintf(rep->stopped, sizeof rep->stopped,
		 "stopped after %lld descendants of %s (level %d of %d); what was found is stored; run `peat sync "
		 "tree --resume` to continue",
		 (long long)t.count, t.root, t.level, t.depth);
out:
	hub_record_writer_free(t.writer);
	keyindex_free(&t.pages);
	free(t.source);
	free(t.root);
	rep->retries = hub_retries(c);
	show_end(&t.show);
	return rc;
}
