/* attest-init version [--json]: build provenance for auditors (docs/REPRODUCING.md). */
#include <curl/curl.h>
#include <stdio.h>

#include "build_info.h"
#include "cli/cli.h"
#include "json/json_writer.h"

struct dep {
	const char *name, *version, *tarball, *sha256;
};

#define DEP(n, v, t, s) {n, v, t, s},
static const struct dep deps[] = {ATTEST_DEPS_LIST};
#undef DEP

static void version_help(FILE *out)
{
	fputs("usage: attest-init version [--json]\n"
	      "\n"
	      "Prints the version, the source revision the binary was built from (and\n"
	      "whether the tree was dirty), the toolchain, and every pinned third-party\n"
	      "source tarball with its sha256.\n",
	      out);
}

static int version_json(void)
{
	struct buf b;
	struct json_writer w;
	int rc;

	buf_init(&b, 1 << 16);
	json_writer_init(&w, &b);
	json_obj_begin(&w);
	json_kv_str(&w, "name", "attest-init");
	json_kv_str(&w, "version", ATTEST_VERSION);
	json_key(&w, "source");
	json_obj_begin(&w);
	json_kv_str(&w, "revision", ATTEST_GIT_REV);
	json_kv_bool(&w, "dirty", ATTEST_GIT_DIRTY);
	json_kv_u64(&w, "source_date_epoch", ATTEST_SOURCE_DATE_EPOCH);
	json_obj_end(&w);
	json_key(&w, "toolchain");
	json_obj_begin(&w);
	json_kv_str(&w, "compiler", ATTEST_TOOLCHAIN_CC);
	json_kv_str(&w, "musl", ATTEST_TOOLCHAIN_MUSL);
	json_kv_str(&w, "binutils", ATTEST_TOOLCHAIN_BINUTILS);
	json_obj_end(&w);
	json_key(&w, "dependencies");
	json_arr_begin(&w);
	for (size_t i = 0; i < sizeof(deps) / sizeof(deps[0]); i++) {
		json_obj_begin(&w);
		json_kv_str(&w, "name", deps[i].name);
		json_kv_str(&w, "version", deps[i].version);
		json_kv_str(&w, "tarball", deps[i].tarball);
		json_kv_str(&w, "sha256", deps[i].sha256);
		json_obj_end(&w);
	}
	json_arr_end(&w);
	json_key(&w, "linked");
	json_obj_begin(&w);
	json_kv_str(&w, "curl", curl_version_info(CURLVERSION_NOW)->version);
	json_kv_str(&w, "curl_ssl", curl_version_info(CURLVERSION_NOW)->ssl_version);
	json_obj_end(&w);
	json_obj_end(&w);
	if (!json_writer_ok(&w)) {
		buf_free(&b);
		return cli_fail_id(R_CORE_JSON_WRITER_FAILED, "version document");
	}
	rc = cli_print_buf(&b);
	buf_free(&b);
	return rc;
}

static int version_run(int argc, char **argv)
{
	bool json = false, help;
	const char *pos[1];
	size_t npos;
	const struct cli_opt opts[] = {{"json", NULL, &json}, {NULL, NULL, NULL}};

	if (!cli_parse("version", argc, argv, opts, pos, 0, 0, &npos, &help))
		return EXIT_USAGE;
	if (help) {
		version_help(stdout);
		return EXIT_OK;
	}
	if (json)
		return version_json();
	printf("attest-init %s (%s%s)\n", ATTEST_VERSION, ATTEST_GIT_REV,
	       ATTEST_GIT_DIRTY ? ", dirty" : "");
	printf("toolchain: %s; musl %s; %s\n", ATTEST_TOOLCHAIN_CC, ATTEST_TOOLCHAIN_MUSL,
	       ATTEST_TOOLCHAIN_BINUTILS);
	for (size_t i = 0; i < sizeof(deps) / sizeof(deps[0]); i++)
		printf("%-9s %-7s %s sha256:%s\n", deps[i].name, deps[i].version, deps[i].tarball,
		       deps[i].sha256);
	printf("linked: libcurl %s (%s)\n", curl_version_info(CURLVERSION_NOW)->version,
	       curl_version_info(CURLVERSION_NOW)->ssl_version);
	return EXIT_OK;
}

const struct command cmd_version = {"version", "print version and build provenance", version_run,
				    version_help};
