/* SPDX-License-Identifier: MIT */
/* hub.h - an HTTP client for the Hugging Face Hub API, over libcurl.
 *
 * One HubClient holds the settings read from the environment and one curl
 * multi handle, so every request shares its connection pool (keep-alive) and
 * several can run at once. Requests are submitted, driven by hub_step(), and
 * collected as HubResponse values with hub_take(); hub_get() does all three
 * for one request and blocks until it is answered.
 *
 * Environment (read once by hub_client_new):
 *   HF_ENDPOINT      base URL, default https://huggingface.co (a trailing
 *                    slash is dropped)
 *   HF_TOKEN         access token; else the file $HF_HOME/token (HF_HOME
 *                    defaults to ~/.cache/huggingface). Sent as
 *                    "Authorization: Bearer ..." with requests under the
 *                    endpoint only (hub_url_is_ours): never with a redirect
 *                    elsewhere. The token is never printed, logged or
 *                    stored: messages name URLs and header names, never
 *                    header values.
 *   HF_HUB_OFFLINE   1/true/yes/on: no network at all; hub_client_new fails.
 *   PEAT_HTTP_TIMEOUT  seconds a transfer may receive less than 100 bytes a
 *                    second (a stall, or a body dribbled out) before it
 *                    fails and is retried; default 30.
 *   PEAT_HTTP_MAX_BODY  MiB a response body may hold (1 to 4096, default
 *                    32), as sent (a larger Content-Length is refused before
 *                    the body) and once inflated (gzip): a transfer past it
 *                    is stopped and fails, not retried, with a message
 *                    saying how much came and how to raise the cap. The
 *                    transfers running at once hold at most twice the cap
 *                    together (past it, the one whose body would pass it
 *                    fails the same way). So endless bodies and gzip bombs
 *                    cost at most twice this much memory.
 *
 * Every request sends "User-Agent: peat/VERSION" and fails a connection
 * attempt after 10 s. Redirects are followed by hand, at most 10, each
 * target checked first: one to config.json through /resolve/ is refused,
 * one to another host is followed without the token. The final URL is
 * reported, so a 307 rename is visible. Requests are retried on 408, 429,
 * 5xx and transient network errors (refused or reset connections,
 * truncated bodies, stalls) up to 5 tries. The wait before a retry is the
 * server's Retry-After (seconds or an HTTP date) or the t= of its
 * RateLimit header ("api";r=0;t=55) when given, else 1 s doubling to 8 s;
 * any wait is capped at 300 s (the Hub's rate-limit window). A 429 holds
 * every request of the client until its wait is over (the Hub counts them
 * all); otherwise waiting never blocks other requests: a request waiting
 * to retry simply is not started yet. An observer (hub_client_set_observer)
 * hears of every retry as it is scheduled, and of every hub_step, so a
 * display can show waits as they happen.
 *
 * Errors: a request that fails (any status other than 2xx and 304, after
 * the retries) carries a complete message in resp->err naming the URL, what
 * the Hub said in words (X-Error-Code: RepoNotFound, GatedRepo,
 * EntryNotFound, RevisionNotFound, ...; or the HTTP status), and what to do.
 *
 * Safety: hub.c refuses any URL that fetches config.json through /resolve/
 * (the Hub counts that as a download of the model), whether peat asks for
 * it or a redirect leads there.
 *
 * Threads: a HubClient and its responses belong to one thread. A background
 * thread makes its own client (and its own Store connection). The first
 * hub_client_new() opens libcurl (peat is not linked with it: curl_dl.h)
 * and initialises it globally; make that call on the main thread before
 * other threads start (the explorer does, tui/fetch.h). It fails with a
 * message naming the Debian package when libcurl cannot be loaded.
 *
 * Cancellation: hub_client_set_cancel() gives a flag (set from a signal
 * handler); once it is non-zero, transfers in flight are aborted, nothing
 * new starts, and unfinished requests complete as failures whose message
 * says the sync was interrupted (resp->cancelled = 1). */
#ifndef PEAT_HUB_H
#define PEAT_HUB_H

#include <signal.h>
#include <stdint.h>
#include <time.h>

#include "error.h"
#include "strbuf.h"

typedef struct HubClient HubClient;

typedef struct HubResponse {
	long status;          /* the last HTTP status; 0 when none was received */
	StrBuf body;          /* the body of the last answer (empty for 304) */
	char *url;            /* the URL as submitted */
	char *final_url;      /* after redirects (== url when none) */
	int redirected;       /* 1 when a redirect was followed */
	char *next_url;       /* Link: <...>; rel="next", absolute; NULL on the last page */
	char *etag;           /* ETag, NULL when absent */
	char *revision;       /* X-Repo-Commit, NULL when absent */
	char *error_code;     /* X-Error-Code, NULL when absent */
	int tries;            /* tries made, retries included (redirects are not tries) */
	int failed;           /* 1 when err holds why the request failed */
	int cancelled;        /* 1 when it failed because the cancel flag was set */
	int permanent;        /* 1 when asking again would fail the same way: a 4xx
			       * other than 408 and 429, or a URL peat refuses */
	PeatErr err;
	void *user;           /* as given to hub_submit */
} HubResponse;

/* 1 when HF_HUB_OFFLINE asks for no network. */
int hub_offline_requested(void);

/* Read the environment and set up the client. Fails (returns -1, err set)
 * when HF_HUB_OFFLINE is set or HF_ENDPOINT is not an http(s) URL. */
int hub_client_new(HubClient **out, PeatErr *err);
void hub_client_free(HubClient *c);

/* Bytes a response body may hold (PEAT_HTTP_MAX_BODY). */
size_t hub_max_body(const HubClient *c);

/* The base URL, without a trailing slash. */
const char *hub_endpoint(const HubClient *c);
/* At most this many transfers run at once (default 6, clamped to 1..16). */
void hub_client_set_parallel(HubClient *c, int n);
void hub_client_set_cancel(HubClient *c, volatile sig_atomic_t *flag);
/* Retries made so far by this client (for progress displays). */
int64_t hub_retries(const HubClient *c);
/* Requests answered so far (each try and each redirect counts). */
int64_t hub_requests(const HubClient *c);

/* A retry just scheduled, as an observer hears of it. The strings live
 * until the callback returns. */
typedef struct HubRetry {
	const char *url;        /* the request, as messages name it (hub_url_for_message) */
	long status;            /* the HTTP status retried; 0 for a network error */
	const char *what;       /* "rate limited (HTTP 429)", "HTTP 503", curl's words */
	double wait_s;          /* seconds before the next try (capped at 300) */
	double asked_s;         /* what the server asked, before the cap; -1 when it did not */
	const char *wait_from;  /* "Retry-After" or "RateLimit" when the server set
				 * the wait, NULL for the client's own backoff */
	int next_try, max_tries;
	int pauses_client;      /* 1 for a rate limit: every request waits with it */
} HubRetry;

/* Callbacks for displays, called on the client's thread from hub_step (so
 * from hub_get too). Either may be NULL. They must not call the client. */
typedef struct HubObserver {
	void (*retry)(void *ctx, const HubRetry *r); /* a retry was scheduled */
	void (*tick)(void *ctx);                      /* hub_step ran: at least once a
						       * second while the client waits */
	void *ctx;
} HubObserver;
/* Install `obs` (copied; NULL removes it); *previous (may be NULL) gets the
 * one it replaces, to be put back afterwards. */
void hub_client_set_observer(HubClient *c, const HubObserver *obs, HubObserver *previous);
/* Seconds until the client starts its next request when nothing runs and
 * every request left waits to be retried (0 otherwise); *why (may be NULL)
 * gets a few words on the last retry ("rate limited", "HTTP 503"). */
double hub_wait_left(const HubClient *c, const char **why);

/* Queue a GET of `url`. if_none_match (may be NULL) is sent as
 * If-None-Match; a 304 answer is then a success with an empty body. `user`
 * comes back in the response. The strings are copied. */
void hub_submit(HubClient *c, const char *url, const char *if_none_match, void *user);
/* Drive the transfers: start queued ones (and retries whose wait is over),
 * move data, and wait for activity at most timeout_ms (0 = do not wait).
 * Returns the number of requests not yet taken (queued, waiting, running or
 * finished but not taken). */
int hub_step(HubClient *c, int timeout_ms);
/* The next finished request (in completion order), or NULL. The caller
 * frees it with hub_response_free. */
HubResponse *hub_take(HubClient *c);
void hub_response_free(HubResponse *r);
/* Forget every request not taken yet (queued, waiting, running or
 * finished), for a caller that stops early and wants none of the answers. */
void hub_cancel_all(HubClient *c);

/* Submit one request and drive the client until it is answered; other
 * requests submitted earlier keep running meanwhile and stay available to
 * hub_take. Returns 0 with *out set (2xx or 304), or -1 with err set (a copy
 * of the response's message) and *out still set for inspection (status,
 * error_code); the caller frees *out either way. */
int hub_get(HubClient *c, const char *url, const char *if_none_match, HubResponse **out, PeatErr *err);

/* 1 when `url` lies under the endpoint ("{endpoint}/..."). Pagination
 * links are followed only then: the token goes with every request peat
 * makes itself, so a link elsewhere must not be fetched. */
int hub_url_is_ours(const HubClient *c, const char *url);

/* Build "{endpoint}{path}" with query parameters appended, each value
 * URL-encoded: params is a list of name, value pairs ending with NULL
 * ("filter", "base_model:finetune:org/x", "limit", "100", NULL). path
 * starts with '/' and is used as given (model ids are valid URL paths).
 * Returns a heap string. */
char *hub_url(const HubClient *c, const char *path, const char *const *params);

/* Seconds a Retry-After value asks to wait at time `now`: a number of
 * seconds, or an HTTP date (as curl_getdate reads it; a date past is 0).
 * -1 when the value is neither. */
double hub_retry_after_seconds(const char *value, time_t now);

/* A request's URL as error messages name it: its expand= parameters (a
 * dozen on every model request) left out, the rest kept. Heap string. */
char *hub_url_for_message(const char *url);

#endif
