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
 *                    "Authorization: Bearer ..." to the endpoint's host only
 *                    (curl drops it on redirects to other hosts). The token
 *                    is never printed, logged or stored: messages name URLs
 *                    and header names, never header values.
 *   HF_HUB_OFFLINE   1/true/yes/on: no network at all; hub_client_new fails.
 *   PEAT_HTTP_TIMEOUT  seconds a transfer may stall (no byte received)
 *                    before it fails and is retried; default 30.
 *
 * Every request sends "User-Agent: peat/VERSION", follows redirects (the
 * final URL is reported, so a 307 rename is visible), fails a connection
 * attempt after 10 s, and is retried on 408, 429, 5xx and transient network
 * errors (refused or reset connections, truncated bodies, stalls) up to 5
 * tries. The wait before a retry is the server's Retry-After (seconds) or
 * the t= of its RateLimit header ("api";r=0;t=55) when given, else 1 s
 * doubling to 8 s; any wait is capped at 60 s. Waiting never blocks other
 * requests: a request waiting to retry simply is not started yet.
 *
 * Errors: a request that fails (any status other than 2xx and 304, after
 * the retries) carries a complete message in resp->err naming the URL, what
 * the Hub said in words (X-Error-Code: RepoNotFound, GatedRepo,
 * EntryNotFound, RevisionNotFound, ...; or the HTTP status), and what to do.
 *
 * Safety: hub.c refuses any URL that fetches config.json through /resolve/
 * (the Hub counts that as a download of the model).
 *
 * Threads: a HubClient and its responses belong to one thread. A background
 * thread makes its own client (and its own Store connection). The first
 * hub_client_new() initialises libcurl globally; Debian's libcurl (7.84 or
 * newer) makes that thread-safe, older ones need it called once on the main
 * thread before other threads start.
 *
 * Cancellation: hub_client_set_cancel() gives a flag (set from a signal
 * handler); once it is non-zero, transfers in flight are aborted, nothing
 * new starts, and unfinished requests complete as failures whose message
 * says the sync was interrupted (resp->cancelled = 1). */
#ifndef PEAT_HUB_H
#define PEAT_HUB_H

#include <signal.h>
#include <stdint.h>

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
	int tries;            /* requests made, retries included */
	int failed;           /* 1 when err holds why the request failed */
	int cancelled;        /* 1 when it failed because the cancel flag was set */
	PeatErr err;
	void *user;           /* as given to hub_submit */
} HubResponse;

/* 1 when HF_HUB_OFFLINE asks for no network. */
int hub_offline_requested(void);

/* Read the environment and set up the client. Fails (returns -1, err set)
 * when HF_HUB_OFFLINE is set or HF_ENDPOINT is not an http(s) URL. */
int hub_client_new(HubClient **out, PeatErr *err);
void hub_client_free(HubClient *c);

/* The base URL, without a trailing slash. */
const char *hub_endpoint(const HubClient *c);
/* At most this many transfers run at once (default 6, clamped to 1..16). */
void hub_client_set_parallel(HubClient *c, int n);
void hub_client_set_cancel(HubClient *c, volatile sig_atomic_t *flag);
/* Retries made so far by this client (for progress displays). */
int64_t hub_retries(const HubClient *c);
/* Requests answered so far (each try counts). */
int64_t hub_requests(const HubClient *c);

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

/* A request's URL as error messages name it: its expand= parameters (a
 * dozen on every model request) left out, the rest kept. Heap string. */
char *hub_url_for_message(const char *url);

#endif
