/* SPDX-License-Identifier: MIT */
/* fetch.c - the explorer's background fetcher (see fetch.h): worker
 * threads that fetch a model's record, card and children from the Hub into
 * the store, and the UI side that queues them, shows their progress and
 * reloads the views they change. */
#include "fetch.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "asof.h"
#include "cardsec.h"
#include "hub.h"
#include "strbuf.h"
#include "sync.h"

#define REGISTRY "hf"

/* One fetch, shared by the UI thread and its worker. The fields above `mu`
 * are written before the worker starts and only read by it; those below
 * are the worker's to write under mu until `finished` is set. */
typedef struct Job {
	char model[512];
	FetchKind kind;
	int64_t max_children;
	char *db_path;
	HubClient *client;            /* the worker's from its start */
	volatile sig_atomic_t cancel; /* set by the UI thread on quit */
	pthread_t thread;
	pthread_mutex_t mu;
	char phase[32];               /* "card", "children", ... */
	int64_t done, total;          /* requests (card) or children found */
	int finished;
	int failed;
	char message[768];            /* the result, for the status line */
} Job;

/* What the session knows about one model. */
typedef struct Rec {
	char *model;
	FetchKind kind;   /* the most asked for */
	FetchState state;
	char *error;      /* FETCH_FAILED: why */
	Job *job;         /* FETCH_RUNNING and started */
	unsigned long seq;/* request order: the queue is served oldest first */
} Rec;

struct Fetcher {
	int off;               /* never fetch (demo, offline, option, script) */
	char *db_path;
	Rec *recs;
	size_t nrecs;
	int running;           /* jobs started and not collected */
	unsigned long seq;
	char shown[256];       /* the progress text last put on the status line */
};

/* ---- the worker ---- */

static void set_progress(Job *j, const char *phase, int64_t done, int64_t total)
{
	pthread_mutex_lock(&j->mu);
	snprintf(j->phase, sizeof j->phase, "%s", phase);
	j->done = done;
	j->total = total;
	pthread_mutex_unlock(&j->mu);
}

static void tree_progress(void *ctx, const char *what, int64_t done, int64_t total, int64_t records)
{
	(void)what;
	(void)records;
	set_progress(ctx, "children", done, total);
}

/* A Hub error without the URL it starts with: the status line is short and
 * the model is named already. */
static const char *without_url(const char *msg)
{
	if (strncmp(msg, "http://", 7) != 0 && strncmp(msg, "https://", 8) != 0)
		return msg;
	const char *p = strstr(msg, ": ");
	return p ? p + 2 : msg;
}

/* The stored ETag of the model's card (heap), or NULL. */
static char *stored_etag(Store *st, const char *model)
{
	PeatErr err = {0};
	int64_t id = query_model(st, REGISTRY, model, &err);
	char *etag = NULL;
	if (id < 0)
		return NULL;
	/* The card the model has as of now: its latest state's. */
	sqlite3_stmt *s = store_prepare(st, "SELECT etag FROM card WHERE id = " ASOF_COLUMN("card_id", "?1", "?2"), NULL);
	if (!s)
		return NULL;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, INT64_MAX);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		etag = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return etag;
}

/* Children the model-info answer counts: -1 when it gives no counts. */
static int64_t counted_children(Store *st, const HubResponse *info)
{
	sqlite3_stmt *s = store_prepare(st,
					"SELECT CASE WHEN json_valid(?1) AND json_type(?1, '$.childrenModelCount') = 'object'"
					" THEN (SELECT coalesce(sum(value), 0) FROM json_each(?1, '$.childrenModelCount')"
					" WHERE type = 'integer') ELSE -1 END",
					NULL);
	int64_t n = -1;
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, sb_str(&info->body), -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* The record and the card, both requests at once, stored in one
 * transaction. *children gets the Hub's count of children (-1 unknown). */
static int fetch_record(Job *j, Store *st, SyncReport *rep, int64_t *children, PeatErr *err)
{
	static const char info_tag = 'i', card_tag = 'c';
	HubClient *c = j->client;
	HubResponse *info = NULL, *card = NULL, *r;
	char *etag = stored_etag(st, j->model);
	char *info_url = sync_model_info_url(c, j->model);
	char *card_url = sync_card_url(c, j->model);
	int got = 0, rc;

	*children = -1;
	set_progress(j, "card", 0, 2);
	hub_submit(c, info_url, NULL, (void *)&info_tag);
	hub_submit(c, card_url, etag, (void *)&card_tag);
	for (;;) {
		int pending = hub_step(c, 100);
		while ((r = hub_take(c)) != NULL) {
			if (r->user == &info_tag && !info)
				info = r;
			else if (r->user == &card_tag && !card)
				card = r;
			else
				hub_response_free(r);
			set_progress(j, "card", ++got, 2);
		}
		if (pending == 0 || (info && card))
			break;
	}
	if (!info) {
		rc = peat_err_set(err, "%s: no answer from the Hub", info_url);
	} else if (!info->failed && info->redirected && !strchr(info->final_url, '?')) {
		/* A rename whose redirect dropped the expanded fields: sync_model
		 * asks the new id again. */
		set_progress(j, "following a rename", 0, 0);
		memset(rep, 0, sizeof *rep);
		rc = sync_model(st, c, j->model, rep, err);
	} else {
		*children = counted_children(st, info);
		rc = sync_model_store(st, j->model, info, card, rep, err);
	}
	hub_response_free(info);
	hub_response_free(card);
	free(info_url);
	free(card_url);
	free(etag);
	return rc;
}

static void *job_main(void *arg)
{
	Job *j = arg;
	Store *st = NULL;
	PeatErr err = {0};
	SyncReport rep, tree;
	int64_t children = -1;
	int rc;
	StrBuf msg = {0};

	memset(&rep, 0, sizeof rep);
	memset(&tree, 0, sizeof tree);
	rc = store_open(j->db_path, 0, &st, &err);
	if (rc == 0)
		rc = fetch_record(j, st, &rep, &children, &err);
	const char *id = rep.canonical[0] ? rep.canonical : j->model;
	int walked = 0;
	if (rc == 0 && j->kind == FETCH_CHILDREN && children != 0 && !j->cancel) {
		Progress p = {.report = tree_progress, .ctx = j};
		SyncOptions opt = {.progress = &p, .cancel = &j->cancel};
		set_progress(j, "children", 0, j->max_children);
		rc = sync_tree(st, j->client, id, 1, j->max_children, &opt, &tree, &err);
		walked = 1;
	}
	if (rc < 0 && j->cancel) {
		sb_printf(&msg, "fetching %s was cancelled", j->model);
	} else if (rc < 0) {
		sb_printf(&msg, "cannot fetch %s: %s", j->model, without_url(err.msg));
	} else {
		sb_printf(&msg, "fetched %s from the Hub: ", j->model);
		if (rep.cards)
			sb_puts(&msg, "card stored");
		else if (rep.cards_same)
			sb_puts(&msg, "card unchanged, kept");
		else if (rep.cards_gated)
			sb_puts(&msg, "its card is gated (accept its conditions on the Hub, then set HF_TOKEN)");
		else if (rep.cards_disabled || rep.cards_repo_gone || rep.cards_no_revision)
			sb_puts(&msg, "its card cannot be read (the repository is disabled, gone or has no main revision)");
		else if (rep.cards_not_text)
			sb_puts(&msg, "its card is not text; not stored");
		else if (rep.cards_too_large)
			sb_printf(&msg, "its card is larger than %zu MiB; not stored", CARD_MAX_BYTES >> 20);
		else
			sb_puts(&msg, "no card there");
		if (j->kind == FETCH_CHILDREN) {
			if (walked && tree.models)
				sb_printf(&msg, ", %lld child%s stored", (long long)tree.models, tree.models == 1 ? "" : "ren");
			else
				sb_puts(&msg, ", no children there");
			if (walked && tree.left_out)
				sb_printf(&msg, " (%lld left out: a record peat refuses)", (long long)tree.left_out);
		}
		if (rep.aliases)
			sb_printf(&msg, " (renamed: now %s)", id);
		/* Stored cards are scored as they are stored (cardsec.h). */
		if (store_cards_scored(st))
			sb_printf(&msg, ", %lld card%s scored", (long long)store_cards_scored(st),
				  store_cards_scored(st) == 1 ? "" : "s");
	}
	store_close(st);
	hub_client_free(j->client);
	j->client = NULL;
	pthread_mutex_lock(&j->mu);
	snprintf(j->message, sizeof j->message, "%s", sb_str(&msg));
	j->failed = rc < 0;
	j->finished = 1;
	pthread_mutex_unlock(&j->mu);
	sb_free(&msg);
	return NULL;
}

/* ---- the UI side ---- */

void fetch_init(Tui *t, int offline)
{
	struct Fetcher *f = xcalloc(1, sizeof *f);
	const char *endpoint = getenv("HF_ENDPOINT");
	f->off = t->demo || offline || hub_offline_requested() || !t->options_bool[OPT_FETCH] ||
		 (t->script && !(endpoint && *endpoint));
	f->db_path = xstrdup(store_path(t->store));
	t->fetcher = f;
}

static Rec *find_rec(struct Fetcher *f, const char *model)
{
	for (size_t i = 0; i < f->nrecs; i++)
		if (!strcmp(f->recs[i].model, model))
			return &f->recs[i];
	return NULL;
}

/* Is `model` a Hub model of the store? */
static int hub_model(Tui *t, const char *model)
{
	int64_t reg = store_find_registry(t->store, REGISTRY);
	return reg >= 0 && sync_valid_model_id(model) && store_find_model(t->store, reg, model) >= 0;
}

/* The store knows the model has no children (the Hub's counts, all zero). */
static int known_childless(Tui *t, const char *model)
{
	PeatErr err = {0};
	int64_t id = query_model(t->store, REGISTRY, model, &err);
	if (id < 0)
		return 0;
	return store_query_int(t->store,
			       "SELECT count(*) > 0 AND coalesce(sum(count), 0) = 0 FROM child_count WHERE model_id = ?1",
			       id, 0) != 0;
}

static void fail_rec(Rec *r, const char *why)
{
	StrBuf sb = {0};
	sb_printf(&sb, "cannot fetch %s: %s", r->model, why);
	free(r->error);
	r->error = sb_take(&sb);
	r->state = FETCH_FAILED;
}

/* Start queued fetches while there is room. */
static void start_queued(Tui *t)
{
	struct Fetcher *f = t->fetcher;
	while (f->running < FETCH_PARALLEL) {
		Rec *next = NULL;
		for (size_t i = 0; i < f->nrecs; i++) {
			Rec *r = &f->recs[i];
			if (r->state == FETCH_RUNNING && !r->job && (!next || r->seq < next->seq))
				next = r;
		}
		if (!next)
			return;
		PeatErr err = {0};
		HubClient *c;
		if (hub_client_new(&c, &err) < 0) {
			fail_rec(next, err.msg);
			tui_message(t, 1, "%s", next->error);
			continue;
		}
		hub_client_set_parallel(c, 4);
		Job *j = xcalloc(1, sizeof *j);
		snprintf(j->model, sizeof j->model, "%s", next->model);
		j->kind = next->kind;
		int page = t->options_int[OPT_LINEAGE_PAGE];
		j->max_children = page > 0 ? page : 200;
		j->db_path = f->db_path;
		j->client = c;
		hub_client_set_cancel(c, &j->cancel);
		snprintf(j->phase, sizeof j->phase, "card");
		j->total = 2;
		pthread_mutex_init(&j->mu, NULL);
		/* Signals stay with the UI thread: a worker started with every
		 * signal blocked never takes a SIGINT, SIGWINCH or SIGTSTP meant
		 * to wake the key wait. */
		sigset_t all, old;
		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		int started = pthread_create(&j->thread, NULL, job_main, j) == 0;
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		if (!started) {
			pthread_mutex_destroy(&j->mu);
			hub_client_free(c);
			free(j);
			fail_rec(next, "no thread could be started");
			tui_message(t, 1, "%s", next->error);
			continue;
		}
		next->job = j;
		f->running++;
	}
}

FetchState fetch_request(Tui *t, const char *model, FetchKind kind, int force)
{
	struct Fetcher *f = t->fetcher;
	if (!f || f->off || !hub_model(t, model))
		return FETCH_OFF;
	Rec *r = find_rec(f, model);
	if (r && r->state == FETCH_RUNNING) {
		if (kind > r->kind && !r->job)
			r->kind = kind; /* still queued: widen it */
		return FETCH_RUNNING;
	}
	if (r && r->kind >= kind && !force)
		return r->state;
	if (!force && kind == FETCH_CHILDREN && known_childless(t, model))
		return FETCH_NEEDLESS;
	if (!r) {
		f->recs = xrealloc(f->recs, (f->nrecs + 1) * sizeof *f->recs);
		r = &f->recs[f->nrecs++];
		memset(r, 0, sizeof *r);
		r->model = xstrdup(model);
	}
	if (kind > r->kind)
		r->kind = kind;
	free(r->error);
	r->error = NULL;
	r->state = FETCH_RUNNING;
	r->seq = ++f->seq;
	start_queued(t);
	return r->state;
}

const char *fetch_error(Tui *t, const char *model)
{
	struct Fetcher *f = t->fetcher;
	Rec *r = f ? find_rec(f, model) : NULL;
	return r && r->error ? r->error : "";
}

int fetch_fetched(Tui *t, const char *model)
{
	struct Fetcher *f = t->fetcher;
	Rec *r = f ? find_rec(f, model) : NULL;
	return r && r->state == FETCH_DONE;
}

int fetch_busy(Tui *t)
{
	struct Fetcher *f = t->fetcher;
	if (!f)
		return 0;
	for (size_t i = 0; i < f->nrecs; i++)
		if (f->recs[i].state == FETCH_RUNNING)
			return 1;
	return 0;
}

/* The model a view is about, for reloading it: the one its ops name (a
 * card's, a lineage's), else the selected row's. */
static const char *view_subject(View *v, char *buf, size_t n)
{
	if (v->ops->model)
		return v->ops->model(v);
	size_t rows = v->ops->rows ? v->ops->rows(v) : 0;
	if (!v->ops->row_model || v->cursor >= rows)
		return NULL;
	return v->ops->row_model(v, v->cursor, buf, n);
}

/* Reload every view in the stack that shows `model`. */
static void reload_views(Tui *t, const char *model)
{
	for (View *v = t->view; v; v = v->parent) {
		char buf[512];
		const char *subject = view_subject(v, buf, sizeof buf);
		if (!subject || strcmp(subject, model) != 0 || !v->ops->load)
			continue;
		char keep[sizeof t->status];
		int keep_error = t->status_is_error;
		snprintf(keep, sizeof keep, "%s", t->status);
		v->ops->load(v, t);
		view_clamp(v);
		/* The fetch's own message says more than a reload's. */
		snprintf(t->status, sizeof t->status, "%s", keep);
		t->status_is_error = keep_error;
	}
}

/* Join a finished job and record its result; returns 1 when it failed. */
static int collect(Tui *t, Rec *r)
{
	struct Fetcher *f = t->fetcher;
	Job *j = r->job;
	pthread_join(j->thread, NULL);
	pthread_mutex_destroy(&j->mu);
	r->job = NULL;
	f->running--;
	if (j->failed) {
		free(r->error);
		r->error = xstrdup(j->message);
		r->state = FETCH_FAILED;
	} else {
		r->state = FETCH_DONE;
	}
	int failed = j->failed;
	tui_message(t, failed, "%s", j->message);
	free(j);
	return failed;
}

/* The progress of the newest running fetch, with how many more run. */
static void progress_text(struct Fetcher *f, char *buf, size_t n)
{
	Rec *newest = NULL;
	int others = -1;
	buf[0] = '\0';
	for (size_t i = 0; i < f->nrecs; i++) {
		Rec *r = &f->recs[i];
		if (r->state != FETCH_RUNNING)
			continue;
		others++;
		if (!newest || (r->job && (!newest->job || r->seq > newest->seq)))
			newest = r;
	}
	if (!newest)
		return;
	if (!newest->job) {
		snprintf(buf, n, "fetching %s: waiting for another fetch to end", newest->model);
	} else {
		Job *j = newest->job;
		pthread_mutex_lock(&j->mu);
		if (!strcmp(j->phase, "card"))
			snprintf(buf, n, "fetching %s: card… %lld of %lld requests", newest->model, (long long)j->done,
				 (long long)j->total);
		else if (!strcmp(j->phase, "children"))
			snprintf(buf, n, "fetching %s: children… %lld found", newest->model, (long long)j->done);
		else
			snprintf(buf, n, "fetching %s: %s…", newest->model, j->phase[0] ? j->phase : "starting");
		pthread_mutex_unlock(&j->mu);
	}
	if (others > 0)
		snprintf(buf + strlen(buf), n - strlen(buf), " (and %d more)", others);
}

int fetch_poll(Tui *t)
{
	struct Fetcher *f = t->fetcher;
	int redraw = 0, posted_error = 0;
	if (!f || f->off)
		return 0;
	for (size_t i = 0; i < f->nrecs; i++) {
		Rec *r = &f->recs[i];
		if (!r->job)
			continue;
		pthread_mutex_lock(&r->job->mu);
		int finished = r->job->finished;
		pthread_mutex_unlock(&r->job->mu);
		if (!finished)
			continue;
		char keep[sizeof t->status];
		snprintf(keep, sizeof keep, "%s", t->status);
		int failed = collect(t, r);
		if (posted_error && !failed) {
			/* An error said in this round stays on the line. */
			snprintf(t->status, sizeof t->status, "%s", keep);
			t->status_is_error = 1;
		}
		posted_error |= failed;
		reload_views(t, r->model);
		f->shown[0] = '\0';
		redraw = 1;
	}
	start_queued(t);
	/* Progress goes where nothing else is said. */
	if (!t->status[0] || (f->shown[0] && !strcmp(t->status, f->shown))) {
		char now[sizeof f->shown];
		progress_text(f, now, sizeof now);
		if (strcmp(now, t->status) != 0) {
			snprintf(t->status, sizeof t->status, "%s", now);
			t->status_is_error = 0;
			redraw = 1;
		}
		snprintf(f->shown, sizeof f->shown, "%s", now);
	}
	return redraw;
}

int fetch_wait_idle(Tui *t, long max_ms, volatile sig_atomic_t *stop)
{
	int redraw = 0;
	for (long waited = 0; waited < max_ms && fetch_busy(t) && !(stop && *stop); waited += 10) {
		redraw |= fetch_poll(t);
		struct timespec ts = {0, 10 * 1000000L};
		nanosleep(&ts, NULL);
	}
	return redraw | fetch_poll(t);
}

int fetch_model_key(Tui *t)
{
	View *v = t->view;
	struct Fetcher *f = t->fetcher;
	char buf[512];
	/* The selected row's model, else the one the whole view is about (a
	 * card's); a row that is no model (a "more" row) has none. */
	const char *model = NULL;
	size_t rows = v && v->ops->rows ? v->ops->rows(v) : 0;
	if (v && v->ops->row_model && v->cursor < rows)
		model = v->ops->row_model(v, v->cursor, buf, sizeof buf);
	else if (v && v->ops->model)
		model = v->ops->model(v);
	if (!model) {
		tui_message(t, 0, "fetch-model: no model on this row");
		return CHANGED_VIEW;
	}
	if (!f || f->off) {
		if (t->demo)
			tui_message(t, 1, "the demo store is not fetched from the Hub");
		else if (t->options_bool[OPT_FETCH] == 0)
			tui_message(t, 1, "fetching is off (set fetch no): `peat sync model %s` fetches it", model);
		else
			tui_message(t, 1, "offline: %s is not fetched from the Hub", model);
		return CHANGED_VIEW;
	}
	FetchKind kind = v->ops->fetches_children ? FETCH_CHILDREN : FETCH_CARD;
	Rec *r = find_rec(f, model);
	if (r && r->state == FETCH_RUNNING) {
		tui_message(t, 0, "already fetching %s", model);
		return CHANGED_VIEW;
	}
	if (fetch_request(t, model, kind, 1) == FETCH_OFF) {
		tui_message(t, 1, "%s is not a Hugging Face Hub model of the store: nothing to fetch", model);
		return CHANGED_VIEW;
	}
	/* Views of the model say it is being fetched again. */
	reload_views(t, model);
	f->shown[0] = '\0';
	t->status[0] = '\0';
	fetch_poll(t);
	return CHANGED_VIEW;
}

void fetch_shutdown(Tui *t)
{
	struct Fetcher *f = t->fetcher;
	if (!f)
		return;
	for (size_t i = 0; i < f->nrecs; i++)
		if (f->recs[i].job)
			f->recs[i].job->cancel = 1;
	for (size_t i = 0; i < f->nrecs; i++) {
		Job *j = f->recs[i].job;
		if (j) {
			pthread_join(j->thread, NULL);
			pthread_mutex_destroy(&j->mu);
			free(j);
		}
		free(f->recs[i].model);
		free(f->recs[i].error);
	}
	free(f->recs);
	free(f->db_path);
	free(f);
	t->fetcher = NULL;
}
