/* SPDX-License-Identifier: MIT */
/* hub.c - the Hub HTTP client: a queue of GET requests driven by one curl
 * multi handle, with retries scheduled by time instead of sleeps. */
#include "hub.h"

#include "curl_dl.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "text.h"
#include "untrusted.h"

#define HUB_DEFAULT_ENDPOINT "https://huggingface.co"
#define HUB_MAX_TRIES 5
/* The Hub's rate-limit windows last 5 minutes: a longer wait than one
 * window is never needed, and anything asking for more is not trusted. */
#define HUB_MAX_WAIT_S 300.0
#define HUB_CONNECT_TIMEOUT_S 10L
#define HUB_DEFAULT_STALL_S 30L
/* Below this many bytes a second for the stall time, a transfer is given up
 * and retried: a body dribbled a few bytes at a time is as good as stalled. */
#define HUB_LOW_SPEED_BYTES 100L
#define HUB_MAX_REDIRECTS 10
/* The most a response body may hold, as sent and once inflated: the Hub's
 * largest answers are well under a megabyte (a 600 KB card, a 550 KB model
 * record, a 1000-model listing page of a few MB), and a body past this is
 * a server gone wrong or hostile (an endless body, a gzip bomb). */
#define HUB_DEFAULT_MAX_BODY_MIB 32L
#define HUB_MAX_BODY_LIMIT_MIB 4096L
#define HUB_DEFAULT_PARALLEL 6

typedef struct Req {
	HubResponse *resp;
	char *if_none_match;
	char *current;           /* where the request goes: its URL, or where redirects led */
	int hops;                /* redirects followed */
	CURL *easy;              /* while running */
	struct curl_slist *headers;
	double not_before;       /* monotonic seconds: do not start before */
	struct Req *next;        /* in the queue */
	HubClient *client;       /* for the body callback */
	int too_big;             /* 1: the body passed max_body, 2: the bodies being read
				  * together passed max_buffered; the transfer was stopped */
	char errbuf[CURL_ERROR_SIZE];
} Req;

struct HubClient {
	char *endpoint;
	char *token;             /* never printed */
	char *user_agent;
	long stall_s;
	size_t max_body;         /* bytes a body may hold, inflated (PEAT_HTTP_MAX_BODY) */
	size_t max_buffered;     /* bytes the running transfers may hold together */
	size_t buffered;         /* bytes they hold */
	int parallel;
	CURLM *multi;
	Req *queue, *queue_tail; /* not started: new, or waiting to retry */
	int running;
	Req **active;            /* running requests, for cleanup */
	size_t cap_active;
	HubResponse **done;      /* finished, not taken: a ring would do, a list is simpler */
	size_t ndone, cap_done, done_head;
	CURL **idle;             /* easy handles to reuse */
	size_t nidle, cap_idle;
	int pending;
	volatile sig_atomic_t *cancel;
	int64_t retries, requests;
	double paused_until;     /* monotonic seconds: a rate limit holds every request until then */
	char wait_why[64];       /* why the last retry waits, for hub_wait_left */
	HubObserver observer;
};

/* libcurl's functions (curl_dl.h), set by the first hub_client_new: every
 * other function here runs on a client, so after it. */
static const CurlApi *cu;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int env_true(const char *name)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return 0;
	return strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0 ||
	       strcasecmp(v, "on") == 0;
}

int hub_offline_requested(void)
{
	return env_true("HF_HUB_OFFLINE");
}

/* The environment variable `name`, NULL when unset or empty. */
static const char *env_value(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

/* Append `dir` to path, a leading ~ read as $HOME (huggingface_hub's
 * expanduser()); 0, or -1 when it needs a HOME there is not. */
static int put_user_path(StrBuf *path, const char *dir)
{
	const char *home = env_value("HOME");
	if (dir[0] == '~' && (dir[1] == '/' || dir[1] == '\0')) {
		if (!home)
			return -1;
		sb_printf(path, "%s%s", home, dir + 1);
	} else {
		sb_puts(path, dir);
	}
	return 0;
}

/* The token file where huggingface_hub (so the `hf` CLI) keeps it:
 * $HF_TOKEN_PATH, else $HF_HOME/token, HF_HOME defaulting to
 * $XDG_CACHE_HOME/huggingface, XDG_CACHE_HOME to ~/.cache. NULL when
 * there is no home folder to start from. */
static char *token_path(void)
{
	StrBuf path = {0};
	const char *token_file = env_value("HF_TOKEN_PATH"), *hf_home = env_value("HF_HOME");
	const char *cache = env_value("XDG_CACHE_HOME");
	int rc;
	if (token_file)
		rc = put_user_path(&path, token_file);
	else if (hf_home)
		rc = put_user_path(&path, hf_home);
	else
		rc = put_user_path(&path, cache ? cache : "~/.cache");
	if (rc == 0 && !token_file)
		sb_puts(&path, hf_home ? "/token" : "/huggingface/token");
	if (rc < 0) {
		sb_free(&path);
		return NULL;
	}
	return sb_take(&path);
}

/* The token: HF_TOKEN, else the first line of the token file (token_path).
 * NULL when there is none. */
static char *read_token(void)
{
	const char *env = env_value("HF_TOKEN");
	if (env)
		return xstrdup(env);
	char *path = token_path();
	FILE *f = path ? fopen(path, "r") : NULL;
	free(path);
	if (!f)
		return NULL;
	char line[512];
	char *token = NULL;
	if (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n \t")] = '\0';
		if (*line)
			token = xstrdup(line);
	}
	fclose(f);
	return token;
}

/* PEAT_HTTP_MAX_BODY: a whole number of MiB, else the default. */
static int read_max_body(HubClient *c, PeatErr *err)
{
	c->max_body = (size_t)HUB_DEFAULT_MAX_BODY_MIB << 20;
	const char *v = getenv("PEAT_HTTP_MAX_BODY");
	if (!v || !*v)
		return 0;
	char *end;
	errno = 0;
	long mib = strtol(v, &end, 10);
	if (errno || *end || mib < 1 || mib > HUB_MAX_BODY_LIMIT_MIB)
		return peat_err_set(err, "PEAT_HTTP_MAX_BODY=%s: expected a number of MiB (1 to %ld)", v,
				    HUB_MAX_BODY_LIMIT_MIB);
	c->max_body = (size_t)mib << 20;
	return 0;
}

/* The running transfers together may hold two bodies' worth: six parallel
 * endless bodies would otherwise hold six. */
static void set_max_buffered(HubClient *c)
{
	c->max_buffered = 2 * c->max_body;
}

size_t hub_max_body(const HubClient *c)
{
	return c->max_body;
}

int hub_client_new(HubClient **out, PeatErr *err)
{
	*out = NULL;
	if (hub_offline_requested())
		return peat_err_set(err, "HF_HUB_OFFLINE is set: peat will not use the network (unset it to sync)");
	const char *ep = getenv("HF_ENDPOINT");
	if (!ep || !*ep)
		ep = HUB_DEFAULT_ENDPOINT;
	if (strncmp(ep, "http://", 7) != 0 && strncmp(ep, "https://", 8) != 0)
		return peat_err_set(err, "HF_ENDPOINT=%s: expected an http:// or https:// URL", ep);
	if (!cu && !(cu = curl_load(err)))
		return -1;
	HubClient *c = xcalloc(1, sizeof *c);
	c->endpoint = xstrdup(ep);
	for (size_t n = strlen(c->endpoint); n > 0 && c->endpoint[n - 1] == '/'; n--)
		c->endpoint[n - 1] = '\0';
	c->token = read_token();
	c->user_agent = xstrdup("peat/" PACKAGE_VERSION);
	c->stall_s = HUB_DEFAULT_STALL_S;
	const char *t = getenv("PEAT_HTTP_TIMEOUT");
	if (t && *t) {
		char *end;
		long v = strtol(t, &end, 10);
		if (*end || v < 1 || v > 3600) {
			hub_client_free(c);
			return peat_err_set(err, "PEAT_HTTP_TIMEOUT=%s: expected a number of seconds (1 to 3600)", t);
		}
		c->stall_s = v;
	}
	if (read_max_body(c, err) < 0) {
		hub_client_free(c);
		return -1;
	}
	set_max_buffered(c);
	c->parallel = HUB_DEFAULT_PARALLEL;
	c->multi = cu->multi_init();
	if (!c->multi) {
		hub_client_free(c);
		return peat_err_set(err, "cannot initialise libcurl");
	}
	cu->multi_setopt(c->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)c->parallel);
	*out = c;
	return 0;
}

const char *hub_endpoint(const HubClient *c)
{
	return c->endpoint;
}

void hub_client_set_parallel(HubClient *c, int n)
{
	c->parallel = n < 1 ? 1 : n > 16 ? 16 : n;
	cu->multi_setopt(c->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)c->parallel);
}

void hub_client_set_cancel(HubClient *c, volatile sig_atomic_t *flag)
{
	c->cancel = flag;
}

int64_t hub_retries(const HubClient *c)
{
	return c->retries;
}

int64_t hub_requests(const HubClient *c)
{
	return c->requests;
}

void hub_client_set_observer(HubClient *c, const HubObserver *obs, HubObserver *previous)
{
	if (previous)
		*previous = c->observer;
	if (obs)
		c->observer = *obs;
	else
		memset(&c->observer, 0, sizeof c->observer);
}

static int cancelled(const HubClient *c)
{
	return c->cancel && *c->cancel;
}

void hub_response_free(HubResponse *r)
{
	if (!r)
		return;
	sb_free(&r->body);
	free(r->url);
	free(r->final_url);
	free(r->next_url);
	free(r->etag);
	free(r->revision);
	free(r->error_code);
	free(r);
}

static void push_done(HubClient *c, HubResponse *r)
{
	if (c->ndone == c->cap_done) {
		/* Compact the taken prefix before growing. */
		if (c->done_head > 0) {
			memmove(c->done, c->done + c->done_head, (c->ndone - c->done_head) * sizeof *c->done);
			c->ndone -= c->done_head;
			c->done_head = 0;
		}
		if (c->ndone == c->cap_done) {
			c->cap_done = c->cap_done ? 2 * c->cap_done : 16;
			c->done = xrealloc(c->done, c->cap_done * sizeof *c->done);
		}
	}
	c->done[c->ndone++] = r;
}

HubResponse *hub_take(HubClient *c)
{
	if (c->done_head == c->ndone)
		return NULL;
	HubResponse *r = c->done[c->done_head++];
	if (c->done_head == c->ndone)
		c->done_head = c->ndone = 0;
	c->pending--;
	return r;
}

static void req_free(Req *q)
{
	cu->slist_free_all(q->headers);
	free(q->if_none_match);
	free(q->current);
	free(q);
}

/* Finish a request that never ran or cannot run: its message is set. */
static void finish_req(HubClient *c, Req *q)
{
	push_done(c, q->resp);
	q->resp = NULL;
	req_free(q);
}

static void enqueue(HubClient *c, Req *q)
{
	q->next = NULL;
	if (c->queue_tail)
		c->queue_tail->next = q;
	else
		c->queue = q;
	c->queue_tail = q;
}

static void fail_response(HubResponse *r, const char *fmt, ...) PEAT_PRINTF(2, 3);

/* Does this URL fetch config.json through /resolve/? */
static int is_config_download(const char *url)
{
	const char *resolve = strstr(url, "/resolve/");
	if (!resolve)
		return 0;
	size_t n = strcspn(resolve, "?#");
	static const char name[] = "/config.json";
	return n >= sizeof name - 1 && strncmp(resolve + n - (sizeof name - 1), name, sizeof name - 1) == 0;
}

void hub_submit(HubClient *c, const char *url, const char *if_none_match, void *user)
{
	Req *q = xcalloc(1, sizeof *q);
	q->resp = xcalloc(1, sizeof *q->resp);
	q->resp->url = xstrdup(url);
	q->resp->user = user;
	q->if_none_match = if_none_match ? xstrdup(if_none_match) : NULL;
	q->current = xstrdup(url);
	c->pending++;
	if (is_config_download(url)) {
		q->resp->permanent = 1;
		fail_response(q->resp, "refused: fetching config.json through /resolve/ counts as a download of the model");
		finish_req(c, q);
		return;
	}
	enqueue(c, q);
}

/* The body as curl hands it over: inflated when the server compressed it,
 * so the cap bounds what a gzip bomb grows to as well as a plain body. */
static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
	Req *q = ctx;
	HubClient *c = q->client;
	n *= size; /* size is always 1 */
	if (n > c->max_body - q->resp->body.len || n > c->max_buffered - c->buffered) {
		q->too_big = n > c->max_body - q->resp->body.len ? 1 : 2;
		return 0; /* curl stops the transfer with CURLE_WRITE_ERROR */
	}
	sb_add(&q->resp->body, data, n);
	c->buffered += n;
	return n;
}

static int on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return cancelled(ctx) ? 1 : 0;
}

static CURL *get_easy(HubClient *c)
{
	if (c->nidle > 0) {
		CURL *e = c->idle[--c->nidle];
		cu->easy_reset(e);
		return e;
	}
	return cu->easy_init();
}

static void put_easy(HubClient *c, CURL *e)
{
	if (c->nidle == c->cap_idle) {
		c->cap_idle = c->cap_idle ? 2 * c->cap_idle : 8;
		c->idle = xrealloc(c->idle, c->cap_idle * sizeof *c->idle);
	}
	c->idle[c->nidle++] = e;
}

static int start_req(HubClient *c, Req *q)
{
	CURL *e = get_easy(c);
	if (!e)
		return -1;
	q->easy = e;
	q->errbuf[0] = '\0';
	q->client = c;
	q->too_big = 0;
	sb_reset(&q->resp->body);
	cu->slist_free_all(q->headers);
	q->headers = cu->slist_append(NULL, "Accept: application/json, text/plain, */*");
	if (q->if_none_match) {
		StrBuf h = {0};
		sb_printf(&h, "If-None-Match: %s", q->if_none_match);
		q->headers = cu->slist_append(q->headers, sb_str(&h));
		sb_free(&h);
	}
	cu->easy_setopt(e, CURLOPT_URL, q->current);
	cu->easy_setopt(e, CURLOPT_HTTPGET, 1L);
	cu->easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	/* Redirects are followed by hand (transfer_done), each target checked
	 * first: curl would follow one to config.json without asking. */
	cu->easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	cu->easy_setopt(e, CURLOPT_USERAGENT, c->user_agent);
	cu->easy_setopt(e, CURLOPT_HTTPHEADER, q->headers);
	cu->easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	cu->easy_setopt(e, CURLOPT_CONNECTTIMEOUT, HUB_CONNECT_TIMEOUT_S);
	cu->easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, HUB_LOW_SPEED_BYTES);
	cu->easy_setopt(e, CURLOPT_LOW_SPEED_TIME, c->stall_s);
	cu->easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	/* A Content-Length past the cap is refused before the body comes. */
	cu->easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max_body);
	cu->easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	cu->easy_setopt(e, CURLOPT_WRITEDATA, q);
	cu->easy_setopt(e, CURLOPT_ERRORBUFFER, q->errbuf);
	cu->easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
	cu->easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress);
	cu->easy_setopt(e, CURLOPT_XFERINFODATA, c);
	cu->easy_setopt(e, CURLOPT_PRIVATE, q);
	if (c->token && hub_url_is_ours(c, q->current)) {
		/* Only under the endpoint: a redirect elsewhere (a CDN) is
		 * followed without the token. */
		cu->easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER);
		cu->easy_setopt(e, CURLOPT_XOAUTH2_BEARER, c->token);
	}
	if (cu->multi_add_handle(c->multi, e) != CURLM_OK) {
		put_easy(c, e);
		q->easy = NULL;
		return -1;
	}
	if ((size_t)c->running == c->cap_active) {
		c->cap_active = c->cap_active ? 2 * c->cap_active : 16;
		c->active = xrealloc(c->active, c->cap_active * sizeof *c->active);
	}
	c->active[c->running++] = q;
	return 0;
}

/* The value of header `name` of the last response (after redirects), or
 * NULL. Points into curl's memory: copy it before the next header call. */
static const char *header(CURL *e, const char *name, size_t index)
{
	struct curl_header *h;
	if (cu->easy_header(e, name, index, CURLH_HEADER, -1, &h) != CURLHE_OK)
		return NULL;
	return h->value;
}

static char *header_dup(CURL *e, const char *name)
{
	const char *v = header(e, name, 0);
	return v && *v ? xstrdup(v) : NULL;
}

/* Resolve `ref` against `base` with curl's URL parser. */
static char *resolve_url(const char *base, const char *ref)
{
	CURLU *u = cu->url();
	char *out = NULL, *s = NULL;
	if (u && cu->url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
	    cu->url_set(u, CURLUPART_URL, ref, 0) == CURLUE_OK && cu->url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK) {
		out = xstrdup(s);
		cu->free(s);
	}
	cu->url_cleanup(u);
	return out;
}

/* The rel="next" target of the Link headers: each holds entries
 * `<URL>; param; param` separated by commas (RFC 8288). */
static char *link_next(CURL *e, const char *base)
{
	struct curl_header *h;
	size_t count = 0;
	if (cu->easy_header(e, "Link", 0, CURLH_HEADER, -1, &h) != CURLHE_OK)
		return NULL;
	count = h->amount;
	for (size_t i = 0; i < count; i++) {
		const char *v = header(e, "Link", i);
		while (v && (v = strchr(v, '<')) != NULL) {
			const char *close = strchr(v, '>');
			if (!close)
				break;
			const char *params = close + 1;
			size_t plen = strcspn(params, ",");
			int is_next = 0;
			for (const char *p = params; p < params + plen; p++)
				if (strncasecmp(p, "rel=\"next\"", 10) == 0 || strncasecmp(p, "rel=next", 8) == 0)
					is_next = 1;
			if (is_next) {
				char *target = xstrndup(v + 1, (size_t)(close - v - 1));
				char *abs = resolve_url(base, target);
				free(target);
				return abs;
			}
			v = params + plen;
		}
	}
	return NULL;
}

double hub_retry_after_seconds(const char *value, time_t now)
{
	while (*value == ' ' || *value == '\t')
		value++;
	if (*value >= '0' && *value <= '9') {
		char *end;
		errno = 0;
		double v = strtod(value, &end);
		while (*end == ' ' || *end == '\t')
			end++;
		return errno == 0 && *end == '\0' && isfinite(v) ? v : -1;
	}
	/* An HTTP date needs curl's parser: loaded here when no client made
	 * one yet (a caller outside a sync); unparsed when it cannot be. */
	if (!cu && !(cu = curl_load(NULL)))
		return -1;
	time_t at = cu->getdate(value, NULL);
	if (at == (time_t)-1)
		return -1;
	return at > now ? (double)(at - now) : 0;
}

/* Seconds the server asks to wait before retrying: Retry-After (seconds or
 * an HTTP date), else the t= of RateLimit; -1 when it says nothing. *from
 * names the header that said it. */
static double server_wait(CURL *e, const char **from)
{
	const char *ra = header(e, "Retry-After", 0);
	if (ra) {
		double v = hub_retry_after_seconds(ra, time(NULL));
		if (v >= 0) {
			*from = "Retry-After";
			return v;
		}
	}
	const char *rl = header(e, "RateLimit", 0);
	if (rl) {
		const char *t = strstr(rl, "t=");
		if (t) {
			char *end;
			double v = strtod(t + 2, &end);
			if (end != t + 2 && isfinite(v) && v >= 0) { /* "inf" and "nan" are no wait */
				*from = "RateLimit";
				return v;
			}
		}
	}
	return -1;
}

static int retryable_status(long status)
{
	return status == 408 || status == 429 || status >= 500;
}

static int retryable_curl(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_GOT_NOTHING:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_COULDNT_RESOLVE_HOST:
		return 1;
	default:
		return 0;
	}
}

/* The "error" string of a JSON object body ({"error": "..."}), decoded
 * (\\uXXXX escapes become '?'), or NULL. Only top-level members count. */
static char *json_error_member(const char *body, size_t len)
{
	const char *p = body, *end = body + len;
	int depth = 0, expect_key = 0;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	if (p == end || *p != '{')
		return NULL;
	for (; p < end; p++) {
		char ch = *p;
		if (ch == '{' || ch == '[') {
			depth++;
			expect_key = ch == '{' && depth == 1;
		} else if (ch == '}' || ch == ']') {
			depth--;
		} else if (ch == ',' && depth == 1) {
			expect_key = 1;
		} else if (ch == '"') {
			/* A string: find its end, and at depth 1 see whether it is the key "error". */
			const char *start = ++p;
			while (p < end && *p != '"')
				p += *p == '\\' ? 2 : 1;
			if (p >= end)
				return NULL;
			int is_error_key = expect_key && p - start == 5 && strncmp(start, "error", 5) == 0;
			expect_key = 0;
			if (!is_error_key)
				continue;
			const char *v = p + 1;
			while (v < end && (*v == ' ' || *v == ':' || *v == '\t'))
				v++;
			if (v >= end || *v != '"')
				return NULL;
			StrBuf out = {0};
			for (v++; v < end && *v != '"'; v++) {
				if (*v != '\\') {
					sb_putc(&out, *v);
					continue;
				}
				if (++v >= end)
					break;
				switch (*v) {
				case 'n': case 't': case 'r': sb_putc(&out, ' '); break;
				case 'u': sb_putc(&out, '?'); v += 4; break;
				default: sb_putc(&out, *v); break;
				}
			}
			return sb_take(&out);
		}
	}
	return NULL;
}

/* What the Hub said in words: X-Error-Message, else the "error" of a JSON
 * body; in its visible form (untrusted.h) and cut, for a message. */
static void add_server_message(StrBuf *sb, CURL *e, const StrBuf *body)
{
	const char *m = header(e, "X-Error-Message", 0);
	char *from_body = NULL;
	if (!m || !*m)
		m = from_body = json_error_member(sb_str(body), body->len);
	if (m && *m) {
		StrBuf shown = {0};
		untrusted_put_visible(&shown, m, strlen(m), 0);
		char *cut = text_truncate(sb_str(&shown), 200, text_utf8() ? "\xE2\x80\xA6" : "~");
		sb_printf(sb, ": \"%s\"", cut);
		free(cut);
		sb_free(&shown);
	}
	free(from_body);
}

/* The expand= parameters say nothing about what failed and push the
 * reason off the screen. */
char *hub_url_for_message(const char *url)
{
	const char *q = strchr(url, '?');
	if (!q)
		return xstrdup(url);
	StrBuf sb = {0};
	sb_printf(&sb, "%.*s", (int)(q - url), url);
	char sep = '?';
	for (const char *p = q + 1; *p;) {
		size_t n = strcspn(p, "&");
		if (strncmp(p, "expand=", 7) != 0) {
			sb_printf(&sb, "%c%.*s", sep, (int)n, p);
			sep = '&';
		}
		p += n;
		if (*p == '&')
			p++;
	}
	return sb_take(&sb);
}

/* Fail r with "URL: what" (the URL as messages name it). */
static void fail_response(HubResponse *r, const char *fmt, ...)
{
	StrBuf what = {0};
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&what, fmt, ap);
	va_end(ap);
	char *shown = hub_url_for_message(r->url);
	r->failed = 1;
	peat_err_set(&r->err, "%s: %s", shown, sb_str(&what));
	free(shown);
	sb_free(&what);
}

static void describe_http_failure(HubClient *c, Req *q, CURL *e)
{
	HubResponse *r = q->resp;
	const char *code = r->error_code;
	StrBuf m = {0};
	long st = r->status;
	if (code && strcmp(code, "RepoNotFound") == 0)
		sb_printf(&m, "the Hub has no such repository, or it is private or gated (RepoNotFound, HTTP %ld)%s", st,
			  c->token ? "" : "; if it is yours, set HF_TOKEN");
	else if (code && strcmp(code, "GatedRepo") == 0)
		sb_printf(&m, "the model is gated: accept its conditions on its Hub page, then set HF_TOKEN "
			  "(GatedRepo, HTTP %ld)", st);
	else if (code && strcmp(code, "EntryNotFound") == 0)
		sb_printf(&m, "the repository has no such file (EntryNotFound, HTTP %ld)", st);
	else if (code && strcmp(code, "RevisionNotFound") == 0)
		sb_printf(&m, "the repository has no such revision (RevisionNotFound, HTTP %ld)", st);
	else if (code && strcmp(code, "DisabledRepo") == 0)
		sb_printf(&m, "the repository is disabled (DisabledRepo, HTTP %ld)", st);
	else if (code) {
		char *copy;
		sb_printf(&m, "the Hub refused the request (%s, HTTP %ld)", untrusted_visible(code, &copy), st);
		free(copy);
		add_server_message(&m, e, &r->body);
	} else if (st == 401) {
		sb_printf(&m, c->token ? "the Hub refused the token (HTTP 401): check HF_TOKEN"
				       : "the Hub asks for a token (HTTP 401): set HF_TOKEN");
		add_server_message(&m, e, &r->body);
	} else if (st == 403) {
		sb_printf(&m, "access denied (HTTP 403)%s", c->token ? "" : "; set HF_TOKEN if you have access");
		add_server_message(&m, e, &r->body);
	} else if (st == 429)
		sb_printf(&m, "rate limited by the Hub (HTTP 429) %d times in a row; wait a few minutes, then resume",
			  r->tries);
	else if (st >= 500)
		sb_printf(&m, "the Hub answered HTTP %ld %d times in a row; try again later", st, r->tries);
	else {
		sb_printf(&m, "the Hub answered HTTP %ld", st);
		add_server_message(&m, e, &r->body);
	}
	/* A 4xx about the request says the same again; a refused token (401,
	 * or 403 naming no reason) does not once HF_TOKEN is fixed, nor do a
	 * timeout and a rate limit. */
	r->permanent = st >= 400 && st < 500 && !retryable_status(st) && (code || (st != 401 && st != 403));
	fail_response(r, "%s", sb_str(&m));
	sb_free(&m);
}

static int is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/* A redirect answered q: go on at `target` (queued again at once), or fail
 * q when the target must not be fetched. Returns 1 when it was followed. */
static int follow_redirect(HubClient *c, Req *q, const char *target)
{
	HubResponse *r = q->resp;
	const char *refusal = NULL;
	if (q->hops >= HUB_MAX_REDIRECTS)
		refusal = "too many redirects";
	else if (strncmp(target, "http://", 7) != 0 && strncmp(target, "https://", 8) != 0)
		refusal = "not an http(s) URL";
	else if (is_config_download(target))
		refusal = "fetching config.json through /resolve/ counts as a download of the model";
	if (refusal) {
		char *to = hub_url_for_message(target);
		r->permanent = 1;
		fail_response(r, "redirected to %s; not followed: %s", to, refusal);
		free(to);
		return 0;
	}
	free(q->current);
	q->current = xstrdup(target);
	q->hops++;
	r->redirected = 1;
	q->not_before = 0;
	enqueue(c, q);
	return 1;
}

/* What came of a body past the client's cap (mib MiB), in words. The
 * Content-Length is read from the header: curl refused the body from it
 * alone, and reports no length then. */
static void describe_too_big(StrBuf *m, CURL *e, CURLcode rc, const Req *q, long mib)
{
	const StrBuf *body = &q->resp->body;
	if (q->too_big == 2) {
		sb_printf(m, "the answers being read at once passed %ld MiB together (this one %.1f MiB); stopped reading",
			  2 * mib, (double)body->len / (1 << 20));
		return;
	}
	if (rc == CURLE_FILESIZE_EXCEEDED) {
		const char *announced = header(e, "Content-Length", 0);
		sb_printf(m, "the Hub announced a body of %.30s bytes (Content-Length), more than the %ld MiB peat reads",
			  announced ? announced : "more", mib);
		return;
	}
	curl_off_t received = 0;
	cu->easy_getinfo(e, CURLINFO_SIZE_DOWNLOAD_T, &received);
	const char *encoding = header(e, "Content-Encoding", 0);
	if (encoding && *encoding && strcasecmp(encoding, "identity") != 0 && (curl_off_t)body->len > received)
		sb_printf(m, "the body inflates to more than %ld MiB (from %lld bytes sent compressed); stopped reading",
			  mib, (long long)received);
	else
		sb_printf(m, "the body is longer than %ld MiB; stopped reading", mib);
}

/* A body past the client's cap fails q. Not permanent: with a larger
 * PEAT_HTTP_MAX_BODY a resume may read it. */
static void fail_too_big(HubClient *c, Req *q, CURL *e, CURLcode rc)
{
	HubResponse *r = q->resp;
	StrBuf m = {0};
	describe_too_big(&m, e, rc, q, (long)(c->max_body >> 20));
	sb_free(&r->body); /* the memory back now: the answer is not used */
	fail_response(r, "%s (HTTP %ld): if the Hub really sends this much, raise PEAT_HTTP_MAX_BODY (MiB) and try "
		      "again", sb_str(&m), r->status);
	sb_free(&m);
}

/* Tell the observer a retry of q is scheduled. */
static void announce_retry(HubClient *c, const Req *q, CURLcode rc, double wait, double asked, const char *from)
{
	const HubResponse *r = q->resp;
	char what[CURL_ERROR_SIZE + 32];
	if (rc != CURLE_OK) {
		snprintf(what, sizeof what, "%s", q->errbuf[0] ? q->errbuf : cu->easy_strerror(rc));
		snprintf(c->wait_why, sizeof c->wait_why, "network error");
	} else if (r->status == 429) {
		snprintf(what, sizeof what, "rate limited (HTTP 429)");
		snprintf(c->wait_why, sizeof c->wait_why, "rate limited");
	} else {
		snprintf(what, sizeof what, "HTTP %ld", r->status);
		snprintf(c->wait_why, sizeof c->wait_why, "HTTP %ld", r->status);
	}
	if (!c->observer.retry)
		return;
	char *shown = hub_url_for_message(q->current);
	HubRetry info = {
		.url = shown,
		.status = rc == CURLE_OK ? r->status : 0,
		.what = what,
		.wait_s = wait,
		.asked_s = asked,
		.wait_from = from,
		.next_try = r->tries + 1,
		.max_tries = HUB_MAX_TRIES,
		.pauses_client = rc == CURLE_OK && r->status == 429,
	};
	c->observer.retry(c->observer.ctx, &info);
	free(shown);
}

/* A transfer ended: finish the request, follow its redirect, or schedule
 * its retry. */
static void transfer_done(HubClient *c, Req *q, CURLcode rc)
{
	CURL *e = q->easy;
	HubResponse *r = q->resp;

	for (int i = 0; i < c->running; i++)
		if (c->active[i] == q) {
			c->active[i] = c->active[--c->running];
			break;
		}
	c->buffered -= r->body.len; /* no longer being read */
	c->requests++;
	cu->multi_remove_handle(c->multi, e);
	q->easy = NULL;
	r->status = 0;
	cu->easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r->status);
	free(r->final_url);
	r->final_url = xstrdup(q->current);
	free(r->error_code);
	r->error_code = NULL;

	if (rc == CURLE_ABORTED_BY_CALLBACK || cancelled(c)) {
		r->cancelled = 1;
		fail_response(r, "interrupted");
		put_easy(c, e);
		finish_req(c, q);
		return;
	}
	if (rc == CURLE_OK && is_redirect(r->status)) {
		char *target = NULL;
		cu->easy_getinfo(e, CURLINFO_REDIRECT_URL, &target);
		if (target) {
			char *to = xstrdup(target);
			put_easy(c, e);
			int followed = follow_redirect(c, q, to);
			free(to);
			if (!followed)
				finish_req(c, q);
			return;
		}
	}
	r->tries++; /* a redirect is not a try: it has no answer yet */
	if (q->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		fail_too_big(c, q, e, rc);
		put_easy(c, e);
		finish_req(c, q);
		return;
	}
	if (rc == CURLE_OK) {
		r->error_code = header_dup(e, "X-Error-Code");
		free(r->etag);
		r->etag = header_dup(e, "ETag");
		free(r->revision);
		r->revision = header_dup(e, "X-Repo-Commit");
		free(r->next_url);
		r->next_url = link_next(e, r->final_url);
	}
	int retry = rc != CURLE_OK ? retryable_curl(rc) : retryable_status(r->status);
	if (retry && r->tries < HUB_MAX_TRIES) {
		const char *from = NULL;
		double asked = rc == CURLE_OK ? server_wait(e, &from) : -1;
		double wait = asked >= 0 ? asked : (double)(1 << (r->tries - 1 < 3 ? r->tries - 1 : 3)); /* 1, 2, 4, 8 s */
		if (wait > HUB_MAX_WAIT_S)
			wait = HUB_MAX_WAIT_S;
		q->not_before = now_s() + wait;
		/* The Hub's rate limit counts every request of this client:
		 * the others wait too instead of being refused in turn. */
		if (rc == CURLE_OK && r->status == 429 && q->not_before > c->paused_until)
			c->paused_until = q->not_before;
		c->retries++;
		announce_retry(c, q, rc, wait, asked, from);
		put_easy(c, e);
		enqueue(c, q);
		return;
	}
	if (rc != CURLE_OK) {
		fail_response(r, "%s (%d tries)", q->errbuf[0] ? q->errbuf : cu->easy_strerror(rc), r->tries);
	} else if (is_redirect(r->status)) {
		r->permanent = 1;
		fail_response(r, "the Hub answered HTTP %ld without a Location to follow", r->status);
	} else if (!((r->status >= 200 && r->status < 300) || r->status == 304)) {
		describe_http_failure(c, q, e);
	}
	put_easy(c, e);
	finish_req(c, q);
}

/* Start what may start; returns seconds until the next queued request may
 * start (0 when one is ready, -1 when the queue is empty). */
static double start_due(HubClient *c)
{
	double t = now_s(), next = -1;
	Req *prev = NULL, *q = c->queue;
	while (q) {
		Req *after = q->next;
		if (cancelled(c)) {
			/* Nothing new starts once cancelled. */
			if (prev)
				prev->next = after;
			else
				c->queue = after;
			if (c->queue_tail == q)
				c->queue_tail = prev;
			q->resp->cancelled = 1;
			fail_response(q->resp, "interrupted");
			finish_req(c, q);
			q = after;
			continue;
		}
		double due = q->not_before > c->paused_until ? q->not_before : c->paused_until;
		if (due <= t && c->running < c->parallel) {
			if (prev)
				prev->next = after;
			else
				c->queue = after;
			if (c->queue_tail == q)
				c->queue_tail = prev;
			if (start_req(c, q) < 0) {
				fail_response(q->resp, "cannot start the request (libcurl)");
				finish_req(c, q);
			}
			q = after;
			continue;
		}
		double d = due > t ? due - t : 0;
		if (next < 0 || d < next)
			next = d;
		prev = q;
		q = after;
	}
	return next;
}

static void read_finished(HubClient *c)
{
	CURLMsg *msg;
	int left;
	while ((msg = cu->multi_info_read(c->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		Req *q = NULL;
		cu->easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&q);
		if (q)
			transfer_done(c, q, msg->data.result);
	}
}

int hub_step(HubClient *c, int timeout_ms)
{
	int still = 0;
	double next = start_due(c);
	cu->multi_perform(c->multi, &still);
	read_finished(c);
	if (c->done_head < c->ndone) {
		if (c->observer.tick)
			c->observer.tick(c->observer.ctx);
		return c->pending; /* something to take: do not wait */
	}
	next = start_due(c);
	int wait_ms = timeout_ms;
	if (next >= 0 && next * 1000 < wait_ms)
		wait_ms = (int)(next * 1000) + 1;
	/* Stay responsive to the cancel flag while waiting for a retry. */
	if (c->cancel && wait_ms > 100)
		wait_ms = 100;
	if (wait_ms > 0) {
		if (c->running > 0) {
			cu->multi_poll(c->multi, NULL, 0, wait_ms, NULL);
		} else if (next > 0) {
			struct timespec ts = {wait_ms / 1000, (long)(wait_ms % 1000) * 1000000L};
			nanosleep(&ts, NULL);
		}
	}
	start_due(c);
	cu->multi_perform(c->multi, &still);
	read_finished(c);
	if (c->observer.tick)
		c->observer.tick(c->observer.ctx);
	return c->pending;
}

double hub_wait_left(const HubClient *c, const char **why)
{
	if (why)
		*why = c->wait_why;
	if (c->running > 0 || !c->queue)
		return 0;
	double t = now_s(), soonest = -1;
	for (const Req *q = c->queue; q; q = q->next) {
		double due = q->not_before > c->paused_until ? q->not_before : c->paused_until;
		if (soonest < 0 || due < soonest)
			soonest = due;
	}
	return soonest > t ? soonest - t : 0;
}

void hub_cancel_all(HubClient *c)
{
	for (Req *q = c->queue, *next; q; q = next) {
		next = q->next;
		hub_response_free(q->resp);
		req_free(q);
		c->pending--;
	}
	c->queue = c->queue_tail = NULL;
	for (int i = 0; i < c->running; i++) {
		Req *q = c->active[i];
		cu->multi_remove_handle(c->multi, q->easy);
		put_easy(c, q->easy);
		c->buffered -= q->resp->body.len;
		hub_response_free(q->resp);
		req_free(q);
		c->pending--;
	}
	c->running = 0;
	HubResponse *r;
	while ((r = hub_take(c)) != NULL)
		hub_response_free(r);
}

int hub_get(HubClient *c, const char *url, const char *if_none_match, HubResponse **out, PeatErr *err)
{
	static char marker;
	HubResponse *mine = NULL;
	/* Responses of earlier submissions taken while waiting are put back. */
	HubResponse **others = NULL;
	size_t nothers = 0;

	hub_submit(c, url, if_none_match, &marker);
	while (!mine) {
		HubResponse *r;
		while ((r = hub_take(c)) != NULL) {
			if (r->user == &marker && !mine) {
				mine = r;
			} else {
				others = xrealloc(others, (nothers + 1) * sizeof *others);
				others[nothers++] = r;
			}
		}
		if (!mine)
			hub_step(c, 1000);
	}
	for (size_t i = 0; i < nothers; i++) {
		push_done(c, others[i]);
		c->pending++;
	}
	free(others);
	mine->user = NULL;
	*out = mine;
	if (mine->failed) {
		peat_err_set(err, "%s", mine->err.msg);
		return -1;
	}
	return 0;
}

int hub_url_is_ours(const HubClient *c, const char *url)
{
	size_t n = strlen(c->endpoint);
	return strncmp(url, c->endpoint, n) == 0 && url[n] == '/';
}

char *hub_url(const HubClient *c, const char *path, const char *const *params)
{
	StrBuf base = {0};
	sb_printf(&base, "%s%s", c->endpoint, path);
	CURLU *u = cu->url();
	char *s = NULL, *out = NULL;
	if (u && cu->url_set(u, CURLUPART_URL, sb_str(&base), 0) == CURLUE_OK) {
		int ok = 1;
		for (size_t i = 0; params && params[i] && params[i + 1] && ok; i += 2) {
			StrBuf kv = {0};
			sb_printf(&kv, "%s=%s", params[i], params[i + 1]);
			ok = cu->url_set(u, CURLUPART_QUERY, sb_str(&kv), CURLU_APPENDQUERY | CURLU_URLENCODE) == CURLUE_OK;
			sb_free(&kv);
		}
		if (ok && cu->url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK) {
			out = xstrdup(s);
			cu->free(s);
		}
	}
	cu->url_cleanup(u);
	if (!out)
		out = sb_take(&base); /* curl could not parse it: the request will say why */
	sb_free(&base);
	return out;
}

void hub_client_free(HubClient *c)
{
	if (!c)
		return;
	/* Requests still queued or running are dropped with the client. */
	for (Req *q = c->queue, *next; q; q = next) {
		next = q->next;
		hub_response_free(q->resp);
		req_free(q);
	}
	for (int i = 0; i < c->running; i++) {
		Req *q = c->active[i];
		cu->multi_remove_handle(c->multi, q->easy);
		cu->easy_cleanup(q->easy);
		hub_response_free(q->resp);
		req_free(q);
	}
	free(c->active);
	for (size_t i = c->done_head; i < c->ndone; i++)
		hub_response_free(c->done[i]);
	free(c->done);
	for (size_t i = 0; i < c->nidle; i++)
		cu->easy_cleanup(c->idle[i]);
	free(c->idle);
	if (c->multi)
		cu->multi_cleanup(c->multi);
	if (c->token) {
		memset(c->token, 0, strlen(c->token));
		free(c->token);
	}
	free(c->endpoint);
	free(c->user_agent);
	free(c);
}
