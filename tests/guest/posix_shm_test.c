// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of kmod/posix_shm.c: toy_shm_open and toy_shm_unlink, and the
 * plain ftruncate, fstat, fchmod, mmap and munmap on what they return.
 *
 * Differential, like shm_test.c: each scenario runs over glibc's
 * shm_open/shm_unlink (a tmpfs on /dev/shm) and over the toy's, notes what
 * it sees, checks its rule with EXPECT on both, and the two transcripts
 * must be equal.
 */
#include <grp.h>
#include <limits.h>
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "toyipc.h"
#include "tt.h"

#define TT_API struct pshm_api
#include "transcript.h"

struct pshm_api {
	const char *name;
	int (*open)(const char *name, int oflag, mode_t mode);
	int (*unlink)(const char *name);
};

static const struct pshm_api real_api = { "real", shm_open, shm_unlink };
static const struct pshm_api toy_api = { "toy", toy_shm_open, toy_shm_unlink };

DIFFERENTIAL_HARNESS()

#define S	"/tt-pshm"

static long page;

static int new_segment(const struct pshm_api *api, size_t size)
{
	int fd;

	api->unlink(S);
	fd = api->open(S, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0 || ftruncate(fd, size))
		TT_FAIL("%s: shm_open: %s", api->name, strerror(errno));
	return fd;
}

static void note_stat(struct log *l, int fd)
{
	struct stat st;

	if (outcome(l, "fstat", fstat(fd, &st)) < 0)
		return;
	note(l, "  size %lld mode %#o uid %u gid %u nlink %lu blocks %lld blksize %ld",
	     (long long)st.st_size, st.st_mode, st.st_uid, st.st_gid,
	     (unsigned long)st.st_nlink, (long long)st.st_blocks, (long)st.st_blksize);
}

/* The seed's example, as the course prints it. */
static void seed_example(const struct pshm_api *api, FILE *out)
{
	const char *name = "/my_shm";
	const size_t size = 4096;
	int fd = api->open(name, O_CREAT | O_RDWR, 0666);
	char *ptr;
	pid_t pid;

	if (fd == -1 || ftruncate(fd, size) == -1) {
		fprintf(out, "shm_open/ftruncate: %s\n", strerror(errno));
		return;
	}
	ptr = mmap(0, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (ptr == MAP_FAILED) {
		fprintf(out, "mmap: %s\n", strerror(errno));
		return;
	}
	fflush(out);
	pid = fork();
	if (pid == 0) {
		sprintf(ptr, "Hello from child!");
		_exit(0);
	}
	wait(NULL);
	fprintf(out, "Parent reads: %s\n", ptr);
	munmap(ptr, size);
	close(fd);
	fprintf(out, "shm_unlink: %d\n", api->unlink(name));
}

static void the_seeds_example_prints_the_same_over_the_toy(void)
{
	char *real = NULL, *toy = NULL;
	size_t n;
	FILE *f;

	f = open_memstream(&real, &n);
	seed_example(&real_api, f);
	fclose(f);
	f = open_memstream(&toy, &n);
	seed_example(&toy_api, f);
	fclose(f);
	printf("# real: %s# toy:  %s", real, toy);
	if (strcmp(real, toy) || !strstr(toy, "Parent reads: Hello from child!"))
		TT_FAIL("the toy printed something else");
}

DIFFERENTIAL_TEST(names_follow_glibc)
{
	char longname[NAME_MAX + 3];
	int fd;

	api->unlink(S);
	outcome(l, "open \"\"", api->open("", O_RDWR | O_CREAT, 0600));
	outcome(l, "open \"/\"", api->open("/", O_RDWR | O_CREAT, 0600));
	outcome(l, "open \"/a/b\"", api->open("/a/b", O_RDWR | O_CREAT, 0600));
	outcome(l, "open \"/..\"", api->open("/..", O_RDWR, 0600));
	memset(longname, 'x', sizeof(longname));
	longname[0] = '/';
	longname[NAME_MAX + 2] = '\0';
	outcome(l, "open 256 chars", api->open(longname, O_RDWR | O_CREAT, 0600));
	longname[NAME_MAX + 1] = '\0';
	fd = outcome_ok(l, "open 255 chars", api->open(longname, O_RDWR | O_CREAT, 0600));
	close(fd);
	outcome(l, "unlink 255 chars", api->unlink(longname));
	outcome(l, "open missing", api->open(S, O_RDWR, 0));
	EXPECT(l, errno == ENOENT);
	fd = outcome_ok(l, "create without slash", api->open("tt-pshm", O_RDWR | O_CREAT | O_EXCL, 0600));
	close(fd);
	outcome(l, "create again, exclusive", api->open(S, O_RDWR | O_CREAT | O_EXCL, 0600));
	EXPECT(l, errno == EEXIST);
	outcome(l, "unlink", api->unlink("///tt-pshm"));
	outcome(l, "unlink again", api->unlink(S));
	EXPECT(l, errno == ENOENT);
}

DIFFERENTIAL_TEST(a_new_segment_is_empty_owned_and_close_on_exec)
{
	int fd;

	api->unlink(S);
	umask(022);
	fd = api->open(S, O_RDWR | O_CREAT | O_EXCL, 0666);
	note(l, "FD_CLOEXEC %d", fcntl(fd, F_GETFD) & FD_CLOEXEC);
	note(l, "flags %#o", fcntl(fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK | O_APPEND));
	note_stat(l, fd);
	outcome(l, "fchmod 0640", fchmod(fd, 0640));
	outcome(l, "ftruncate 3 pages + 1", ftruncate(fd, 3 * page + 1));
	note_stat(l, fd);
	close(fd);
	api->unlink(S);
}

DIFFERENTIAL_TEST(o_trunc_empties_and_o_rdonly_cannot_write)
{
	int fd = new_segment(api, 2 * page), ro;

	close(fd);
	ro = api->open(S, O_RDONLY, 0);
	note_stat(l, ro);
	outcome(l, "ftruncate O_RDONLY", ftruncate(ro, page));
	note(l, "mmap PROT_WRITE MAP_SHARED of O_RDONLY: %s",
	     mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED ?
	     err_name(errno) : "mapped");
	note(l, "mmap PROT_WRITE MAP_PRIVATE of O_RDONLY: %s",
	     mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0) == MAP_FAILED ?
	     err_name(errno) : "mapped");
	close(ro);
	fd = api->open(S, O_RDWR | O_TRUNC, 0);
	note_stat(l, fd);
	close(fd);
	api->unlink(S);
}

static sigjmp_buf bus_jmp;

static void on_bus(int sig)
{
	(void)sig;
	siglongjmp(bus_jmp, 1);
}

/* Read the byte at P: its value, or -1 for SIGBUS. */
static int touch(volatile char *p)
{
	struct sigaction sa = { .sa_handler = on_bus }, old;
	int v;

	sigaction(SIGBUS, &sa, &old);
	if (sigsetjmp(bus_jmp, 1))
		v = -1;
	else
		v = *p;
	sigaction(SIGBUS, &old, NULL);
	return v;
}

DIFFERENTIAL_TEST(ftruncate_shrinks_and_pages_past_the_end_are_sigbus)
{
	int fd = new_segment(api, 3 * page);
	char *p = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	struct stat st;

	EXPECT(l, p != MAP_FAILED);
	memset(p, 'a', 3 * page);
	fstat(fd, &st);
	note(l, "blocks after touching 3 pages: %lld", (long long)st.st_blocks);
	outcome(l, "ftruncate 1 page", ftruncate(fd, page));
	fstat(fd, &st);
	note(l, "blocks: %lld", (long long)st.st_blocks);
	note(l, "page 0: %d, page 1: %d, page 2: %d", touch(p), touch(p + page),
	     touch(p + 2 * page));
	outcome(l, "ftruncate 3 pages again", ftruncate(fd, 3 * page));
	note(l, "page 0: %d, page 1: %d, page 2: %d", touch(p), touch(p + page),
	     touch(p + 2 * page));
	munmap(p, 3 * page);
	close(fd);
	api->unlink(S);
}

DIFFERENTIAL_TEST(every_open_and_fork_shares_the_bytes_private_does_not)
{
	int fd = new_segment(api, page), fd2;
	char *a = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), *b, *priv;
	char buf[16] = "";

	fd2 = api->open(S, O_RDWR, 0);
	b = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
	priv = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd2, 0);
	EXPECT(l, a != MAP_FAILED && b != MAP_FAILED && priv != MAP_FAILED);
	strcpy(a, "via a");
	note(l, "b sees \"%s\", private sees \"%s\"", b, priv);
	strcpy(priv, "private");
	note(l, "a sees \"%s\" after a private write", a);
	if (fork_child(l) == 0) {
		strcpy(b, "child");
		_exit(0);
	}
	note_child_end(l, l->child);
	note(l, "a sees \"%s\", private sees \"%s\"", a, priv);
	outcome(l, "pread", pread(fd2, buf, 5, 0));
	note(l, "read \"%s\"", buf);
	outcome(l, "pwrite", pwrite(fd2, "write", 5, 0));
	note(l, "a sees \"%s\"", a);
	munmap(a, page);
	munmap(b, page);
	munmap(priv, page);
	close(fd);
	close(fd2);
	api->unlink(S);
}

DIFFERENTIAL_TEST(shm_unlink_while_mapped_keeps_the_pages)
{
	int fd = new_segment(api, page), fd2;
	char *p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	EXPECT(l, p != MAP_FAILED);
	close(fd);
	strcpy(p, "still here");
	outcome(l, "unlink", api->unlink(S));
	outcome(l, "open by name", api->open(S, O_RDWR, 0));
	note(l, "mapping reads \"%s\"", p);
	fd2 = api->open(S, O_RDWR | O_CREAT, 0600);
	note_stat(l, fd2);
	close(fd2);
	munmap(p, page);
	api->unlink(S);
}

DIFFERENTIAL_TEST(permissions_apply_to_other_users)
{
	int fd = new_segment(api, page);
	pid_t pid;

	pid = fork_child(l);
	if (pid == 0) {
		become_user_2000();
		outcome(l, "nobody O_RDONLY of 0600", api->open(S, O_RDONLY, 0));
		outcome(l, "nobody unlink", api->unlink(S));
		_exit(0);
	}
	note_child_end(l, pid);
	fchmod(fd, 0604);
	pid = fork_child(l);
	if (pid == 0) {
		int ro;

		become_user_2000();
		ro = outcome_ok(l, "nobody O_RDONLY of 0604", api->open(S, O_RDONLY, 0));
		outcome(l, "nobody O_RDWR of 0604", api->open(S, O_RDWR, 0));
		outcome(l, "nobody O_RDONLY|O_TRUNC", api->open(S, O_RDONLY | O_TRUNC, 0));
		outcome(l, "nobody fchmod", fchmod(ro, 0777));
		_exit(0);
	}
	note_child_end(l, pid);
	note_stat(l, fd);
	close(fd);
	api->unlink(S);
}

#define CG	"/sys/fs/cgroup/tt-pshm"

static long long cgroup_memory(void)
{
	char buf[32];

	tt_read_file(CG "/memory.current", buf, sizeof(buf));
	return atoll(buf);
}

/*
 * A child in cgroup CG touches 1024 pages of a segment: the cgroup pays, as
 * for tmpfs.  memory.current is not an exact count of the pages: each CPU
 * keeps a stock of up to MEMCG_CHARGE_BATCH (64) pages charged ahead
 * (mm/memcontrol.c, consume_stock()/refill_stock()), and another cgroup's
 * charge on that CPU drains it back at any time, so between two reads it
 * can move by about 64 pages per CPU either way.  Hence "most of the pages":
 * 1024 - 256 leaves room for both guest CPUs' stocks twice over, and a
 * mechanism that charges nothing still shows a difference near 0.
 */
DIFFERENTIAL_TEST(pages_are_charged_to_the_toucher_s_memory_cgroup)
{
	const long pages = 1024, slack = 256;
	long long before, after;
	char pid[16];
	int fd;

	mkdir("/sys/fs/cgroup", 0755);
	mount("none", "/sys/fs/cgroup", "cgroup2", 0, NULL);
	if (access("/sys/fs/cgroup/cgroup.subtree_control", F_OK))
		TT_FAIL("no cgroup2 in this guest: %s", strerror(errno));
	fd = open("/sys/fs/cgroup/cgroup.subtree_control", O_WRONLY);
	if (fd < 0 || write(fd, "+memory", 7) != 7)
		TT_FAIL("enabling the memory controller: %s", strerror(errno));
	close(fd);
	mkdir(CG, 0755);
	if (fork_child(l) == 0) {
		char *p;

		fd = open(CG "/cgroup.procs", O_WRONLY);
		snprintf(pid, sizeof(pid), "%d", getpid());
		if (fd < 0 || write(fd, pid, strlen(pid)) < 0)
			TT_FAIL("joining " CG ": %s", strerror(errno));
		close(fd);
		fd = new_segment(api, pages * page);
		before = cgroup_memory();
		p = mmap(NULL, pages * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		EXPECT(l, p != MAP_FAILED);
		memset(p, 1, pages * page);
		after = cgroup_memory();
		note(l, "the cgroup was charged at least %ld of %ld pages: %d",
		     pages - slack, pages, after - before >= (pages - slack) * page);
		munmap(p, pages * page);
		close(fd);
		api->unlink(S);
		_exit(0);
	}
	note_child_end(l, l->child);
	rmdir(CG);
}

static long module_refs(void)
{
	char buf[32];

	tt_read_file("/sys/module/toyipc/refcnt", buf, sizeof(buf));
	return atol(buf);
}

/* rmmod is refused while a segment is open or mapped: each holds a module reference. */
static void an_open_or_mapped_segment_pins_the_module(void)
{
	long before, open_refs, mapped_refs, after;
	int fd;
	char *p;

	toy_shm_unlink(S);
	fd = toy_shm_open(S, O_RDWR | O_CREAT, 0600);	/* opens /dev/toyipc first */
	TT_ASSERT(fd >= 0 && ftruncate(fd, page) == 0);
	close(fd);
	before = module_refs();
	fd = toy_shm_open(S, O_RDWR, 0);
	open_refs = module_refs();
	p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	TT_ASSERT(p != MAP_FAILED);
	close(fd);
	mapped_refs = module_refs();
	munmap(p, page);
	after = module_refs();
	toy_shm_unlink(S);
	if (open_refs != before + 1 || mapped_refs != before + 1 || after != before)
		TT_FAIL("module references: %ld, open %ld, mapped %ld, after %ld",
			before, open_refs, mapped_refs, after);
}

/*
 * What tmpfs has and the toy's ramfs-based filesystem has not:
 * fallocate(2) (Linux: the segment grows to the range; toy: EOPNOTSUPP,
 * ramfs has no ->fallocate), and seals (an shm_open() file on tmpfs is
 * sealed with F_SEAL_SEAL from birth, so F_GET_SEALS says 1 and
 * F_ADD_SEALS EPERM; the toy's file is no shmem file: EINVAL for both).
 */
static void fallocate_and_seals_are_tmpfs_s_unlike_the_toy(void)
{
	int real = new_segment(&real_api, 0), toy = new_segment(&toy_api, 0);
	int rf, tf, rg, tg, ra, ta, rfe, tfe, rge, tge, rae, tae;
	struct stat rst, tst;

	errno = 0;
	rf = fallocate(real, 0, 0, 2 * page);
	rfe = errno;
	errno = 0;
	tf = fallocate(toy, 0, 0, 2 * page);
	tfe = errno;
	TT_ASSERT(fstat(real, &rst) == 0 && fstat(toy, &tst) == 0);
	errno = 0;
	rg = fcntl(real, F_GET_SEALS);
	rge = errno;
	errno = 0;
	tg = fcntl(toy, F_GET_SEALS);
	tge = errno;
	errno = 0;
	ra = fcntl(real, F_ADD_SEALS, F_SEAL_WRITE);
	rae = errno;
	errno = 0;
	ta = fcntl(toy, F_ADD_SEALS, F_SEAL_WRITE);
	tae = errno;
	close(real);
	close(toy);
	real_api.unlink(S);
	toy_api.unlink(S);
	printf("# real: fallocate %d (%s) size %lld, F_GET_SEALS %d (%s), F_ADD_SEALS %d (%s)\n",
	       rf, strerror(rfe), (long long)rst.st_size, rg, strerror(rge), ra, strerror(rae));
	printf("# toy:  fallocate %d (%s) size %lld, F_GET_SEALS %d (%s), F_ADD_SEALS %d (%s)\n",
	       tf, strerror(tfe), (long long)tst.st_size, tg, strerror(tge), ta, strerror(tae));
	if (rf != 0 || rst.st_size != 2 * page || rg != F_SEAL_SEAL || ra != -1 || rae != EPERM)
		TT_FAIL("Linux's side is not what this test pins");
	if (tf != -1 || tfe != EOPNOTSUPP || tst.st_size != 0 || tg != -1 || tge != EINVAL ||
	    ta != -1 || tae != EINVAL)
		TT_FAIL("the toy's side is not what this test pins");
}

int main(void)
{
	static const struct tt_case cases[] = {
		TT_CASE(the_seeds_example_prints_the_same_over_the_toy),
		TT_CASE(names_follow_glibc),
		TT_CASE(a_new_segment_is_empty_owned_and_close_on_exec),
		TT_CASE(o_trunc_empties_and_o_rdonly_cannot_write),
		TT_CASE(ftruncate_shrinks_and_pages_past_the_end_are_sigbus),
		TT_CASE(every_open_and_fork_shares_the_bytes_private_does_not),
		TT_CASE(shm_unlink_while_mapped_keeps_the_pages),
		TT_CASE(permissions_apply_to_other_users),
		TT_CASE(an_open_or_mapped_segment_pins_the_module),
		TT_CASE(pages_are_charged_to_the_toucher_s_memory_cgroup),
		TT_CASE(fallocate_and_seals_are_tmpfs_s_unlike_the_toy),
		{ NULL, NULL },
	};

	page = sysconf(_SC_PAGESIZE);
	return tt_main("posix_shm", cases);
}
