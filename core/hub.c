/* hub.c - the Hub HTTP client: a queue of GET requests driven by one curl
 * multi handle, with retries scheduled by time instead of sleeps. */
#include "hub.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define HUB_DEFAULT_ENDPOINT "https://huggingface.co"
#define HUB_MAX_TRIES 5
#define HUB_MAX_WAIT_S 60.0
#define HUB_CONNECT_TIMEOUT_S 10L
#define HUB_DEFAULT_STALL_S 30L
#define HUB_DEFAULT_PARALLEL 6

typedef struct Req {
	HubResponse *resp;
	char *if_none_match;
	CURL *easy;              /* while running */
	struct curl_slist *headers;
	double not_before;       /* monotonic seconds: do not start before */
	struct Req *next;        /* in the queue */
	char errbuf[CURL_ERROR_SIZE];
} Req;

struct HubClient {
	char *endpoint;
	char *token;             /* never printed */
	char *user_agent;
	long stall_s;
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
};

static int curl_ready;

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

/* The token: HF_TOKEN, else the first line of $HF_HOME/token. NULL when
 * there is none. */
static char *read_token(void)
{
	const char *env = getenv("HF_TOKEN");
	if (env && *env)
		return xstrdup(env);
	StrBuf path = {0};
	const char *home = getenv("HF_HOME");
	if (home && *home) {
		sb_printf(&path, "%s/token", home);
	} else {
		const char *h = getenv("HOME");
		if (!h || !*h)
			return NULL;
		sb_printf(&path, "%s/.cache/huggingface/token", h);
	}
	FILE *f = fopen(sb_str(&path), "r");
	sb_free(&path);
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
	if (!curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return peat_err_set(err, "cannot initialise libcurl");
		curl_ready = 1;
	}
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
	c->parallel = HUB_DEFAULT_PARALLEL;
	c->multi = curl_multi_init();
	if (!c->multi) {
		hub_client_free(c);
		return peat_err_set(err, "cannot initialise libcurl");
	}
	curl_multi_setopt(c->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)c->parallel);
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
	curl_multi_setopt(c->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)c->parallel);
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
	curl_slist_free_all(q->headers);
	free(q->if_none_match);
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
	c->pending++;
	if (is_config_download(url)) {
		q->resp->failed = 1;
		peat_err_set(&q->resp->err, "%s: refused: fetching config.json through /resolve/ counts as a download "
			     "of the model", url);
		finish_req(c, q);
		return;
	}
	enqueue(c, q);
}

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
	Req *q = ctx;
	sb_add(&q->resp->body, data, size * n);
	return size * n;
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
		curl_easy_reset(e);
		return e;
	}
	return curl_easy_init();
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
	sb_reset(&q->resp->body);
	curl_slist_free_all(q->headers);
	q->headers = curl_slist_append(NULL, "Accept: application/json, text/plain, */*");
	if (q->if_none_match) {
		StrBuf h = {0};
		sb_printf(&h, "If-None-Match: %s", q->if_none_match);
		q->headers = curl_slist_append(q->headers, sb_str(&h));
		sb_free(&h);
	}
	curl_easy_setopt(e, CURLOPT_URL, q->resp->url);
	curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, 10L);
	curl_easy_setopt(e, CURLOPT_USERAGENT, c->user_agent);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, q->headers);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, HUB_CONNECT_TIMEOUT_S);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, c->stall_s);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, q);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, q->errbuf);
	curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(e, CURLOPT_XFERINFODATA, c);
	curl_easy_setopt(e, CURLOPT_PRIVATE, q);
	if (c->token) {
		/* Bearer auth, not a raw header: curl then withholds it from
		 * redirects to other hosts. */
		curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER);
		curl_easy_setopt(e, CURLOPT_XOAUTH2_BEARER, c->token);
	}
	if (curl_multi_add_handle(c->multi, e) != CURLM_OK) {
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
	if (curl_easy_header(e, name, index, CURLH_HEADER, -1, &h) != CURLHE_OK)
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
	CURLU *u = curl_url();
	char *out = NULL, *s = NULL;
	if (u && curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_URL, ref, 0) == CURLUE_OK && curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK) {
		out = xstrdup(s);
		curl_free(s);
	}
	curl_url_cleanup(u);
	return out;
}

/* The rel="next" target of the Link headers: each holds entries
 * `<URL>; param; param` separated by commas (RFC 8288). */
static char *link_next(CURL *e, const char *base)
{
	struct curl_header *h;
	size_t count = 0;
	if (curl_easy_header(e, "Link", 0, CURLH_HEADER, -1, &h) != CURLHE_OK)
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

/* Seconds the server asks to wait before retrying: Retry-After (seconds),
 * else the t= of RateLimit; -1 when it says nothing. */
static double server_wait(CURL *e)
{
	const char *ra = header(e, "Retry-After", 0);
	if (ra) {
		char *end;
		errno = 0;
		double v = strtod(ra, &end);
		if (end != ra && errno == 0 && v >= 0)
			return v;
	}
	const char *rl = header(e, "RateLimit", 0);
	if (rl) {
		const char *t = strstr(rl, "t=");
		if (t) {
			char *end;
			double v = strtod(t + 2, &end);
			if (end != t + 2 && v >= 0)
				return v;
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

/* X-Error-Message, trimmed and made printable for a message. */
static void add_server_message(StrBuf *sb, CURL *e)
{
	const char *m = header(e, "X-Error-Message", 0);
	if (!m || !*m)
		return;
	sb_puts(sb, ": \"");
	size_t n = 0;
	for (const char *p = m; *p && n < 200; p++, n++)
		sb_putc(sb, (unsigned char)*p < 32 ? ' ' : *p);
	sb_putc(sb, '"');
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
		sb_printf(&m, "the Hub refused the request (%s, HTTP %ld)", code, st);
		add_server_message(&m, e);
	} else if (st == 401)
		sb_printf(&m, c->token ? "the Hub refused the token (HTTP 401): check HF_TOKEN"
				       : "the Hub asks for a token (HTTP 401): set HF_TOKEN");
	else if (st == 403)
		sb_printf(&m, "access denied (HTTP 403)%s", c->token ? "" : "; set HF_TOKEN if you have access");
	else if (st == 429)
		sb_printf(&m, "rate limited by the Hub (HTTP 429) %d times in a row; wait a few minutes, then resume",
			  r->tries);
	else if (st >= 500)
		sb_printf(&m, "the Hub answered HTTP %ld %d times in a row; try again later", st, r->tries);
	else {
		sb_printf(&m, "the Hub answered HTTP %ld", st);
		add_server_message(&m, e);
	}
	char *shown = hub_url_for_message(r->url);
	peat_err_set(&r->err, "%s: %s", shown, sb_str(&m));
	free(shown);
	sb_free(&m);
}

/* A transfer ended: finish the request or schedule its retry. */
static void transfer_done(HubClient *c, Req *q, CURLcode rc)
{
	CURL *e = q->easy;
	HubResponse *r = q->resp;
	char *eff = NULL;
	long redirects = 0;

	for (int i = 0; i < c->running; i++)
		if (c->active[i] == q) {
			c->active[i] = c->active[--c->running];
			break;
		}
	c->requests++;
	r->tries++;
	curl_multi_remove_handle(c->multi, e);
	q->easy = NULL;
	r->status = 0;
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &eff);
	curl_easy_getinfo(e, CURLINFO_REDIRECT_COUNT, &redirects);
	free(r->final_url);
	r->final_url = xstrdup(eff ? eff : r->url);
	r->redirected = redirects > 0;
	free(r->error_code);
	r->error_code = NULL;

	if (rc == CURLE_ABORTED_BY_CALLBACK || cancelled(c)) {
		r->failed = r->cancelled = 1;
		char *shown = hub_url_for_message(r->url);
		peat_err_set(&r->err, "%s: interrupted", shown);
		free(shown);
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
		double wait = rc == CURLE_OK ? server_wait(e) : -1;
		if (wait < 0)
			wait = (double)(1 << (r->tries - 1 < 3 ? r->tries - 1 : 3)); /* 1, 2, 4, 8 s */
		if (wait > HUB_MAX_WAIT_S)
			wait = HUB_MAX_WAIT_S;
		q->not_before = now_s() + wait;
		c->retries++;
		put_easy(c, e);
		enqueue(c, q);
		return;
	}
	if (rc != CURLE_OK) {
		r->failed = 1;
		char *shown = hub_url_for_message(r->url);
		peat_err_set(&r->err, "%s: %s (%d tries)", shown, q->errbuf[0] ? q->errbuf : curl_easy_strerror(rc),
			     r->tries);
		free(shown);
	} else if (!((r->status >= 200 && r->status < 300) || r->status == 304)) {
		r->failed = 1;
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
			q->resp->failed = q->resp->cancelled = 1;
			peat_err_set(&q->resp->err, "%s: interrupted", q->resp->url);
			finish_req(c, q);
			q = after;
			continue;
		}
		if (q->not_before <= t && c->running < c->parallel) {
			if (prev)
				prev->next = after;
			else
				c->queue = after;
			if (c->queue_tail == q)
				c->queue_tail = prev;
			if (start_req(c, q) < 0) {
				q->resp->failed = 1;
				peat_err_set(&q->resp->err, "%s: cannot start the request (libcurl)", q->resp->url);
				finish_req(c, q);
			}
			q = after;
			continue;
		}
		double d = q->not_before > t ? q->not_before - t : 0;
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
	while ((msg = curl_multi_info_read(c->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		Req *q = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&q);
		if (q)
			transfer_done(c, q, msg->data.result);
	}
}

int hub_step(HubClient *c, int timeout_ms)
{
	int still = 0;
	double next = start_due(c);
	curl_multi_perform(c->multi, &still);
	read_finished(c);
	if (c->done_head < c->ndone)
		return c->pending; /* something to take: do not wait */
	next = start_due(c);
	int wait_ms = timeout_ms;
	if (next >= 0 && next * 1000 < wait_ms)
		wait_ms = (int)(next * 1000) + 1;
	/* Stay responsive to the cancel flag while waiting for a retry. */
	if (c->cancel && wait_ms > 100)
		wait_ms = 100;
	if (wait_ms > 0) {
		if (c->running > 0) {
			curl_multi_poll(c->multi, NULL, 0, wait_ms, NULL);
		} else if (next > 0) {
			struct timespec ts = {wait_ms / 1000, (long)(wait_ms % 1000) * 1000000L};
			nanosleep(&ts, NULL);
		}
	}
	start_due(c);
	curl_multi_perform(c->multi, &still);
	read_finished(c);
	return c->pending;
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
	CURLU *u = curl_url();
	char *s = NULL, *out = NULL;
	if (u && curl_url_set(u, CURLUPART_URL, sb_str(&base), 0) == CURLUE_OK) {
		int ok = 1;
		for (size_t i = 0; params && params[i] && params[i + 1] && ok; i += 2) {
			StrBuf kv = {0};
			sb_printf(&kv, "%s=%s", params[i], params[i + 1]);
			ok = curl_url_set(u, CURLUPART_QUERY, sb_str(&kv), CURLU_APPENDQUERY | CURLU_URLENCODE) == CURLUE_OK;
			sb_free(&kv);
		}
		if (ok && curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK) {
			out = xstrdup(s);
			curl_free(s);
		}
	}
	curl_url_cleanup(u);
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
		curl_multi_remove_handle(c->multi, q->easy);
		curl_easy_cleanup(q->easy);
		hub_response_free(q->resp);
		req_free(q);
	}
	free(c->active);
	for (size_t i = c->done_head; i < c->ndone; i++)
		hub_response_free(c->done[i]);
	free(c->done);
	for (size_t i = 0; i < c->nidle; i++)
		curl_easy_cleanup(c->idle[i]);
	free(c->idle);
	if (c->multi)
		curl_multi_cleanup(c->multi);
	if (c->token) {
		memset(c->token, 0, strlen(c->token));
		free(c->token);
	}
	free(c->endpoint);
	free(c->user_agent);
	free(c);
}
