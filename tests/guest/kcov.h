/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcov.h: coverage-guided fuzzing for the guest fuzzers (fuzz_test's ioctl
 * fuzzer, nlfuzz_test's netlink fuzzer), on a kernel with CONFIG_KCOV.
 *
 * Only kmod/ is instrumented (its Kbuild sets KCOV_INSTRUMENT, and the
 * debug kernel has no KCOV_INSTRUMENT_ALL), so every PC that
 * /sys/kernel/debug/kcov records for the calling thread is a basic block
 * of toyipc.ko.
 *
 * The corpus loop, small on purpose:
 *  - an input ("program") is a list of up to KCOV_PROG_LEN call seeds;
 *    running it seeds tt_rand with each in turn and lets the fuzzer's
 *    own generator make one call from it, so a program replays the same
 *    calls (the objects they meet may differ);
 *  - a program that reached a PC no earlier program reached is kept in
 *    the corpus;
 *  - the next program is a kept one, mutated: a call replaced, added,
 *    removed, or the tail of another kept program spliced on; one time in
 *    eight a fresh random program instead.
 * The program running is kept in memory the test process shares, so that
 * a worker that dies or gets a bad result leaves its reproducer behind.
 */
#ifndef KCOV_H
#define KCOV_H

#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "tt_rand.h"

#define KCOV_INIT_TRACE		_IOR('c', 1, unsigned long)
#define KCOV_ENABLE		_IO('c', 100)
#define KCOV_DISABLE		_IO('c', 101)
#define KCOV_TRACE_PC		0
#define KCOV_PATH		"/sys/kernel/debug/kcov"

#define KCOV_AREA	(64 << 10)	/* PCs one program may record */
#define KCOV_SET	(1 << 15)	/* distinct PCs remembered (a power of two) */
#define KCOV_PROG_LEN	16		/* calls in a program */
#define KCOV_CORPUS	512		/* programs kept */

/* What a worker shares with the test process. */
struct kcov_shared {
	uint64_t prog[KCOV_PROG_LEN];	/* the program running now */
	unsigned int len;
	unsigned int corpus;		/* programs kept */
	unsigned long programs;		/* programs run */
	unsigned int npcs;		/* distinct PCs, listed in pcs */
	uint64_t pcs[KCOV_SET / 2];
};

struct kcov {
	int fd;
	unsigned long *area;		/* area[0]: count, then the PCs */
	uint64_t *set;			/* open addressing, 0 = empty */
	struct kcov_shared *out;
	uint64_t corpus[KCOV_CORPUS][KCOV_PROG_LEN];
	unsigned int corpus_len[KCOV_CORPUS];
	unsigned int ncorpus;
	uint64_t rng;			/* the loop's own, apart from tt_rand */
};

/* Is KCOV there?  (Not on Debian's distro kernels.) */
static inline bool kcov_available(void)
{
	return access(KCOV_PATH, R_OK | W_OK) == 0;
}

/* Open KCOV for this thread and start tracing it.  false: not available. */
static inline bool kcov_open(struct kcov *k, struct kcov_shared *out, uint64_t seed)
{
	memset(k, 0, sizeof(*k));
	k->fd = open(KCOV_PATH, O_RDWR | O_CLOEXEC);
	if (k->fd < 0)
		return false;
	if (ioctl(k->fd, KCOV_INIT_TRACE, (unsigned long)KCOV_AREA) != 0)
		return false;
	k->area = mmap(NULL, KCOV_AREA * sizeof(unsigned long), PROT_READ | PROT_WRITE,
		       MAP_SHARED, k->fd, 0);
	if (k->area == MAP_FAILED)
		return false;
	if (ioctl(k->fd, KCOV_ENABLE, KCOV_TRACE_PC) != 0)
		return false;
	k->set = calloc(KCOV_SET, sizeof(*k->set));
	k->out = out;
	k->rng = seed | 1;
	return k->set != NULL;
}

static inline uint64_t kcov_rand(struct kcov *k)
{
	k->rng ^= k->rng >> 12;
	k->rng ^= k->rng << 25;
	k->rng ^= k->rng >> 27;
	return k->rng * 2685821657736338717ULL;
}

/* Add @pc to the set; true if it is new. */
static inline bool kcov_add(struct kcov *k, uint64_t pc)
{
	unsigned int i = (unsigned int)((pc * 0x9e3779b97f4a7c15ULL) >> 49) & (KCOV_SET - 1);

	while (k->set[i]) {
		if (k->set[i] == pc)
			return false;
		i = (i + 1) & (KCOV_SET - 1);
	}
	if (k->out->npcs >= KCOV_SET / 2)
		return false;	/* full: count no more (never reached by toyipc.ko) */
	k->set[i] = pc;
	k->out->pcs[k->out->npcs++] = pc;
	return true;
}

/* The next program to run, in k->out->prog. */
static inline void kcov_next_program(struct kcov *k)
{
	struct kcov_shared *o = k->out;
	unsigned int i, n, from;

	if (!k->ncorpus || kcov_rand(k) % 8 == 0) {
		o->len = 1 + kcov_rand(k) % KCOV_PROG_LEN;
		for (i = 0; i < o->len; i++)
			o->prog[i] = kcov_rand(k);
		return;
	}
	from = kcov_rand(k) % k->ncorpus;
	o->len = k->corpus_len[from];
	memcpy(o->prog, k->corpus[from], sizeof(o->prog));
	for (n = 1 + kcov_rand(k) % 3; n; n--) {
		switch (kcov_rand(k) % 4) {
		case 0:		/* replace a call */
			o->prog[kcov_rand(k) % o->len] = kcov_rand(k);
			break;
		case 1:		/* add one at the end */
			if (o->len < KCOV_PROG_LEN)
				o->prog[o->len++] = kcov_rand(k);
			break;
		case 2:		/* remove one */
			if (o->len > 1) {
				i = kcov_rand(k) % o->len;
				memmove(&o->prog[i], &o->prog[i + 1],
					(o->len - i - 1) * sizeof(o->prog[0]));
				o->len--;
			}
			break;
		default: {	/* splice on another program's tail */
			unsigned int other = kcov_rand(k) % k->ncorpus, cut = o->len / 2;
			unsigned int tail = k->corpus_len[other] / 2;

			if (cut + tail > KCOV_PROG_LEN)
				tail = KCOV_PROG_LEN - cut;
			memcpy(&o->prog[cut], &k->corpus[other][k->corpus_len[other] - tail],
			       tail * sizeof(o->prog[0]));
			o->len = cut + tail;
			if (!o->len)
				o->len = 1, o->prog[0] = kcov_rand(k);
			break;
		}
		}
	}
}

/*
 * Run the current program: @call makes one call of the fuzzer after
 * tt_rand_seed() was given that call's seed.  Keeps the program if it
 * reached a new PC.  Returns the number of new PCs.
 */
static inline unsigned int kcov_run_program(struct kcov *k, void (*call)(void *ctx), void *ctx)
{
	struct kcov_shared *o = k->out;
	unsigned int i, fresh = 0;
	unsigned long n;

	__atomic_store_n(&k->area[0], 0, __ATOMIC_RELAXED);
	for (i = 0; i < o->len; i++) {
		tt_rand_seed(o->prog[i] | 1);
		call(ctx);
	}
	n = __atomic_load_n(&k->area[0], __ATOMIC_RELAXED);
	if (n > KCOV_AREA - 1)
		n = KCOV_AREA - 1;
	for (i = 0; i < n; i++)
		fresh += kcov_add(k, k->area[i + 1]);
	o->programs++;
	if (fresh && k->ncorpus < KCOV_CORPUS) {
		memcpy(k->corpus[k->ncorpus], o->prog, sizeof(o->prog));
		k->corpus_len[k->ncorpus++] = o->len;
		o->corpus = k->ncorpus;
	}
	return fresh;
}

/* "s1,s2,..." of a program, for a reproducer line. */
static inline void kcov_format_program(const struct kcov_shared *o, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < o->len && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%" PRIu64, i ? "," : "", o->prog[i]);
}

/* Parse "s1,s2,..." into @o; false if it is not such a list. */
static inline bool kcov_parse_program(const char *text, struct kcov_shared *o)
{
	char *end;

	o->len = 0;
	while (*text && o->len < KCOV_PROG_LEN) {
		o->prog[o->len++] = strtoull(text, &end, 10);
		if (end == text || (*end && *end != ','))
			return false;
		text = *end ? end + 1 : end;
	}
	return o->len > 0;
}

/*
 * The figure: distinct PCs (basic blocks) of toyipc.ko that the workers
 * reached together, and in how many of its functions (from
 * /proc/kallsyms).  Prints "# kcov: ..." and returns the block count.
 */
static inline unsigned int kcov_report(const char *who, struct kcov_shared *const *w, int n)
{
	static uint64_t fn_addr[4096];
	static bool fn_hit[4096];
	uint64_t *all;
	unsigned int total = 0, nfn = 0, hit = 0, i, j;
	char line[512], type, name[256];
	unsigned long long a;
	FILE *f;

	all = calloc(KCOV_SET, sizeof(*all));
	if (!all)
		return 0;
	for (int x = 0; x < n; x++)
		for (i = 0; i < w[x]->npcs; i++) {
			uint64_t pc = w[x]->pcs[i];

			for (j = (unsigned int)((pc * 0x9e3779b97f4a7c15ULL) >> 49) & (KCOV_SET - 1);
			     all[j] && all[j] != pc; j = (j + 1) & (KCOV_SET - 1))
				;
			if (!all[j]) {
				all[j] = pc;
				total++;
			}
		}
	f = fopen("/proc/kallsyms", "r");
	while (f && fgets(line, sizeof(line), f) && nfn < 4096)
		if (strstr(line, "[toyipc]") &&
		    sscanf(line, "%llx %c %255s", &a, &type, name) == 3 &&
		    (type == 't' || type == 'T') && a)
			fn_addr[nfn++] = a;
	if (f)
		fclose(f);
	/* A PC belongs to the function with the highest start below it. */
	for (j = 0; j < KCOV_SET; j++) {
		uint64_t best = 0;
		int bi = -1;

		if (!all[j])
			continue;
		for (i = 0; i < nfn; i++)
			if (fn_addr[i] <= all[j] && fn_addr[i] > best)
				best = fn_addr[i], bi = (int)i;
		if (bi >= 0 && !fn_hit[bi]) {
			fn_hit[bi] = true;
			hit++;
		}
	}
	printf("# kcov: %s reached %u basic blocks of toyipc.ko in %u of its %u functions\n",
	       who, total, hit, nfn);
	free(all);
	return total;
}

#endif /* KCOV_H */
