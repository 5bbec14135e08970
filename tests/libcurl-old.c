/* SPDX-License-Identifier: MIT */
/* libcurl-old.c - a stand-in for a libcurl older than peat needs (7.80.0),
 * which tests/cli_sync.sh makes peat open (PEAT_LIBCURL): it has every
 * function peat looks up (core/curl_dl.h), and curl_version_info(), the
 * only one peat calls before it checks the version, says 7.80.0. */

/* The first members of libcurl's curl_version_info_data. */
struct old_version_info {
	int age;
	const char *version;
	unsigned int version_num;
};

const struct old_version_info *curl_version_info(int which);
const struct old_version_info *curl_version_info(int which)
{
	static const struct old_version_info info = {10, "7.80.0", 0x075000};
	(void)which;
	return &info;
}

#define STUB(name)                   \
	void curl_##name(void);      \
	void curl_##name(void) {}
STUB(global_init)
STUB(easy_init)
STUB(easy_cleanup)
STUB(easy_reset)
STUB(easy_setopt)
STUB(easy_getinfo)
STUB(easy_strerror)
STUB(easy_header)
STUB(free)
STUB(getdate)
STUB(slist_append)
STUB(slist_free_all)
STUB(multi_init)
STUB(multi_cleanup)
STUB(multi_setopt)
STUB(multi_add_handle)
STUB(multi_remove_handle)
STUB(multi_perform)
STUB(multi_poll)
STUB(multi_info_read)
STUB(url)
STUB(url_cleanup)
STUB(url_set)
STUB(url_get)
