/* SPDX-License-Identifier: MIT */
/* test_hub.c - the Hub client's parts that need no server: the environment,
 * URL building, and the refusal to fetch config.json. (Transfers, retries
 * and errors are tested against the fake Hub in cli_sync.sh.) */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "hub.h"
#include "sync.h"

int main(void)
{
	HubClient *c = NULL;
	PeatErr err = {0};

	/* Offline: no client, a message naming the variable. */
	setenv("HF_HUB_OFFLINE", "1", 1);
	CHECK(hub_offline_requested());
	CHECK_INT(hub_client_new(&c, &err), -1);
	CHECK(c == NULL);
	CHECK(strstr(err.msg, "HF_HUB_OFFLINE") != NULL);
	setenv("HF_HUB_OFFLINE", "0", 1);
	CHECK(!hub_offline_requested());

	peat_err_clear(&err);
	setenv("HF_ENDPOINT", "ftp://example.org", 1);
	CHECK_INT(hub_client_new(&c, &err), -1);
	CHECK(strstr(err.msg, "HF_ENDPOINT=ftp://example.org") != NULL);

	peat_err_clear(&err);
	setenv("HF_ENDPOINT", "http://127.0.0.1:9/", 1);
	setenv("PEAT_HTTP_TIMEOUT", "-3", 1);
	CHECK_INT(hub_client_new(&c, &err), -1);
	CHECK(strstr(err.msg, "PEAT_HTTP_TIMEOUT") != NULL);
	unsetenv("PEAT_HTTP_TIMEOUT");
	const char *bad_caps[] = {"0", "-1", "4097", "1.5", "lots", "99999999999999999999"};
	for (size_t i = 0; i < sizeof bad_caps / sizeof *bad_caps; i++) {
		peat_err_clear(&err);
		setenv("PEAT_HTTP_MAX_BODY", bad_caps[i], 1);
		CHECK_INT(hub_client_new(&c, &err), -1);
		CHECK(strstr(err.msg, "PEAT_HTTP_MAX_BODY") != NULL);
	}
	peat_err_clear(&err);
	setenv("PEAT_HTTP_MAX_BODY", "7", 1);
	CHECK_INT(hub_client_new(&c, &err), 0);
	CHECK(c && hub_max_body(c) == (size_t)7 << 20);
	hub_client_free(c);
	unsetenv("PEAT_HTTP_MAX_BODY");

	peat_err_clear(&err);
	CHECK_INT(hub_client_new(&c, &err), 0);
	if (!c)
		return check_done();
	CHECK_STR(hub_endpoint(c), "http://127.0.0.1:9"); /* trailing slash dropped */

	/* Query values are URL-encoded, names and order kept. */
	const char *params[] = {"filter", "base_model:finetune:org/x y", "limit", "5", NULL};
	char *url = hub_url(c, "/api/models", params);
	CHECK(strncmp(url, "http://127.0.0.1:9/api/models?filter=base_model", 47) == 0);
	CHECK(strstr(url, "x%20y&limit=5") != NULL || strstr(url, "x+y&limit=5") != NULL);
	free(url);
	url = sync_card_url(c, "org/name");
	CHECK_STR(url, "http://127.0.0.1:9/org/name/resolve/main/README.md");
	free(url);
	url = sync_model_info_url(c, "org/name");
	CHECK(strstr(url, "/api/models/org/name?expand=author&") != NULL);
	CHECK(strstr(url, "expand=baseModels") != NULL && strstr(url, "expand=childrenModelCount") != NULL);
	free(url);

	/* config.json through /resolve/ is refused before any connection. */
	HubResponse *r = NULL;
	peat_err_clear(&err);
	CHECK_INT(hub_get(c, "http://127.0.0.1:9/org/name/resolve/main/config.json", NULL, &r, &err), -1);
	CHECK(r && r->failed && r->tries == 0);
	CHECK(strstr(err.msg, "config.json") != NULL);
	hub_response_free(r);
	CHECK_INT(hub_requests(c), 0);

	/* Only URLs under the endpoint carry the token. */
	CHECK(hub_url_is_ours(c, "http://127.0.0.1:9/api/models?cursor=x"));
	CHECK(!hub_url_is_ours(c, "http://127.0.0.1:99/api/models"));
	CHECK(!hub_url_is_ours(c, "http://127.0.0.1:9@elsewhere.invalid/api/models"));
	CHECK(!hub_url_is_ours(c, "http://127.0.0.1:9"));
	CHECK(!hub_url_is_ours(c, "https://127.0.0.1:9/api/models"));

	/* Retry-After: seconds, or an HTTP date (RFC 9110), relative to now. */
	time_t now = 1445412480; /* Wed, 21 Oct 2015 07:28:00 GMT */
	CHECK(hub_retry_after_seconds("120", now) == 120);
	CHECK(hub_retry_after_seconds(" 7 ", now) == 7);
	CHECK(hub_retry_after_seconds("Wed, 21 Oct 2015 07:33:00 GMT", now) == 300);
	CHECK(hub_retry_after_seconds("Wed, 21 Oct 2015 07:00:00 GMT", now) == 0); /* past: at once */
	CHECK(hub_retry_after_seconds("soon", now) < 0);
	CHECK(hub_retry_after_seconds("12abc", now) < 0);
	/* Waits that are no number of seconds: the client's own backoff. */
	CHECK(hub_retry_after_seconds("nan", now) < 0);
	CHECK(hub_retry_after_seconds("inf", now) < 0);
	CHECK(hub_retry_after_seconds("1e999", now) < 0);
	CHECK(hub_retry_after_seconds("-1", now) < 0);

	/* Nothing pending: a step returns at once. */
	CHECK_INT(hub_step(c, 0), 0);
	CHECK(hub_take(c) == NULL);

	SyncRanking by;
	CHECK_INT(sync_ranking_parse("trending", &by), 0);
	CHECK_INT(by, SYNC_BY_TRENDING);
	CHECK_INT(sync_ranking_parse("trendingScore", &by), 0);
	CHECK_INT(sync_ranking_parse("stars", &by), -1);
	CHECK_STR(sync_ranking_name(SYNC_BY_LIKES), "likes");

	hub_client_free(c);
	return check_done();
}
