/* lockstep/file.h: files written whole or not at all, never through a link;
 * stale temporaries of dead writers removed. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lockstep/arena.h"
#include "lockstep/file.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/ls_test_file.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void put(const char *name, const char *text)
{
	char path[2048];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The file's text ("" when it cannot be read). */
static const char *get(const char *name)
{
	static char buf[256];
	char path[2048];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	buf[0] = '\0';
	FILE *f = fopen(path, "r");
	if (f) {
		size_t n = fread(buf, 1, sizeof buf - 1, f);
		buf[n] = '\0';
		fclose(f);
	}
	return buf;
}

static bool exists(const char *name)
{
	char path[2048];
	struct stat sb;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return lstat(path, &sb) == 0;
}

/* How many names in the folder hold ".lockstep-" (temporaries). */
static int n_temps(void)
{
	int n = 0;
	DIR *d = opendir(dir);
	assert_non_null(d);
	for (struct dirent *de; (de = readdir(d)) != NULL;)
		n += strstr(de->d_name, ".lockstep-") != NULL;
	closedir(d);
	return n;
}

static const ls_file_content two[] = {
	{.name = "a.txt", .data = "new a", .len = 5},
	{.name = "b.txt", .data = "new b", .len = 5},
};

static void test_write_set(void **state)
{
	(void)state;
	ls_error err;
	ls_error_clear(&err);
	put("a.txt", "old a");
	mode_t old = umask(002);
	int rc = ls_file_write_set(dir, two, 2, NULL, &err);
	umask(old);
	assert_int_equal(rc, 0);
	assert_string_equal(get("a.txt"), "new a");
	assert_string_equal(get("b.txt"), "new b");
	assert_int_equal(n_temps(), 0);
	/* 0644 less the umask, never group-writable: a reviewed plan stays as
	 * reviewed */
	char path[2048];
	struct stat sb;
	snprintf(path, sizeof path, "%s/b.txt", dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0644);
}

static void test_bad_names(void **state)
{
	(void)state;
	const char *bad[] = {"", "x/y", ".", ".."};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		ls_error err;
		ls_error_clear(&err);
		ls_file_content f = {.name = bad[i], .data = "x", .len = 1};
		assert_int_equal(ls_file_write_set(dir, &f, 1, NULL, &err), LS_EINVAL);
	}
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_file_write_set("", two, 2, NULL, &err), LS_EINVAL);
	assert_int_equal(ls_file_write("", "x", 1, &err), LS_EINVAL);
	assert_int_equal(ls_file_write("/tmp/", "x", 1, &err), LS_EINVAL);
}

/* The second file cannot be renamed into place (a folder is there): the
 * first keeps its old text, nothing is left. */
static void test_folder_at_final_name(void **state)
{
	(void)state;
	char path[2048];
	ls_error err;
	ls_error_clear(&err);
	put("a.txt", "old a");
	snprintf(path, sizeof path, "%s/b.txt", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(ls_file_write_set(dir, two, 2, NULL, &err), LS_EIO);
	assert_string_equal(get("a.txt"), "old a");
	assert_int_equal(n_temps(), 0);
}

/* A write past RLIMIT_FSIZE (SIGXFSZ ignored: EFBIG) fails as LS_EIO with
 * the old files intact and no temporary left. */
static void test_file_size_limit(void **state)
{
	(void)state;
	struct rlimit old, small;
	ls_error err;
	ls_error_clear(&err);
	put("a.txt", "old a");
	put("b.txt", "old b");
	char big[64];
	memset(big, 'x', sizeof big);
	ls_file_content files[] = {
		{.name = "a.txt", .data = "new a", .len = 5},
		{.name = "b.txt", .data = big, .len = sizeof big},
	};
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 16;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	int rc = ls_file_write_set(dir, files, 2, NULL, &err);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	assert_int_equal(rc, LS_EIO);
	assert_non_null(strstr(err.diags[0].path, "b.txt"));
	assert_string_equal(get("a.txt"), "old a");
	assert_string_equal(get("b.txt"), "old b");
	assert_int_equal(n_temps(), 0);
}

/* The folder itself must not be a link; links at final names are replaced. */
static void test_links(void **state)
{
	(void)state;
	char link[512], target[512];
	ls_error err;
	ls_error_clear(&err);
	snprintf(link, sizeof link, "%s/dirlink", dir);
	assert_int_equal(symlink(dir, link), 0);
	assert_int_equal(ls_file_write_set(link, two, 2, NULL, &err), LS_EIO);
	assert_false(exists("a.txt"));
	put("victim", "victim");
	snprintf(target, sizeof target, "%s/victim", dir);
	snprintf(link, sizeof link, "%s/a.txt", dir);
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(ls_file_write(link, "new a", 5, &err), 0);
	assert_string_equal(get("victim"), "victim");
	assert_string_equal(get("a.txt"), "new a");
	struct stat sb;
	assert_int_equal(lstat(link, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
}

/* make_dir creates the last folder only. */
static void test_make_dir(void **state)
{
	(void)state;
	char sub[512];
	ls_error err;
	ls_error_clear(&err);
	snprintf(sub, sizeof sub, "%s/one/two", dir);
	assert_int_equal(ls_file_write_set(sub, two, 2, NULL, &err), LS_EIO);
	snprintf(sub, sizeof sub, "%s/one", dir);
	assert_int_equal(ls_file_write_set(sub, two, 2, NULL, &err), 0);
	assert_string_equal(get("one/a.txt"), "new a");
	ls_file_options o = LS_FILE_OPTIONS_INIT;
	o.make_dir = false;
	snprintf(sub, sizeof sub, "%s/three", dir);
	assert_int_equal(ls_file_write_set(sub, two, 2, &o, &err), LS_EIO);
}

static long dead_pid(void)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return (long)pid;
}

static void test_clean_stale(void **state)
{
	(void)state;
	char name[128], kept[9][128];
	long dead = dead_pid();
	size_t n = 0, k = 0;
	ls_error err;
	ls_error_clear(&err);
	snprintf(name, sizeof name, ".a.txt.lockstep-%ld-Ab12Cd", dead);
	put(name, "stale");
	snprintf(kept[k], sizeof kept[k], ".a.txt.lockstep-%ld-Ab12Cd", (long)getpid());
	put(kept[k++], "mine, live");
	snprintf(kept[k], sizeof kept[k], ".a.txt.lockstep-%ld-Ab12Cd", (long)getppid());
	put(kept[k++], "live");
	snprintf(kept[k], sizeof kept[k], ".a.txt.lockstep-%ld-Ab12C", dead);
	put(kept[k++], "five letters");
	snprintf(kept[k], sizeof kept[k], ".a.txt.lockstep-0%ld-Ab12Cd", dead);
	put(kept[k++], "leading zero");
	snprintf(kept[k], sizeof kept[k], ".lockstep-%ld-Ab12Cd", dead);
	put(kept[k++], "no name");
	snprintf(kept[k], sizeof kept[k], ".a.txt.lockstep-%ld-Ab_2Cd", dead);
	put(kept[k++], "not alnum");
	snprintf(kept[k], sizeof kept[k], ".b.txt.lockstep-%ld-Ab12Cd", dead);
	char target[512], link[512];
	snprintf(target, sizeof target, "%s/victim", dir);
	snprintf(link, sizeof link, "%s/%s", dir, kept[k++]);
	put("victim", "victim");
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(ls_file_clean_stale(&n, dir, &err), 0);
	assert_int_equal(n, 1);
	assert_false(exists(name));
	for (size_t i = 0; i < k; i++)
		assert_true(exists(kept[i]));
	assert_string_equal(get("victim"), "victim");
	/* a write into the folder cleans too */
	put(name, "stale");
	assert_int_equal(ls_file_write_set(dir, two, 2, NULL, &err), 0);
	assert_false(exists(name));
}

/* Every allocation failing in turn: an error, nothing written or left. */
static void test_fault_injection(void **state)
{
	(void)state;
	for (long n = 1; n < 10; n++) {
		ls_error err;
		ls_error_clear(&err);
		ls_alloc_fail_after(n);
		int rc = ls_file_write_set(dir, two, 2, NULL, &err);
		ls_alloc_fail_after(0);
		if (rc == 0)
			break;
		assert_int_equal(rc, LS_ENOMEM);
		assert_false(exists("a.txt"));
		assert_int_equal(n_temps(), 0);
	}
	assert_string_equal(get("a.txt"), "new a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_folder_at_final_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_size_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_make_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clean_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_injection, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
