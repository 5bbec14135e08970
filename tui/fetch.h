/* SPDX-License-Identifier: MIT */
/* fetch.h - the explorer's background fetcher: a model's record and card,
 * or its children, from the Hugging Face Hub into the store while keys and
 * drawing go on.
 *
 * Design: one worker thread per fetch (pthread), at most FETCH_PARALLEL at
 * once; more requests wait in a queue. A worker owns everything it touches:
 * its own HubClient (made on the UI thread before the worker starts, so
 * libcurl's global set-up never runs on two threads at once, then handed
 * over) and its own read-write Store connection on the same file (WAL lets
 * the UI's connection read meanwhile; the UI may have opened the store
 * read-only). The UI thread never waits on the network or on a write: it
 * polls the workers (fetch_poll) from the main loop, which reads keys with
 * a short timeout only while fetches are in flight, so an idle explorer
 * does not spin. A worker publishes its progress and its result under its
 * mutex; nothing else is shared.
 *
 * What a fetch does:
 *   FETCH_CARD      the model's record (parents, children counts) and its
 *                   card, revalidated with the stored ETag (a 304 keeps it);
 *                   both requests run at once and are written by
 *                   sync_model_store in one transaction. A rename whose
 *                   redirect drops the query falls back to sync_model.
 *   FETCH_CHILDREN  FETCH_CARD, then, when the Hub counts children, the
 *                   children one level down (sync_tree, depth 1, at most
 *                   the lineage-page option), one transaction per page.
 * A quit cancels the workers through their clients' cancel flags and joins
 * them: a transfer in flight is aborted, and since every write is one
 * transaction the store is never half-written.
 *
 * When the fetcher stays off (fetch_request answers FETCH_OFF): the demo
 * store; offline (HF_HUB_OFFLINE or `peat --offline`); `set fetch no`; a
 * model outside the hf registry or whose name is no Hub id; and a key
 * script (tests) run without HF_ENDPOINT, so that no test ever reaches the
 * real Hub.
 *
 * A model is fetched at most once per session unless forced (the
 * fetch-model key): asking again while it runs or after it ran answers with
 * its state. Call order: fetch_init once the store is open, then
 * fetch_request / fetch_poll / fetch_model_key from the UI
 * thread only, and fetch_shutdown before the store is closed. */
#ifndef PEAT_TUI_FETCH_H
#define PEAT_TUI_FETCH_H

#include <signal.h>

#include "tui.h"

enum { FETCH_PARALLEL = 3 };

typedef enum {
	FETCH_CARD,     /* record and card */
	FETCH_CHILDREN, /* record, card and the children one level down */
} FetchKind;

typedef enum {
	FETCH_OFF,     /* not fetched and will not be (see above) */
	FETCH_NEEDLESS, /* the store already says what a fetch would (no children) */
	FETCH_RUNNING, /* queued or in flight */
	FETCH_DONE,    /* fetched in this session */
	FETCH_FAILED,  /* tried in this session and failed (fetch_error says why) */
} FetchState;

/* Set up the fetcher for t->store; `offline` is the --offline flag. Reads
 * HF_HUB_OFFLINE, t->demo, the fetch option and whether a key script runs. */
void fetch_init(Tui *t, int offline);
/* Cancel every fetch, wait for the workers to end, free the fetcher. */
void fetch_shutdown(Tui *t);

/* Ask for `model` (a name in the store) to be fetched; `force` fetches
 * again what was fetched or is stored already. Returns the model's state
 * afterwards: FETCH_RUNNING when a fetch is queued or in flight. */
FetchState fetch_request(Tui *t, const char *model, FetchKind kind, int force);
/* Why the last fetch of `model` failed, or "". */
const char *fetch_error(Tui *t, const char *model);
/* Whether `model` was fetched in this session: what it wrote is in the
 * day's live snapshot (sync.c), which its views then show, saying so. */
int fetch_fetched(Tui *t, const char *model);
/* Fetches queued or in flight. */
int fetch_busy(Tui *t);

/* Collect finished fetches: post each result on the status line (errors as
 * errors) and reload the views showing that model; while fetches run, show
 * their progress on the status line unless it holds another message.
 * Returns 1 when the screen needs drawing. */
int fetch_poll(Tui *t);
/* Wait (polling) until no fetch is in flight, at most max_ms; for the key
 * script's :wait-idle. Returns 1 when the screen needs drawing. */
int fetch_wait_idle(Tui *t, long max_ms, volatile sig_atomic_t *stop);

/* The fetch-model action: fetch the current view's model (the selected
 * row's) again, forced; in the lineage view with its children. */
int fetch_model_key(Tui *t);

#endif
