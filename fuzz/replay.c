/* SPDX-License-Identifier: MIT */
/* replay.c - main() for a harness built as a test of `make check`: runs
 * LLVMFuzzerTestOneInput on every file of the folders named on the command
 * line (fuzz/crashes/<name>/: inputs that once failed, kept as regression
 * fixtures). A property that fails aborts, so the test fails. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "strbuf.h"

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "%s: cannot open\n", path);
		return -1;
	}
	StrBuf sb = {0};
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_add(&sb, buf, n);
	fclose(f);
	LLVMFuzzerTestOneInput((const uint8_t *)(sb.data ? sb.data : ""), sb.len);
	sb_free(&sb);
	return 0;
}

int main(int argc, char **argv)
{
	int files = 0, failed = 0;
	for (int i = 1; i < argc; i++) {
		DIR *d = opendir(argv[i]);
		if (!d) {
			failed += replay_file(argv[i]) < 0;
			files++;
			continue;
		}
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.' || strcmp(e->d_name, "README") == 0)
				continue;
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
			failed += replay_file(path) < 0;
			files++;
		}
		closedir(d);
	}
	printf("%d inputs replayed\n", files);
	return failed ? 1 : 0;
}
