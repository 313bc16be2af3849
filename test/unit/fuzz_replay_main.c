/*
 * Replays files through a libFuzzer harness without libFuzzer, so corpus and
 * regression inputs run as ordinary tests (under ASan/UBSan or valgrind) in
 * `make test`. Arguments are files or directories; prints one TAP line.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return -1;
	for (;;) {
		if (n == cap) {
			uint8_t *p = realloc(data, cap ? cap * 2 : 4096);
			if (!p) {
				free(data);
				fclose(f);
				return -1;
			}
			data = p;
			cap = cap ? cap * 2 : 4096;
		}
		size_t k = fread(data + n, 1, cap - n, f);
		if (k == 0)
			break;
		n += k;
	}
	fclose(f);
	/* Copy into an exact-size allocation so ASan sees over-reads. */
	uint8_t *exact = malloc(n ? n : 1);
	if (!exact) {
		free(data);
		return -1;
	}
	if (n)
		memcpy(exact, data, n);
	free(data);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long files = 0, errors = 0;
	const char *name = argc > 1 ? argv[1] : "replay";

	for (int i = 2; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0)
			continue; /* an absent regressions folder is fine */
		if (!S_ISDIR(st.st_mode)) {
			errors += replay_file(argv[i]) != 0;
			files++;
			continue;
		}
		DIR *d = opendir(argv[i]);
		struct dirent *de;
		while (d && (de = readdir(d)) != NULL) {
			char path[4096];
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i], de->d_name);
			errors += replay_file(path) != 0;
			files++;
		}
		if (d)
			closedir(d);
	}
	if (errors) {
		printf("not ok - %s: %lu of %lu files unreadable\n", name, errors, files);
		return 1;
	}
	printf("ok - %s: replayed %lu files\n", name, files);
	return 0;
}
