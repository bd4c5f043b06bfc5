// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of kmod/shm.c: toy_shmget, toy_shmat, toy_shmdt, toy_shmctl.
 *
 * Most tests are differential: a scenario written once runs over Linux's
 * shmget/shmat/shmdt/shmctl and over libtoyipc's toy_ versions, notes what
 * it sees (return values, errno names, IPC_STAT fields, bytes, signals),
 * and the two transcripts must be equal.  The scenario also checks the
 * rules it is about with EXPECT, on both, so a test cannot pass by the two
 * agreeing on something wrong.  Values that differ between runs (ids,
 * addresses, pids, times) are noted by what they are: "self", "child",
 * "now", "same id".
 */
#include <fcntl.h>
#include <grp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <time.h>

#include "toyipc.h"
#include "tt.h"
#include "transcript.h"

/* The calls a scenario uses: Linux's or the toy's. */
struct shm_api {
	const char *name;
	int (*get)(key_t key, size_t size, int shmflg);
	void *(*at)(int shmid, const void *shmaddr, int shmflg);
	int (*dt)(const void *shmaddr);
	int (*ctl)(int shmid, int cmd, struct shmid_ds *buf);
};

static const struct shm_api real_api = { "real", shmget, shmat, shmdt, shmctl };
static const struct shm_api toy_api = {
	"toy", toy_shmget, toy_shmat, toy_shmdt, toy_shmctl
};

/* toy_shmat's result: an address, or (void *)-1 and errno. */
static char *outcome_at(struct log *l, const char *what, void *ret)
{
	outcome_ok(l, what, ret == (void *)-1 ? -1 : 0);
	return ret;
}

/* Note every IPC_STAT field, in a form that is the same run to run. */
static void note_stat(const struct shm_api *api, struct log *l, int id)
{
	struct shmid_ds ds;

	memset(&ds, 0xa5, sizeof(ds));
	if (outcome(l, "IPC_STAT", api->ctl(id, IPC_STAT, &ds)) < 0)
		return;
	note(l, "  key %#x uid %u gid %u cuid %u cgid %u mode %#o seq-ok %d",
	     ds.shm_perm.__key, ds.shm_perm.uid, ds.shm_perm.gid,
	     ds.shm_perm.cuid, ds.shm_perm.cgid, ds.shm_perm.mode,
	     ds.shm_perm.__seq == (id >> 15));
	note(l, "  segsz %zu nattch %lu cpid %s lpid %s",
	     ds.shm_segsz, (unsigned long)ds.shm_nattch,
	     who(l, ds.shm_cpid), who(l, ds.shm_lpid));
	note(l, "  atime %s", when(l, ds.shm_atime));
	note(l, "  dtime %s", when(l, ds.shm_dtime));
	note(l, "  ctime %s", when(l, ds.shm_ctime));
}

static unsigned long nattch(const struct shm_api *api, int id)
{
	struct shmid_ds ds;

	if (api->ctl(id, IPC_STAT, &ds) < 0)
		return (unsigned long)-1;
	return ds.shm_nattch;
}

static void note_child_end(struct log *l, pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		TT_FAIL("%s: waitpid: %s", l->api, strerror(errno));
	if (WIFSIGNALED(status))
		note(l, "child killed by %s", sigabbrev_np(WTERMSIG(status)));
	else
		note(l, "child exit %d", WEXITSTATUS(status));
}

/* A page-aligned address range nothing is mapped at. */
static char *free_area(size_t len)
{
	void *p = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED || munmap(p, len))
		TT_FAIL("mmap: %s", strerror(errno));
	return p;
}

/* Become an unprivileged user: no capability overrides the ipc_perm bits. */
static void become_nobody(void)
{
	if (setgroups(0, NULL) || setresgid(2000, 2000, 2000) ||
	    setresuid(2000, 2000, 2000))
		TT_FAIL("dropping privileges: %s", strerror(errno));
}

static void remove_segment(const struct shm_api *api, int id)
{
	if (api->ctl(id, IPC_RMID, NULL))
		TT_FAIL("%s: IPC_RMID of %d: %s", api->name, id, strerror(errno));
}

/* Run SCENARIO over Linux, then over the toy; the transcripts must match. */
static void same_on_real_and_toy(void (*scenario)(const struct shm_api *, struct log *))
{
	struct log *real = new_log("real"), *toy = new_log("toy");

	scenario(&real_api, real);
	scenario(&toy_api, toy);
	if (strcmp(real->text, toy->text)) {
		print_log(real);
		print_log(toy);
		TT_FAIL("the toy's transcript differs from Linux's");
	}
}

/* A differential test: NAME is the behaviour, the body the scenario. */
#define DIFFERENTIAL_TEST(name)						\
	static void name##_on(const struct shm_api *api, struct log *l); \
	static void name(void) { same_on_real_and_toy(name##_on); }	\
	static void name##_on(const struct shm_api *api, struct log *l)

static long page;

/* Keys for the tests that need one; each test removes what it made. */
#define KEY(n)	((key_t)(0x5e3d0000 + (n)))

/* --- shmget */

DIFFERENTIAL_TEST(new_segment_of_size_zero_is_einval)
{
	outcome(l, "shmget(size 0)", api->get(IPC_PRIVATE, 0, 0600));
	EXPECT(l, errno == EINVAL);
}

/* A 32-bit size_t cannot exceed shmmax (shm_test32 leaves this out). */
#if SIZE_MAX > 0xffffffffUL
DIFFERENTIAL_TEST(new_segment_above_shmmax_is_einval)
{
	outcome(l, "shmget(size max)", api->get(IPC_PRIVATE, SIZE_MAX, 0600));
	EXPECT(l, errno == EINVAL);
}
#endif

/* A /proc/meminfo field in kB ("Committed_AS", "CommitLimit"). */
static long meminfo_kb(const char *field)
{
	char line[256], name[64];
	long kb = -1, v;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		TT_FAIL("/proc/meminfo: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63[^:]: %ld kB", name, &v) == 2 && !strcmp(name, field))
			kb = v;
	fclose(f);
	if (kb < 0)
		TT_FAIL("/proc/meminfo has no %s", field);
	return kb;
}

/* RAM and swap in pages, from /proc/meminfo (totalram_pages(), total_swap_pages). */
static unsigned long ram_and_swap_pages(void)
{
	return (meminfo_kb("MemTotal") + meminfo_kb("SwapTotal")) / (page / 1024);
}

/*
 * vm.overcommit_memory 0, the default: a segment of more pages than RAM
 * and swap together is ENOMEM (newseg() -> shmem_kernel_file_setup() ->
 * __vm_enough_memory()), one of exactly that many is made (nothing is
 * allocated before it is touched), and SHM_NORESERVE skips the check.
 */
DIFFERENTIAL_TEST(a_segment_larger_than_ram_and_swap_is_enomem)
{
	size_t fit = ram_and_swap_pages() * page;
	char mode[16];
	int id;

	if (tt_read_line("/proc/sys/vm/overcommit_memory", mode, sizeof(mode)) || strcmp(mode, "0"))
		TT_FAIL("vm.overcommit_memory is not 0, the mode this test is about");
	outcome(l, "shmget(RAM + swap + 1 page)", api->get(IPC_PRIVATE, fit + page, 0600));
	EXPECT(l, errno == ENOMEM);
	outcome(l, "shmget(RAM + swap + 1 byte)", api->get(IPC_PRIVATE, fit + 1, 0600));
	EXPECT(l, errno == ENOMEM);
	id = outcome_ok(l, "shmget(RAM + swap)", api->get(IPC_PRIVATE, fit, 0600));
	EXPECT(l, id >= 0);
	if (id >= 0)
		remove_segment(api, id);
	id = outcome_ok(l, "shmget(RAM + swap + 1 page, SHM_NORESERVE)",
			api->get(IPC_PRIVATE, fit + page, SHM_NORESERVE | 0600));
	EXPECT(l, id >= 0);
	if (id >= 0)
		remove_segment(api, id);
}

DIFFERENTIAL_TEST(existing_key_with_a_larger_size_is_einval)
{
	int id = outcome_ok(l, "create 100 bytes", api->get(KEY(1), 100, IPC_CREAT | 0600));

	EXPECT(l, id >= 0);
	outcome(l, "get 101 bytes", api->get(KEY(1), 101, 0600));
	EXPECT(l, errno == EINVAL);
	/* The page holds 4096 bytes, but the segment's size is what was asked. */
	outcome(l, "get a page", api->get(KEY(1), page, 0600));
	note(l, "get 100 bytes is the same id: %d", api->get(KEY(1), 100, 0600) == id);
	note(l, "get 0 bytes is the same id: %d", api->get(KEY(1), 0, 0600) == id);
	remove_segment(api, id);
}

DIFFERENTIAL_TEST(keys_follow_ipc_creat_and_ipc_excl)
{
	int id;

	outcome(l, "get missing key", api->get(KEY(2), page, 0600));
	EXPECT(l, errno == ENOENT);
	id = outcome_ok(l, "create", api->get(KEY(2), page, IPC_CREAT | IPC_EXCL | 0600));
	EXPECT(l, id >= 0);
	outcome(l, "create again, exclusive", api->get(KEY(2), page, IPC_CREAT | IPC_EXCL | 0600));
	EXPECT(l, errno == EEXIST);
	note(l, "IPC_CREAT finds it: %d", api->get(KEY(2), page, IPC_CREAT | 0600) == id);
	note(l, "IPC_PRIVATE makes another: %d", api->get(IPC_PRIVATE, page, 0600) != id);
	remove_segment(api, id);
}

/*
 * Does id @y come right after id @x in ipc_idr_alloc()'s cycle?  The next
 * index, or, when the cursor has come to the end of the cycle (64 indexes
 * while few are in use: ipc_min_cycle), index 0 of the next sequence
 * number.  Where each side's cursor stands depends on what ran before, so
 * the test may not assume it is far from the end (it once did, and failed
 * when another test's segments moved the toy's cursor to index 63).
 */
static int next_in_cycle(int x, int y)
{
	return y == x + 1 ||
	       ((y & 0x7fff) < (x & 0x7fff) && y >> 15 == (x >> 15) + 1);
}

/* Ids as Linux's ipc_idr_alloc() gives them: the next index, not a freed one. */
DIFFERENTIAL_TEST(ids_are_handed_out_like_linux)
{
	int a = api->get(IPC_PRIVATE, page, 0600);
	int b = api->get(IPC_PRIVATE, page, 0600);
	int c;

	EXPECT(l, a >= 0 && b >= 0);
	remove_segment(api, a);
	c = api->get(IPC_PRIVATE, page, 0600);
	EXPECT(l, c >= 0);
	note(l, "second after first: %s", next_in_cycle(a, b) ? "the next index" : "another");
	note(l, "third after second: %s, %s", next_in_cycle(b, c) ? "the next index" : "another",
	     c == a ? "the freed id again" : "not the freed id");
	remove_segment(api, b);
	remove_segment(api, c);
}

DIFFERENTIAL_TEST(a_new_segment_reports_its_creation_in_ipc_stat)
{
	int id = api->get(KEY(3), 100, IPC_CREAT | 0640);

	EXPECT(l, id >= 0);
	note_stat(api, l, id);
	remove_segment(api, id);
}

/* --- shmat, the pages */

DIFFERENTIAL_TEST(pages_start_zero_filled)
{
	int id = api->get(IPC_PRIVATE, 3 * page, 0600);
	char *p = outcome_at(l, "shmat", api->at(id, NULL, 0));
	long nonzero = 0;

	EXPECT(l, p != (void *)-1);
	for (long i = 0; i < 3 * page; i++)
		nonzero += p[i] != 0;
	note(l, "nonzero bytes: %ld", nonzero);
	EXPECT(l, nonzero == 0);
	api->dt(p);
	remove_segment(api, id);
}

/* shm_segsz keeps 100, but the memory is a whole page, all usable. */
DIFFERENTIAL_TEST(memory_comes_in_whole_pages)
{
	int id = api->get(IPC_PRIVATE, 100, 0600);
	char *p = api->at(id, NULL, 0);

	EXPECT(l, p != (void *)-1);
	p[page - 1] = 'z';
	note(l, "last byte of the page: %c", p[page - 1]);
	note_stat(api, l, id);
	api->dt(p);
	remove_segment(api, id);
}

DIFFERENTIAL_TEST(two_attaches_share_the_same_pages)
{
	int id = api->get(IPC_PRIVATE, 2 * page, 0600);
	char *a = api->at(id, NULL, 0);
	char *b = api->at(id, NULL, 0);

	EXPECT(l, a != (void *)-1 && b != (void *)-1);
	note(l, "different addresses: %d", a != b);
	strcpy(a + page + 10, "through a");
	note(l, "read through b: %s", b + page + 10);
	EXPECT(l, strcmp(b + page + 10, "through a") == 0);
	api->dt(a);
	api->dt(b);
	remove_segment(api, id);
}

DIFFERENTIAL_TEST(data_written_by_one_process_is_seen_by_another)
{
	int id = api->get(IPC_PRIVATE, page, 0600);
	char *p;

	EXPECT(l, id >= 0);
	if (fork_child(l) == 0) {
		char *c = api->at(id, NULL, 0);

		if (c == (void *)-1)
			_exit(1);
		strcpy(c, "written by the child");
		_exit(0);
	}
	note_child_end(l, l->child);
	p = api->at(id, NULL, 0);
	EXPECT(l, p != (void *)-1);
	note(l, "parent reads: %s", p);
	EXPECT(l, strcmp(p, "written by the child") == 0);
	api->dt(p);
	remove_segment(api, id);
}

DIFFERENTIAL_TEST(a_read_only_attach_cannot_be_written)
{
	int id = api->get(IPC_PRIVATE, page, 0600);
	char *p = outcome_at(l, "shmat(SHM_RDONLY)", api->at(id, NULL, SHM_RDONLY));

	EXPECT(l, p != (void *)-1);
	note(l, "reads: %d", p[0]);
	outcome(l, "mprotect(PROT_WRITE)", mprotect(p, page, PROT_READ | PROT_WRITE));
	EXPECT(l, errno == EACCES);
	if (fork_child(l) == 0) {
		p[0] = 1;
		_exit(0);
	}
	note_child_end(l, l->child);
	api->dt(p);
	remove_segment(api, id);
}

/* A mapping that grew past the segment (mremap) has no page there: SIGBUS. */
DIFFERENTIAL_TEST(access_past_the_segment_raises_sigbus)
{
	int id = api->get(IPC_PRIVATE, page, 0600);
	char *p = api->at(id, NULL, 0);
	char *q;

	EXPECT(l, p != (void *)-1);
	q = mremap(p, page, 2 * page, MREMAP_MAYMOVE);
	EXPECT(l, q != MAP_FAILED);
	q[0] = 'a';
	note(l, "first page still works: %c", q[0]);
	if (fork_child(l) == 0) {
		q[page] = 1;
		_exit(0);
	}
	note_child_end(l, l->child);
	note(l, "nattch after mremap: %lu", nattch(api, id));
	outcome(l, "shmdt(moved)", api->dt(q));
	remove_segment(api, id);
}

/* --- shmat, the address */

DIFFERENTIAL_TEST(an_unaligned_address_needs_shm_rnd)
{
	int id = api->get(IPC_PRIVATE, page, 0600);
	char *base = free_area(2 * page);
	char *p;

	outcome_at(l, "shmat(base + 100)", api->at(id, base + 100, 0));
	EXPECT(l, errno == EINVAL);
	p = outcome_at(l, "shmat(base + 100, SHM_RND)", api->at(id, base + 100, SHM_RND));
	note(l, "rounded down to base: %d", p == base);
	EXPECT(l, p == base);
	api->dt(p);
	remove_segment(api, id);
}

DIFFERENTIAL_TEST(an_aligned_address_is_used_as_given)
{
	int id = api->get(IPC_PRIVATE, page, 0600);
	char *base = free_area(3 * page) + page;
	char *p = outcome_at(l, "shmat(base)", api->at(id, base, 0));

	note(l, "at base: %d", p == base);
	EXPECT(l, p == base);
	api->dt(p);
	remove_segment(api, id);
}

DIFFERENTIAL_TEST(an_address_in_use_needs_shm_remap)
{
	int id = api->get(IPC_PRIVATE, page, 0600);
	char *x = mmap(NULL, page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *p;

	EXPECT(l, x != MAP_FAILED);
	x[0] = 7;
	outcome_at(l, "shmat(mapped)", api->at(id, x, 0));
	EXPECT(l, errno == EINVAL);
	note(l, "old mapping intact: %d", x[0]);
	outcome_at(l, "shmat(NULL, SHM_REMAP)", api->at(id, NULL, SHM_REMAP));
	EXPECT(l, errno == EINVAL);
	p = outcome_at(l, "shmat(mapped, SHM_REMAP)", api->at(id, x, SHM_REMAP));
	note(l, "replaced at x: %d, reads %d", p == x, x[0]);
	EXPECT(l, p == x && x[0] == 0);
	api->dt(p);
	remove_segment(api, id);
}

DIFFERENTIAL_TEST(a_bad_id_is_einval)
{
	int id = api->get(IPC_PRIVATE, page, 0600);

	outcome_at(l, "shmat(-1)", api->at(-1, NULL, 0));
	EXPECT(l, errno == EINVAL);
	remove_segment(api, id);
	outcome_at(l, "shmat(removed)", api->at(id, NULL, 0));
	EXPECT(l, errno == EINVAL);
	outcome(l, "IPC_STAT(removed)", api->ctl(id, IPC_STAT, &(struct shmid_ds){ 0 }));
	outcome(l, "IPC_RMID(removed)", api->ctl(id, IPC_RMID, NULL));
}

/* --- shmdt */

DIFFERENTIAL_TEST(shmdt_needs_the_start_of_an_attach)
{
	int id = api->get(IPC_PRIVATE, 2 * page, 0600);
	char *p = api->at(id, NULL, 0);
	int local;

	EXPECT(l, p != (void *)-1);
	outcome(l, "shmdt(stack)", api->dt(&local));
	EXPECT(l, errno == EINVAL);
	outcome(l, "shmdt(p + 1)", api->dt(p + 1));
	outcome(l, "shmdt(p + page)", api->dt(p + page));
	EXPECT(l, errno == EINVAL);
	outcome(l, "shmdt(p)", api->dt(p));
	outcome(l, "shmdt(p) again", api->dt(p));
	EXPECT(l, errno == EINVAL);
	remove_segment(api, id);
}

DIFFERENTIAL_TEST(attach_and_detach_update_nattch_times_and_lpid)
{
	int id = api->get(IPC_PRIVATE, page, 0600);
	char *a, *b;

	a = outcome_at(l, "shmat", api->at(id, NULL, 0));
	note_stat(api, l, id);
	b = outcome_at(l, "shmat", api->at(id, NULL, 0));
	note(l, "nattch %lu", nattch(api, id));
	outcome(l, "shmdt", api->dt(a));
	note_stat(api, l, id);
	outcome(l, "shmdt", api->dt(b));
	note(l, "nattch %lu", nattch(api, id));
	remove_segment(api, id);
}

/* mprotect() splits an attach in pieces; each counts, shmdt() unmaps all. */
DIFFERENTIAL_TEST(shmdt_unmaps_every_piece_of_a_split_attach)
{
	int id = api->get(IPC_PRIVATE, 3 * page, 0600);
	char *p = api->at(id, NULL, 0);

	EXPECT(l, p != (void *)-1);
	outcome(l, "mprotect(middle page)", mprotect(p + page, page, PROT_READ));
	note(l, "nattch %lu", nattch(api, id));
	outcome(l, "shmdt", api->dt(p));
	note(l, "nattch %lu", nattch(api, id));
	EXPECT(l, nattch(api, id) == 0);
	outcome(l, "mincore(last page)", mincore(p + 2 * page, page, &(unsigned char){ 0 }));
	EXPECT(l, errno == ENOMEM);
	remove_segment(api, id);
}

/*
 * shmdt(p) still detaches an attach whose first page was munmap()ed: the
 * search from p finds a piece at the offset its distance from p says
 * (ksys_shmdt()'s first loop), and every other piece goes with it.
 */
DIFFERENTIAL_TEST(shmdt_finds_an_attach_whose_first_page_is_gone)
{
	int id = api->get(IPC_PRIVATE, 4 * page, 0600);
	char *p = api->at(id, NULL, 0);

	EXPECT(l, p != (void *)-1);
	outcome(l, "mprotect(third page)", mprotect(p + 2 * page, page, PROT_READ));
	outcome(l, "munmap(first page)", munmap(p, page));
	note(l, "nattch %lu", nattch(api, id));
	outcome(l, "shmdt(p + page)", api->dt(p + page));
	EXPECT(l, errno == EINVAL);
	outcome(l, "shmdt(p)", api->dt(p));
	note(l, "nattch %lu", nattch(api, id));
	EXPECT(l, nattch(api, id) == 0);
	for (int i = 1; i < 4; i++)
		outcome(l, "mincore(page)", mincore(p + i * page, page, &(unsigned char){ 0 }));
	EXPECT(l, errno == ENOMEM);
	outcome(l, "shmdt(p) again", api->dt(p));
	EXPECT(l, errno == EINVAL);
	remove_segment(api, id);
}

/*
 * A piece of another attach above p does not count: its offset puts its
 * own attach elsewhere.  shmdt(p) of an address where nothing was attached
 * fails even with attaches mapped above it.
 */
DIFFERENTIAL_TEST(shmdt_ignores_pieces_of_attaches_made_elsewhere)
{
	int id = api->get(IPC_PRIVATE, 2 * page, 0600);
	char *base = free_area(4 * page);
	char *p = api->at(id, base + page, 0);

	EXPECT(l, p == base + page);
	outcome(l, "munmap(first page)", munmap(p, page));
	outcome(l, "shmdt(base)", api->dt(base));
	EXPECT(l, errno == EINVAL);
	note(l, "nattch %lu", nattch(api, id));
	outcome(l, "shmdt(p)", api->dt(p));
	note(l, "nattch %lu", nattch(api, id));
	remove_segment(api, id);
}

DIFFERENTIAL_TEST(munmap_detaches_like_shmdt)
{
	int id = api->get(IPC_PRIVATE, page, 0600);
	char *p = api->at(id, NULL, 0);

	EXPECT(l, p != (void *)-1);
	outcome(l, "munmap", munmap(p, page));
	note_stat(api, l, id);
	remove_segment(api, id);
}

/* --- nattch across fork, exit and exec */

DIFFERENTIAL_TEST(nattch_counts_mappings_inherited_by_fork)
{
	int id = api->get(IPC_PRIVATE, page, 0600);
	char *p = api->at(id, NULL, 0);
	int ready[2], go[2];
	char c = 0;

	EXPECT(l, p != (void *)-1 && pipe(ready) == 0 && pipe(go) == 0);
	if (fork_child(l) == 0) {
		if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(1);
		_exit(0);
	}
	EXPECT(l, read(ready[0], &c, 1) == 1);
	note(l, "while the child lives:");
	note_stat(api, l, id);
	EXPECT(l, nattch(api, id) == 2);
	EXPECT(l, write(go[1], "g", 1) == 1);
	note_child_end(l, l->child);
	note(l, "after it exited:");
	note_stat(api, l, id);
	EXPECT(l, nattch(api, id) == 1);
	api->dt(p);
	remove_segment(api, id);
}

DIFFERENTIAL_TEST(exec_drops_the_attaches_of_the_old_program)
{
	int id = api->get(IPC_PRIVATE, page, 0600);
	char *p = api->at(id, NULL, 0);
	int execd[2], hold[2];
	char c;

	EXPECT(l, p != (void *)-1);
	EXPECT(l, pipe2(execd, O_CLOEXEC) == 0 && pipe(hold) == 0);
	if (fork_child(l) == 0) {
		dup2(hold[0], 0);
		execl("/bin/sh", "sh", "-c", "read x", (char *)NULL);
		_exit(127);
	}
	close(execd[1]);
	/* End of file: the child's copy of execd closed at exec. */
	EXPECT(l, read(execd[0], &c, 1) == 0);
	/*
	 * exec drops the old mm's mappings in its last mmput(); a kernel
	 * thread or a /proc reader that holds the mm for a moment takes that
	 * last mmput() with it (seen rarely, on either side), so wait a
	 * bounded time for the detach instead of expecting it at once.
	 */
	for (int i = 0; i < 500 && nattch(api, id) != 1; i++)
		usleep(10000);
	note(l, "after the child's exec:");
	note_stat(api, l, id);
	EXPECT(l, nattch(api, id) == 1);
	EXPECT(l, write(hold[1], "\n", 1) == 1);
	note_child_end(l, l->child);
	api->dt(p);
	remove_segment(api, id);
}

/* --- shmctl */

/*
 * IPC_RMID with an attach left: SHM_DEST in the mode, the key freed at once
 * for a new segment, the memory kept until the last detach.
 */
DIFFERENTIAL_TEST(ipc_rmid_while_attached_waits_for_the_last_detach)
{
	int id = api->get(KEY(4), page, IPC_CREAT | 0600);
	char *p = api->at(id, NULL, 0);
	int other;

	EXPECT(l, p != (void *)-1);
	strcpy(p, "still here");
	outcome(l, "IPC_RMID", api->ctl(id, IPC_RMID, NULL));
	note_stat(api, l, id);
	outcome(l, "get the key", api->get(KEY(4), 0, 0600));
	EXPECT(l, errno == ENOENT);
	other = outcome_ok(l, "create the key", api->get(KEY(4), page, IPC_CREAT | IPC_EXCL | 0600));
	note(l, "a new id: %d", other != id);
	note(l, "memory reads: %s", p);
	outcome(l, "shmdt", api->dt(p));
	outcome(l, "IPC_STAT after the last detach", api->ctl(id, IPC_STAT, &(struct shmid_ds){ 0 }));
	EXPECT(l, errno == EINVAL);
	remove_segment(api, other);
}

/* Linux-only (shmctl(2), NOTES): a segment marked SHM_DEST may still be attached. */
DIFFERENTIAL_TEST(a_segment_marked_for_removal_can_still_be_attached)
{
	int id = api->get(IPC_PRIVATE, page, 0600);
	char *p = api->at(id, NULL, 0), *q;

	EXPECT(l, p != (void *)-1);
	outcome(l, "IPC_RMID", api->ctl(id, IPC_RMID, NULL));
	q = outcome_at(l, "shmat", api->at(id, NULL, 0));
	EXPECT(l, q != (void *)-1);
	note(l, "nattch %lu", nattch(api, id));
	outcome(l, "shmdt", api->dt(p));
	outcome(l, "shmdt", api->dt(q));
	outcome_at(l, "shmat after the last detach", api->at(id, NULL, 0));
}

DIFFERENTIAL_TEST(ipc_set_changes_owner_and_mode_and_ctime)
{
	int id = api->get(IPC_PRIVATE, page, 0600);
	struct shmid_ds ds;

	EXPECT(l, api->ctl(id, IPC_STAT, &ds) == 0);
	ds.shm_perm.uid = 1000;
	ds.shm_perm.gid = 1001;
	ds.shm_perm.mode = 0644 | 070000;	/* only rwxrwxrwx count */
	ds.shm_segsz = 1;			/* ignored */
	outcome(l, "IPC_SET", api->ctl(id, IPC_SET, &ds));
	note_stat(api, l, id);
	if (fork_child(l) == 0) {
		become_nobody();
		outcome(l, "IPC_SET by another user", api->ctl(id, IPC_SET, &ds));
		outcome(l, "IPC_RMID by another user", api->ctl(id, IPC_RMID, NULL));
		outcome(l, "IPC_STAT by another user", api->ctl(id, IPC_STAT, &ds));
		_exit(0);
	}
	note_child_end(l, l->child);
	remove_segment(api, id);
}

static void set_mode(const struct shm_api *api, struct log *l, int id, mode_t mode)
{
	struct shmid_ds ds;

	EXPECT(l, api->ctl(id, IPC_STAT, &ds) == 0);
	ds.shm_perm.mode = mode;
	EXPECT(l, api->ctl(id, IPC_SET, &ds) == 0);
}

/* What another user may do: its bits of the mode, read and write apart. */
static void note_others_access(const struct shm_api *api, struct log *l, int id)
{
	if (fork_child(l) == 0) {
		become_nobody();
		outcome_at(l, "  shmat", api->at(id, NULL, 0));
		outcome_at(l, "  shmat(SHM_RDONLY)", api->at(id, NULL, SHM_RDONLY));
		outcome(l, "  IPC_STAT", api->ctl(id, IPC_STAT, &(struct shmid_ds){ 0 }));
		note(l, "  shmget(key, 0, 0) finds it: %d", api->get(KEY(5), 0, 0) == id);
		outcome_ok(l, "  shmget(key, 0, 0400)", api->get(KEY(5), 0, 0400));
		outcome_ok(l, "  shmget(key, 0, 0600)", api->get(KEY(5), 0, 0600));
		_exit(0);
	}
	note_child_end(l, l->child);
}

DIFFERENTIAL_TEST(access_follows_the_permission_bits)
{
	int id = api->get(KEY(5), page, IPC_CREAT | 0640);

	EXPECT(l, id >= 0);
	note(l, "mode 0640:");
	note_others_access(api, l, id);
	set_mode(api, l, id, 0644);
	note(l, "mode 0644:");
	note_others_access(api, l, id);
	set_mode(api, l, id, 0606);
	note(l, "mode 0606:");
	note_others_access(api, l, id);
	remove_segment(api, id);
}

DIFFERENTIAL_TEST(ipc_stat_into_a_bad_buffer_is_efault)
{
	int id = api->get(IPC_PRIVATE, page, 0600);

	if (TT_DS_EFAULT) {
		outcome(l, "IPC_STAT(bad)", api->ctl(id, IPC_STAT, (struct shmid_ds *)16));
		EXPECT(l, errno == EFAULT);
		outcome(l, "IPC_SET(bad)", api->ctl(id, IPC_SET, (struct shmid_ds *)16));
		EXPECT(l, errno == EFAULT);
	}
	remove_segment(api, id);
}

#ifdef __i386__
/* 32-bit: libc reads a bad struct shmid_ds itself, so both die (TT_DS_EFAULT). */
static void real_shmctl_into_16(void *arg)
{
	(void)arg;
	shmctl(0, IPC_STAT, (struct shmid_ds *)16);
}

static void toy_shmctl_into_16(void *arg)
{
	(void)arg;
	toy_shmctl(0, IPC_STAT, (struct shmid_ds *)16);
}

static void a_bad_shmid_ds_pointer_is_sigsegv_in_a_32_bit_libc_and_in_the_toy(void)
{
	TT_ASSERT(tt_killed_by_sigsegv(real_shmctl_into_16, NULL) == 1);
	TT_ASSERT(tt_killed_by_sigsegv(toy_shmctl_into_16, NULL) == 1);
}
#endif

DIFFERENTIAL_TEST(an_unknown_command_is_einval)
{
	int id = api->get(IPC_PRIVATE, page, 0600);

	outcome(l, "shmctl(999)", api->ctl(id, 999, NULL));
	EXPECT(l, errno == EINVAL);
	outcome(l, "shmctl(-1, IPC_STAT)", api->ctl(-1, IPC_STAT, &(struct shmid_ds){ 0 }));
	EXPECT(l, errno == EINVAL);
	remove_segment(api, id);
}

/*
 * shmat(NULL) places a segment where Linux places one: in the same address
 * space, after Linux's attach of a segment of the same size is detached, the
 * toy's attach lands on the very same address.  Linux's shmem file asks for
 * the plain search (shmem_get_unmapped_area() without huge pages); 6.12
 * aligns a file mapping of a multiple of 2 MiB that has no search of its
 * own to a huge page, which put the toy's 16 MiB attach elsewhere and made
 * every attach cost more (issue 17's shm row).
 */
static void an_attach_without_an_address_lands_where_linux_puts_it(void)
{
	static const size_t sizes[] = { 1, 2 << 20, 16 << 20 };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		int real = shmget(IPC_PRIVATE, sizes[i], 0600);
		int toy = toy_shmget(IPC_PRIVATE, sizes[i], 0600);
		void *at_real, *at_toy;

		TT_ASSERT(real >= 0 && toy >= 0);
		at_real = shmat(real, NULL, 0);
		TT_ASSERT(at_real != (void *)-1 && shmdt(at_real) == 0);
		at_toy = toy_shmat(toy, NULL, 0);
		TT_ASSERT(at_toy != (void *)-1 && toy_shmdt(at_toy) == 0);
		TT_ASSERT(shmctl(real, IPC_RMID, NULL) == 0 && toy_shmctl(toy, IPC_RMID, NULL) == 0);
		if (at_toy != at_real)
			TT_FAIL("%zu bytes: Linux attached at %p, the toy at %p", sizes[i],
				at_real, at_toy);
	}
}

/*
 * note_maps_line - what /proc/self/maps says of the mapping that starts at
 * @at: permissions, offset, whether the inode number is the segment's id
 * (newseg() makes it so, and pmap and lsof show it), and whether the name
 * is "/SYSV<key> (deleted)".  The device differs on purpose: Linux's is
 * its internal tmpfs, the toy's its own pseudo filesystem.
 */
static void note_maps_line(struct log *l, const void *at, int id, key_t key)
{
	char line[512], perms[8], dev[16], name[256], want[32];
	unsigned long start, end, off, ino;
	FILE *f = fopen("/proc/self/maps", "r");
	int lines = 0;

	TT_ASSERT(f);
	snprintf(want, sizeof(want), "/SYSV%08x (deleted)", (unsigned int)key);
	while (fgets(line, sizeof(line), f)) {
		name[0] = '\0';
		if (sscanf(line, "%lx-%lx %7s %lx %15s %lu %255[^\n]", &start, &end, perms,
			   &off, dev, &ino, name) < 6 || start != (unsigned long)at)
			continue;
		lines++;
		note(l, "  maps: %s offset %lx, inode is the id: %d, name: %s", perms, off,
		     ino == (unsigned long)id, strcmp(name, want) ? name : "/SYSV<key> (deleted)");
		EXPECT(l, ino == (unsigned long)id && !strcmp(name, want));
	}
	fclose(f);
	note(l, "  lines: %d", lines);
}

/*
 * An attach is a line of /proc/PID/maps named after the segment's key,
 * with its id as the inode number: "/SYSV0000162e (deleted)", as tools
 * that read maps (pmap, lsof) expect.  Before the toy's segments had
 * their own inodes, the line said "anon_inode:toyipc-shm".
 */
DIFFERENTIAL_TEST(an_attach_shows_in_proc_maps_named_after_its_key)
{
	int id = api->get(KEY(40), 3 * page, IPC_CREAT | IPC_EXCL | 0600);
	int anon = api->get(IPC_PRIVATE, page, 0600);
	char *rw, *ro, *p;

	EXPECT(l, id >= 0 && anon >= 0);
	rw = outcome_at(l, "shmat", api->at(id, NULL, 0));
	ro = outcome_at(l, "shmat SHM_RDONLY", api->at(id, NULL, SHM_RDONLY));
	p = outcome_at(l, "shmat IPC_PRIVATE", api->at(anon, NULL, 0));
	note_maps_line(l, rw, id, KEY(40));
	note_maps_line(l, ro, id, KEY(40));
	note_maps_line(l, p, anon, IPC_PRIVATE);
	api->dt(rw);
	api->dt(ro);
	api->dt(p);
	remove_segment(api, id);
	remove_segment(api, anon);
}

/* The toy never falls back to Linux: its objects are not Linux's. */
static void toy_segments_are_not_linux_segments(void)
{
	int id = toy_shmget(KEY(6), page, IPC_CREAT | IPC_EXCL | 0600);

	TT_ASSERT(id >= 0);
	TT_ASSERT_ERRNO(shmget(KEY(6), 0, 0600), ENOENT);
	TT_ASSERT(toy_shmctl(id, IPC_RMID, NULL) == 0);
}

/*
 * --- IPC_INFO, SHM_INFO, SHM_STAT, SHM_STAT_ANY (what ipcs and lsipc use),
 * SHM_LOCK and SHM_UNLOCK.  The real table may hold other segments, so
 * the *_INFO return values are checked against what they were before the
 * test plus the test's own segment, and SHM_INFO's counts as differences.
 */

#define IDX(id)		((id) & 0x7fff)	/* the index part of an id */
#define SHM_LOCKED	02000		/* ipc/shm.c's mode bit, not in a uapi header */

/* The soft limit only: an unprivileged process cannot raise its hard limit again. */
static void set_memlock(struct log *l, rlim_t bytes)
{
	struct rlimit r;

	EXPECT(l, getrlimit(RLIMIT_MEMLOCK, &r) == 0);
	r.rlim_cur = bytes;
	EXPECT(l, setrlimit(RLIMIT_MEMLOCK, &r) == 0);
}

/* The scenario's child must have run to its end: its EXPECTs held. */
static void end_child_ok(struct log *l)
{
	int status;

	if (waitpid(l->child, &status, 0) != l->child)
		TT_FAIL("%s: waitpid: %s", l->api, strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		TT_FAIL("%s: the child failed (status %#x)", l->api, status);
	note(l, "child exit 0");
}

static int highest(int before, int id)
{
	return before > IDX(id) ? before : IDX(id);
}

DIFFERENTIAL_TEST(ipc_info_reports_the_limits_and_returns_the_highest_index)
{
	struct shminfo info;
	int before = api->ctl(0, IPC_INFO, (struct shmid_ds *)&info);
	int id = api->get(IPC_PRIVATE, page, 0600);
	long ret;

	EXPECT(l, before >= 0 && id >= 0);
	memset(&info, 0x5a, sizeof(info));
	ret = outcome_ok(l, "IPC_INFO", api->ctl(0, IPC_INFO, (struct shmid_ds *)&info));
	note(l, "  returns the highest index: %d", ret == highest(before, id));
	note(l, "  shmmax %lu shmmin %lu shmmni %lu shmseg %lu shmall %lu",
	     info.shmmax, info.shmmin, info.shmmni, info.shmseg, info.shmall);
	note(l, "  unused %lu %lu %lu %lu", info.__glibc_reserved1, info.__glibc_reserved2,
	     info.__glibc_reserved3, info.__glibc_reserved4);
	outcome(l, "shmctl(-1, IPC_INFO)", api->ctl(-1, IPC_INFO, (struct shmid_ds *)&info));
	outcome(l, "IPC_INFO(bad)", api->ctl(0, IPC_INFO, (struct shmid_ds *)16));
	remove_segment(api, id);
}

static struct shm_info shm_usage(const struct shm_api *api, struct log *l, int *ret)
{
	struct shm_info info;

	memset(&info, 0x5a, sizeof(info));
	*ret = api->ctl(0, SHM_INFO, (struct shmid_ds *)&info);
	EXPECT(l, *ret >= 0);
	return info;
}

DIFFERENTIAL_TEST(shm_info_counts_segments_pages_and_resident_pages)
{
	int max, ret, id = -1;
	struct shm_info before = shm_usage(api, l, &max), now;
	char *p;

	id = api->get(IPC_PRIVATE, 3 * page, 0600);
	EXPECT(l, id >= 0);
	p = api->at(id, NULL, 0);
	EXPECT(l, p != (void *)-1);
	p[0] = 1;
	p[2 * page] = 1;
	now = shm_usage(api, l, &ret);
	note(l, "SHM_INFO returns the highest index: %d", ret == highest(max, id));
	note(l, "  used_ids +%d shm_tot +%lu shm_rss +%lu shm_swp %lu",
	     now.used_ids - before.used_ids, now.shm_tot - before.shm_tot,
	     now.shm_rss - before.shm_rss, now.shm_swp);
	note(l, "  swap_attempts %lu swap_successes %lu", now.swap_attempts, now.swap_successes);
	api->dt(p);
	remove_segment(api, id);
	now = shm_usage(api, l, &ret);
	note(l, "after IPC_RMID: used_ids +%d shm_tot +%lu shm_rss +%lu",
	     now.used_ids - before.used_ids, now.shm_tot - before.shm_tot,
	     now.shm_rss - before.shm_rss);
	outcome(l, "SHM_INFO(bad)", api->ctl(0, SHM_INFO, (struct shmid_ds *)16));
}

/*
 * shm_tot counts the segments in the table: it drops when the segment is
 * destroyed (IPC_RMID, no attach left), even while root still holds the
 * segment's memory through an open /proc/PID/map_files/ file, as
 * shm_destroy() has it.  (Before, the toy lowered it only when that file
 * was closed too.)
 */
DIFFERENTIAL_TEST(shm_tot_drops_when_a_segment_is_destroyed_with_its_file_still_open)
{
	int max, ret, fd, id = api->get(IPC_PRIVATE, 3 * page, 0600);
	struct shm_info before = shm_usage(api, l, &max), now;
	char path[64];
	char *p;

	EXPECT(l, id >= 0);
	p = api->at(id, NULL, 0);
	EXPECT(l, p != (void *)-1);
	snprintf(path, sizeof(path), "/proc/self/map_files/%lx-%lx", (unsigned long)p,
		 (unsigned long)(p + 3 * page));
	fd = open(path, O_RDONLY);
	note(l, "open(map_files) ok: %d", fd >= 0);
	EXPECT(l, fd >= 0);
	EXPECT(l, api->dt(p) == 0);
	remove_segment(api, id);
	now = shm_usage(api, l, &ret);
	note(l, "destroyed, file open: used_ids %+d shm_tot %+ld",
	     now.used_ids - before.used_ids, (long)(now.shm_tot - before.shm_tot));
	close(fd);
	now = shm_usage(api, l, &ret);
	note(l, "file closed: used_ids %+d shm_tot %+ld",
	     now.used_ids - before.used_ids, (long)(now.shm_tot - before.shm_tot));
}

/* SHM_STAT or SHM_STAT_ANY of @id's index: must return @id. */
static void note_stat_by_index(const struct shm_api *api, struct log *l, int id, int cmd,
			       const char *what)
{
	struct shmid_ds ds;
	int ret;

	memset(&ds, 0xa5, sizeof(ds));
	ret = api->ctl(IDX(id), cmd, &ds);
	if (ret < 0) {
		outcome(l, what, ret);
		return;
	}
	note(l, "%s returns the id: %d", what, ret == id);
	note(l, "  key %#x mode %#o segsz %zu nattch %lu cpid %s ctime %s", ds.shm_perm.__key,
	     ds.shm_perm.mode, ds.shm_segsz, (unsigned long)ds.shm_nattch,
	     who(l, ds.shm_cpid), when(l, ds.shm_ctime));
}

DIFFERENTIAL_TEST(shm_stat_takes_an_index_and_returns_the_full_id)
{
	int id = api->get(KEY(20), page, IPC_CREAT | IPC_EXCL | 0640);
	struct shmid_ds ds;

	EXPECT(l, id >= 0);
	note_stat_by_index(api, l, id, SHM_STAT, "SHM_STAT");
	note_stat_by_index(api, l, id, SHM_STAT_ANY, "SHM_STAT_ANY");
	note(l, "SHM_STAT(index + 3 * 32768) returns the id: %d",
	     api->ctl(IDX(id) + 3 * 0x8000, SHM_STAT, &ds) == id);
	if (TT_DS_EFAULT)
		outcome(l, "SHM_STAT(bad)", api->ctl(IDX(id), SHM_STAT, (struct shmid_ds *)16));
	remove_segment(api, id);
	outcome(l, "SHM_STAT(free index)", api->ctl(IDX(id), SHM_STAT, &ds));
	outcome(l, "SHM_STAT_ANY(free index)", api->ctl(IDX(id), SHM_STAT_ANY, &ds));
}

DIFFERENTIAL_TEST(shm_stat_needs_read_permission_and_shm_stat_any_does_not)
{
	int id = api->get(IPC_PRIVATE, page, 0600);

	EXPECT(l, id >= 0);
	if (fork_child(l) == 0) {
		become_nobody();
		note_stat_by_index(api, l, id, SHM_STAT, "  SHM_STAT");
		note_stat_by_index(api, l, id, SHM_STAT_ANY, "  SHM_STAT_ANY");
		outcome(l, "  IPC_STAT", api->ctl(id, IPC_STAT, &(struct shmid_ds){ 0 }));
		_exit(0);
	}
	end_child_ok(l);
	remove_segment(api, id);
}

static void note_mode(const struct shm_api *api, struct log *l, int id)
{
	struct shmid_ds ds;

	if (outcome(l, "  IPC_STAT", api->ctl(id, IPC_STAT, &ds)) == 0)
		note(l, "  mode %#o", ds.shm_perm.mode);
}

DIFFERENTIAL_TEST(shm_lock_sets_shm_locked_in_the_mode_and_shm_unlock_clears_it)
{
	int id = api->get(IPC_PRIVATE, 2 * page, 0640);

	EXPECT(l, id >= 0);
	outcome(l, "SHM_LOCK", api->ctl(id, SHM_LOCK, NULL));
	note_mode(api, l, id);
	outcome(l, "SHM_LOCK again", api->ctl(id, SHM_LOCK, NULL));
	outcome(l, "SHM_UNLOCK", api->ctl(id, SHM_UNLOCK, NULL));
	note_mode(api, l, id);
	outcome(l, "SHM_UNLOCK again", api->ctl(id, SHM_UNLOCK, NULL));
	outcome(l, "SHM_LOCK", api->ctl(id, SHM_LOCK, NULL));
	outcome(l, "IPC_RMID while locked", api->ctl(id, IPC_RMID, NULL));
	outcome(l, "SHM_LOCK(removed)", api->ctl(id, SHM_LOCK, NULL));
	outcome(l, "SHM_LOCK(-1)", api->ctl(-1, SHM_LOCK, NULL));
}


/*
 * Without CAP_IPC_LOCK: only the owner or creator (EPERM), RLIMIT_MEMLOCK
 * 0 is EPERM, a limit too small for what the user has locked plus this
 * segment is ENOMEM (shmem_lock()).  The real and the toy count only
 * their own segments, and each run removes what it locked.
 */
DIFFERENTIAL_TEST(shm_lock_without_cap_ipc_lock_follows_rlimit_memlock)
{
	int root_seg = api->get(IPC_PRIVATE, page, 0666);

	EXPECT(l, root_seg >= 0);
	if (fork_child(l) == 0) {
		int one, two;

		become_nobody();
		outcome(l, "  SHM_LOCK of another user's segment", api->ctl(root_seg, SHM_LOCK, NULL));
		outcome(l, "  SHM_UNLOCK of another user's segment",
			api->ctl(root_seg, SHM_UNLOCK, NULL));
		one = api->get(IPC_PRIVATE, page, 0600);
		two = api->get(IPC_PRIVATE, 2 * page, 0600);
		EXPECT(l, one >= 0 && two >= 0);
		set_memlock(l, 0);
		outcome(l, "  SHM_LOCK, RLIMIT_MEMLOCK 0", api->ctl(one, SHM_LOCK, NULL));
		outcome(l, "  SHM_UNLOCK, RLIMIT_MEMLOCK 0", api->ctl(one, SHM_UNLOCK, NULL));
		set_memlock(l, 2 * page);
		outcome(l, "  SHM_LOCK 1 page, limit 2", api->ctl(one, SHM_LOCK, NULL));
		outcome(l, "  SHM_LOCK 2 more pages, limit 2", api->ctl(two, SHM_LOCK, NULL));
		note_mode(api, l, two);
		outcome(l, "  SHM_UNLOCK the 1 page", api->ctl(one, SHM_UNLOCK, NULL));
		outcome(l, "  SHM_LOCK 2 pages, limit 2", api->ctl(two, SHM_LOCK, NULL));
		note_mode(api, l, two);
		remove_segment(api, one);
		remove_segment(api, two);
		_exit(0);
	}
	end_child_ok(l);
	remove_segment(api, root_seg);
}

/*
 * What stays different (docs/en/parity.md section 3): the toy counts its
 * own locked segments against RLIMIT_MEMLOCK, not the user's real ones.
 * With one real page locked under a limit of two, Linux refuses to lock a
 * real two-page segment (ENOMEM); the toy locks a toy one, as if the real
 * page were not locked.
 */
static void real_locked_segments_do_not_count_for_the_toys_shm_lock_unlike_linux(void)
{
	pid_t pid = tt_fork();

	if (pid == 0) {
		struct rlimit r;
		int one, two, toy_two;
		long real_lock, toy_lock;

		become_nobody();
		one = shmget(IPC_PRIVATE, page, 0600);
		two = shmget(IPC_PRIVATE, 2 * page, 0600);
		toy_two = toy_shmget(IPC_PRIVATE, 2 * page, 0600);
		TT_ASSERT(one >= 0 && two >= 0 && toy_two >= 0);
		TT_ASSERT(getrlimit(RLIMIT_MEMLOCK, &r) == 0);
		r.rlim_cur = 2 * page;
		TT_ASSERT(setrlimit(RLIMIT_MEMLOCK, &r) == 0);
		TT_ASSERT(shmctl(one, SHM_LOCK, NULL) == 0);
		real_lock = shmctl(two, SHM_LOCK, NULL) ? -errno : 0;
		toy_lock = toy_shmctl(toy_two, SHM_LOCK, NULL) ? -errno : 0;
		shmctl(one, IPC_RMID, NULL);
		shmctl(two, IPC_RMID, NULL);
		toy_shmctl(toy_two, IPC_RMID, NULL);
		if (real_lock != -ENOMEM || toy_lock != 0)
			TT_FAIL("one real page locked, limit 2 pages: SHM_LOCK of 2 more: Linux %ld "
				"(expected -ENOMEM), toy %ld (expected 0)", real_lock, toy_lock);
		_exit(0);
	}
	tt_wait_ok(pid);
}

/* Ask the kernel to drop its clean caches: what reclaim may take. */
static int drop_caches(void)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	int ok = fd >= 0 && write(fd, "3\n", 2) == 2;

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

/*
 * "Resident": a segment's pages stay allocated, with their data, until
 * the segment is freed, whatever the mappings do.  The toy's pages are the
 * segment's own (never on an LRU list, never swapped, locked or not); a
 * locked Linux segment's shmem pages are unevictable.  Here they survive
 * MADV_PAGEOUT, a cache drop and the last detach, and SHM_INFO still
 * counts them as resident.
 */
DIFFERENTIAL_TEST(locked_pages_stay_resident_through_pageout_and_detach)
{
	int max, ret, id = api->get(IPC_PRIVATE, 4 * page, 0600);
	struct shm_info before = shm_usage(api, l, &max), now;
	char *p;
	int i, intact = 1;

	EXPECT(l, id >= 0);
	outcome(l, "SHM_LOCK", api->ctl(id, SHM_LOCK, NULL));
	p = api->at(id, NULL, 0);
	EXPECT(l, p != (void *)-1);
	for (i = 0; i < 4; i++)
		memset(p + i * page, 'a' + i, page);
	outcome(l, "madvise(MADV_PAGEOUT)", madvise(p, 4 * page, MADV_PAGEOUT));
	EXPECT(l, drop_caches() == 0);
	api->dt(p);
	now = shm_usage(api, l, &ret);
	note(l, "after pageout and detach: shm_rss +%lu shm_swp %lu",
	     now.shm_rss - before.shm_rss, now.shm_swp);
	p = api->at(id, NULL, SHM_RDONLY);
	EXPECT(l, p != (void *)-1);
	for (i = 0; i < 4 * page; i++)
		intact &= p[i] == 'a' + i / page;
	note(l, "data intact: %d", intact);
	api->dt(p);
	remove_segment(api, id);
}

/*
 * shmget(2)'s EPERM: SHM_HUGETLB without CAP_IPC_LOCK and outside
 * vm.hugetlb_shm_group (0 by default).  RLIMIT_MEMLOCK 0 keeps Linux from
 * logging its "mlock ulimits for SHM_HUGETLB is obsolete" warning.  On a
 * kernel without hugetlbfs both say ENOSYS.
 */
DIFFERENTIAL_TEST(shm_hugetlb_without_cap_ipc_lock_is_eperm)
{
	if (fork_child(l) == 0) {
		become_nobody();
		set_memlock(l, 0);
		outcome(l, "  shmget(SHM_HUGETLB)",
			api->get(IPC_PRIVATE, 2 << 20, SHM_HUGETLB | 0600));
		outcome(l, "  shmget(SHM_HUGETLB, size 0)", api->get(IPC_PRIVATE, 0, SHM_HUGETLB | 0600));
		_exit(0);
	}
	end_child_ok(l);
}

/*
 * SHM_HUGETLB as root, with no huge pages reserved (vm.nr_hugepages 0, the
 * default): Linux's hugetlb_file_setup() cannot reserve them, ENOMEM; the
 * toy has no huge pages and gives an ordinary segment.  On a kernel
 * without huge pages both say EINVAL (newseg()'s hstate_sizelog()).
 */
static void shm_hugetlb_as_root_gives_an_ordinary_segment_unlike_linux(void)
{
	char n[32];
	int real, real_err, toy, toy_err;

	errno = 0;
	real = shmget(IPC_PRIVATE, 2 << 20, SHM_HUGETLB | 0600);
	real_err = errno;
	errno = 0;
	toy = toy_shmget(IPC_PRIVATE, 2 << 20, SHM_HUGETLB | 0600);
	toy_err = errno;
	if (real >= 0)
		shmctl(real, IPC_RMID, NULL);
	if (toy >= 0)
		toy_shmctl(toy, IPC_RMID, NULL);
	if (tt_read_line("/proc/sys/vm/nr_hugepages", n, sizeof(n))) {
		if (real != -1 || real_err != EINVAL || toy != -1 || toy_err != EINVAL)
			TT_FAIL("no huge pages: real %d (%s) toy %d (%s), want EINVAL twice", real,
				strerror(real_err), toy, strerror(toy_err));
		return;
	}
	if (strcmp(n, "0"))
		TT_FAIL("vm.nr_hugepages is %s, not the 0 this test is about", n);
	if (real != -1 || real_err != ENOMEM || toy < 0)
		TT_FAIL("real %d (%s) toy %d (%s), want -1 ENOMEM and a segment", real,
			strerror(real_err), toy, strerror(toy_err));
}

/* vm.overcommit_memory := @mode ("0", "1", "2"). */
static void set_overcommit(const char *mode)
{
	tt_write_file("/proc/sys/vm/overcommit_memory", mode);
}

/*
 * Committed_AS's growth since @before_kb, in MiB rounded to 4 against the
 * rest of the guest's noise.
 */
static long committed_mib_since(long before_kb)
{
	return ((meminfo_kb("Committed_AS") - before_kb) / 1024 + 2) / 4 * 4;
}

/*
 * vm.overcommit_memory 1 ("always") and 2 ("never"): newseg()'s shmem file
 * asks __vm_enough_memory() in the mode in force.  In mode 1 a segment
 * larger than RAM and swap is made; in mode 2 one past what CommitLimit
 * leaves is ENOMEM, and a small one is made.  (The toy asks through a
 * shmem file of its own: kmod/shm.c, shm_charge().)  Nothing is checked
 * before mode 0 is back, so a failure cannot leave the guest in mode 2.
 */
DIFFERENTIAL_TEST(shmget_follows_the_overcommit_mode)
{
	size_t big = (ram_and_swap_pages() + 1) * page;
	int always, never_big, never_small;
	int e_always, e_never_big, e_never_small;
	long left;

	set_overcommit("1");
	errno = 0;
	always = api->get(IPC_PRIVATE, big, 0600);
	e_always = errno;
	if (always >= 0)	/* its charge would leave mode 2 no room */
		api->ctl(always, IPC_RMID, NULL);
	set_overcommit("2");
	left = meminfo_kb("CommitLimit") - meminfo_kb("Committed_AS");
	errno = 0;
	never_big = left > 0 ? api->get(IPC_PRIVATE, (left + 16384) * 1024L, 0600) : -2;
	e_never_big = errno;
	errno = 0;
	never_small = api->get(IPC_PRIVATE, 1 << 20, 0600);
	e_never_small = errno;
	set_overcommit("0");
	note(l, "mode 1, RAM + swap + 1 page: %s", always >= 0 ? "made" : err_name(e_always));
	note(l, "mode 2, 16 MiB past the commit limit: %s",
	     never_big >= 0 ? "made" : never_big == -2 ? "no room left" : err_name(e_never_big));
	note(l, "mode 2, 1 MiB: %s", never_small >= 0 ? "made" : err_name(e_never_small));
	if (never_big >= 0)
		remove_segment(api, never_big);
	if (never_small >= 0)
		remove_segment(api, never_small);
}

/*
 * A segment is charged to Committed_AS from shmget to its destruction
 * (shm_destroy() drops the shmem file), except with SHM_NORESERVE.
 */
DIFFERENTIAL_TEST(a_segment_is_charged_to_the_commit_until_it_is_destroyed)
{
	long before = meminfo_kb("Committed_AS");
	int id = api->get(IPC_PRIVATE, 64 << 20, 0600), nr;
	char *p;

	EXPECT(l, id >= 0);
	note(l, "after shmget of 64 MiB: %+ld MiB",
	     committed_mib_since(before));
	p = api->at(id, NULL, 0);
	EXPECT(l, p != (void *)-1);
	note(l, "attached: %+ld MiB", committed_mib_since(before));
	EXPECT(l, api->ctl(id, IPC_RMID, NULL) == 0);
	note(l, "removed while attached: %+ld MiB",
	     committed_mib_since(before));
	EXPECT(l, api->dt(p) == 0);
	note(l, "detached, destroyed: %+ld MiB",
	     committed_mib_since(before));
	nr = api->get(IPC_PRIVATE, 64 << 20, SHM_NORESERVE | 0600);
	EXPECT(l, nr >= 0);
	note(l, "after shmget of 64 MiB with SHM_NORESERVE: %+ld MiB",
	     committed_mib_since(before));
	remove_segment(api, nr);
}

/*
 * SHM_NORESERVE in vm.overcommit_memory mode 2: newseg() charges the
 * commit anyway ("do not allow no accounting for OVERCOMMIT_NEVER"); the
 * toy cannot read the mode and charges nothing.  Checked after mode 0 is
 * back.
 */
static long noreserve_charge_in_mode_2(const struct shm_api *api)
{
	long before, charged;
	int id;

	set_overcommit("2");
	before = meminfo_kb("Committed_AS");
	id = api->get(IPC_PRIVATE, 64 << 20, SHM_NORESERVE | 0600);
	charged = committed_mib_since(before);
	if (id >= 0)
		api->ctl(id, IPC_RMID, NULL);
	set_overcommit("0");
	TT_ASSERT(id >= 0);
	return charged;
}

static void shm_noreserve_in_overcommit_mode_2_is_not_charged_unlike_linux(void)
{
	long real = noreserve_charge_in_mode_2(&real_api);
	long toy = noreserve_charge_in_mode_2(&toy_api);

	if (real != 64 || toy != 0)
		TT_FAIL("Committed_AS grew by real %ld toy %ld MiB, want 64 and 0", real, toy);
}

int main(void)
{
	static const struct tt_case cases[] = {
		TT_CASE(new_segment_of_size_zero_is_einval),
#if SIZE_MAX > 0xffffffffUL
		TT_CASE(new_segment_above_shmmax_is_einval),
#endif
		TT_CASE(a_segment_larger_than_ram_and_swap_is_enomem),
		TT_CASE(existing_key_with_a_larger_size_is_einval),
		TT_CASE(keys_follow_ipc_creat_and_ipc_excl),
		TT_CASE(ids_are_handed_out_like_linux),
		TT_CASE(a_new_segment_reports_its_creation_in_ipc_stat),
		TT_CASE(pages_start_zero_filled),
		TT_CASE(memory_comes_in_whole_pages),
		TT_CASE(two_attaches_share_the_same_pages),
		TT_CASE(data_written_by_one_process_is_seen_by_another),
		TT_CASE(a_read_only_attach_cannot_be_written),
		TT_CASE(access_past_the_segment_raises_sigbus),
		TT_CASE(an_unaligned_address_needs_shm_rnd),
		TT_CASE(an_aligned_address_is_used_as_given),
		TT_CASE(an_attach_without_an_address_lands_where_linux_puts_it),
		TT_CASE(an_attach_shows_in_proc_maps_named_after_its_key),
		TT_CASE(an_address_in_use_needs_shm_remap),
		TT_CASE(a_bad_id_is_einval),
		TT_CASE(shmdt_needs_the_start_of_an_attach),
		TT_CASE(attach_and_detach_update_nattch_times_and_lpid),
		TT_CASE(shmdt_unmaps_every_piece_of_a_split_attach),
		TT_CASE(shmdt_finds_an_attach_whose_first_page_is_gone),
		TT_CASE(shmdt_ignores_pieces_of_attaches_made_elsewhere),
		TT_CASE(munmap_detaches_like_shmdt),
		TT_CASE(nattch_counts_mappings_inherited_by_fork),
		TT_CASE(exec_drops_the_attaches_of_the_old_program),
		TT_CASE(ipc_rmid_while_attached_waits_for_the_last_detach),
		TT_CASE(a_segment_marked_for_removal_can_still_be_attached),
		TT_CASE(ipc_set_changes_owner_and_mode_and_ctime),
		TT_CASE(access_follows_the_permission_bits),
		TT_CASE(ipc_stat_into_a_bad_buffer_is_efault),
#ifdef __i386__
		TT_CASE(a_bad_shmid_ds_pointer_is_sigsegv_in_a_32_bit_libc_and_in_the_toy),
#endif
		TT_CASE(an_unknown_command_is_einval),
		TT_CASE(toy_segments_are_not_linux_segments),
		TT_CASE(ipc_info_reports_the_limits_and_returns_the_highest_index),
		TT_CASE(shm_info_counts_segments_pages_and_resident_pages),
		TT_CASE(shm_tot_drops_when_a_segment_is_destroyed_with_its_file_still_open),
		TT_CASE(shm_stat_takes_an_index_and_returns_the_full_id),
		TT_CASE(shm_stat_needs_read_permission_and_shm_stat_any_does_not),
		TT_CASE(shm_lock_sets_shm_locked_in_the_mode_and_shm_unlock_clears_it),
		TT_CASE(shm_lock_without_cap_ipc_lock_follows_rlimit_memlock),
		TT_CASE(real_locked_segments_do_not_count_for_the_toys_shm_lock_unlike_linux),
		TT_CASE(locked_pages_stay_resident_through_pageout_and_detach),
		TT_CASE(shm_hugetlb_without_cap_ipc_lock_is_eperm),
		TT_CASE(shm_hugetlb_as_root_gives_an_ordinary_segment_unlike_linux),
		TT_CASE(shmget_follows_the_overcommit_mode),
		TT_CASE(a_segment_is_charged_to_the_commit_until_it_is_destroyed),
		TT_CASE(shm_noreserve_in_overcommit_mode_2_is_not_charged_unlike_linux),
		{ NULL, NULL },
	};

	page = sysconf(_SC_PAGESIZE);
	return tt_main("shm", cases);
}
