/* SPDX-License-Identifier: MIT */
/* sync.h - the Hub, live, into the store (`peat sync`).
 *
 * Four kinds of sync, each cut into units of work that are one transaction
 * each, so the store is never half-written: whatever stops a sync (an
 * error after the client's retries, the cancel flag set by Ctrl-C, a kill)
 * leaves every finished unit stored and the rest untouched.
 *
 *   sync_top     the top N models by downloads, likes or trending score into
 *                a new dated snapshot (unit: one listing page)
 *   sync_model   one model: its record (parents via expand=baseModels, else
 *                its tags, else cardData), its children counts by relation
 *                (expand=childrenModelCount), its card revalidated with its
 *                ETag (unit: the model)
 *   sync_tree    a model's descendants, breadth first, relation by relation
 *                through filter=base_model:<relation>:<id> listings; every
 *                edge a listing gives is stored with source 'api', even one
 *                known before from tags (unit: one listing page)
 *   sync_cards   the cards of a snapshot's models, several at once (unit: a
 *                batch of cards)
 *
 * Resuming: every kind records where it is in the sync_state and sync_item
 * tables inside each unit's transaction (tree: the level, the models met,
 * the level's listings and each one's next page; see sync.c). With
 * opt->resume they continue from there; the finished result equals an
 * uninterrupted sync. A resume goes on only under the client's endpoint:
 * a state saved against another Hub is refused before any request (the
 * token goes with every request). When a sync stops early, rep->stopped
 * says where and how to continue ("stopped after 600 of 1000 models; run
 * `peat sync top --resume` to continue") and the function returns -1 with
 * err set; a failure that asking again cannot change (RepoNotFound, a
 * gated model) is not left to --resume.
 *
 * Records that break the rule for untrusted text (untrusted.h: an id,
 * author, tag, ... holding a control or bidirectional control): asking
 * again would give the same record, so a listing page (top, tree) leaves
 * such a model out, stores the rest of the page and goes on, naming it in
 * rep->left_out_why; sync_model fails for it with rep->permanent set. (A
 * file import refuses the file instead: it is one transaction.)
 *
 * Interrupted syncs: a snapshot of sync_top is marked partial (snapshot.
 * partial) until the page that completes it, so an interrupted one never
 * passes for a whole ranking. A new sync_top while one is interrupted is
 * refused unless spec->abandon says to forget it (its snapshot stays,
 * partial). Starting a model, tree or cards sync anew forgets the
 * interrupted one of that kind, and rep->note says so.
 *
 * Cards: only a missing file (EntryNotFound, or a 404 naming no error) is
 * "no card". Gated, disabled, deleted repositories and missing revisions
 * are counted by reason, and so are cards peat does not store: not text,
 * or larger than CARD_MAX_BYTES (rep->note names the last, with its
 * size); a refused token (401 or 403 naming no such reason) stops the
 * sync, keeping what was complete.
 *
 * Threads: every function uses only the Store and HubClient it is given,
 * so a background thread (the TUI's fetcher) runs sync_model() with its own
 * Store connection (store_open on the same file; WAL lets the UI read
 * meanwhile) and its own HubClient. The client's cancel flag stops it.
 * For a non-blocking fetch without threads, use the HubClient directly:
 * hub_submit(sync_model_info_url()...), then hub_step(c, 0) from the UI
 * loop, and sync_model_store() with the responses as they arrive.
 *
 * Live snapshots: sync_model, sync_tree and sync_cards (and so the TUI's
 * fetches) write into the day's live snapshot, "hf-live-YYYY-MM-DD" (UTC;
 * found or made in each unit's transaction, source the Hub's endpoint,
 * measure none, no numbers; rep->live names it), never into a snapshot
 * imported from a file; sync_top makes a ranking snapshot of its own.
 * query.h says how readers tell a live snapshot and when they read it.
 *
 * Every sync is logged with store_log_import (format "hub-api", the URL of
 * the first request as its source). */
#ifndef PEAT_SYNC_H
#define PEAT_SYNC_H

#include <signal.h>
#include <stdint.h>

#include "error.h"
#include "hub.h"
#include "progress.h"
#include "store.h"

typedef struct SyncOptions {
	const Progress *progress;      /* may be NULL */
	volatile sig_atomic_t *cancel; /* may be NULL; non-zero stops at the next unit */
	int resume;                    /* continue the interrupted sync of this kind */
} SyncOptions;

typedef enum {
	SYNC_BY_DOWNLOADS, /* sort=downloads: the last 30 days (measure downloads_30d) */
	SYNC_BY_LIKES,     /* sort=likes (measure likes) */
	SYNC_BY_TRENDING,  /* sort=trendingScore (measure trending) */
	SYNC_BY_COUNT
} SyncRanking;

/* "downloads", "likes", "trending"; parse returns -1 for another word. */
const char *sync_ranking_name(SyncRanking by);
int sync_ranking_parse(const char *s, SyncRanking *out);

typedef struct SyncReport {
	int64_t pages;          /* listing pages stored */
	int64_t models;         /* model records stored */
	int64_t edges;          /* lineage edges written */
	int64_t cards;          /* cards stored (new or changed) */
	int64_t cards_same;     /* cards revalidated unchanged (304) */
	int64_t cards_none;     /* models without a card (EntryNotFound) */
	int64_t cards_gated;    /* cards not readable: GatedRepo */
	int64_t cards_disabled; /* DisabledRepo */
	int64_t cards_repo_gone;    /* RepoNotFound (deleted, or private) */
	int64_t cards_no_revision;  /* RevisionNotFound (no main branch) */
	int64_t cards_not_text;     /* a card neither UTF-8 nor UTF-16: not stored */
	int64_t cards_too_large;    /* a card over CARD_MAX_BYTES (cardsec.h): not stored */
	int64_t aliases;        /* renames recorded */
	int64_t merged;         /* renames whose old id had a row of its own, merged
				 * into the canonical one (store_merge_model) */
	int64_t goal;           /* how many were asked for (top, tree, cards) */
	int64_t retries;        /* HTTP retries made */
	int permanent;          /* sync_model failed in a way asking again cannot change */
	int64_t left_out;       /* listed models left out: their record breaks the rule
				 * for untrusted text (see above), so they are not stored */
	char left_out_why[4096]; /* the first of them, a line each: "ID (item N of
				  * URL): why", the id and the text in their visible form */
	char label[128];        /* the snapshot written or read */
	char live[128];         /* model, tree, cards: the live snapshot written
				 * ("hf-live-YYYY-MM-DD", sync.c), "" when none */
	char canonical[256];    /* sync_model: the id the Hub gave (after a rename) */
	char stopped[512];      /* when stopped early: where, and how to continue */
	char note[512];         /* something worth saying that is not an error */
} SyncReport;

typedef struct SyncTopSpec {
	SyncRanking by;
	int64_t n;              /* how many models (default 1000) */
	const char *label;      /* NULL: "hf-top-<by>-<YYYY-MM-DD>" */
	int abandon;            /* forget an interrupted sync_top (its snapshot stays, partial) */
} SyncTopSpec;

int sync_top(Store *st, HubClient *c, const SyncTopSpec *spec, const SyncOptions *opt, SyncReport *rep,
	     PeatErr *err);

/* One model, in one transaction: its record, aliases, parents, children
 * counts and card. A 307 rename is followed: the model is stored under the
 * canonical id and `id` is kept as its alias; when the store already had a
 * row under `id` (an import from before the rename), that row is merged
 * into the canonical one (store_merge_model; rep->merged counts it).
 * sync_cards does the same when a card's URL answers with a rename. */
int sync_model(Store *st, HubClient *c, const char *id, SyncReport *rep, PeatErr *err);

/* Several models, each one unit; resumable. */
int sync_models(Store *st, HubClient *c, const char *const *ids, size_t n, const SyncOptions *opt,
		SyncReport *rep, PeatErr *err);

/* Descendants of `root` down to `depth` levels (>= 1), at most `max`
 * models (> 0). With opt->resume, root, depth and max are ignored (root
 * may be NULL): the interrupted walk continues with its own, and
 * listings already stored are not asked for again. */
int sync_tree(Store *st, HubClient *c, const char *root, int depth, int64_t max, const SyncOptions *opt,
	      SyncReport *rep, PeatErr *err);

/* The cards of the first `top` models (0 = all) of snapshot `label` (NULL:
 * the newest snapshot of the hf registry), ranked by rank, then downloads.
 * Several are fetched at once; each card is revalidated with its stored
 * ETag. Models without a card are counted in rep->cards_none, unreadable
 * ones by reason (cards_gated, ...); a refused token stops the sync. */
int sync_cards(Store *st, HubClient *c, const char *label, int64_t top, const SyncOptions *opt, SyncReport *rep,
	       PeatErr *err);

/* ---- building blocks for a non-blocking fetch of one model ----
 * sync_model_info_url / sync_card_url give the URLs to hub_submit (heap
 * strings); sync_model_store writes the answers in one transaction of its
 * own: info is the model-info response (required), card the card response
 * or NULL (a failed card response with EntryNotFound means "no card"). */
char *sync_model_info_url(const HubClient *c, const char *id);
char *sync_card_url(const HubClient *c, const char *id);
int sync_model_store(Store *st, const char *requested_id, const HubResponse *info, const HubResponse *card,
		     SyncReport *rep, PeatErr *err);

/* A model id as the Hub writes them: "org/name" or a legacy "name", of
 * letters, digits and - _ . only. Anything else is refused before it
 * reaches a URL. */
int sync_valid_model_id(const char *id);

#endif
