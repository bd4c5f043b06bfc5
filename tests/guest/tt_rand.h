/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tt_rand.h: the guest tests' pseudo-random numbers (xorshift64*).
 *
 * Small, fast and the same everywhere: a seed replays the same sequence, so
 * a randomised test that prints its seed can be replayed exactly.  The state
 * is per process (a forked worker seeds its own); seed it with a nonzero
 * value, as xorshift never leaves zero.
 */
#ifndef TT_RAND_H
#define TT_RAND_H

#include <stdbool.h>
#include <stdint.h>

/* The generator's state: one per test program (and per forked process). */
static inline uint64_t *tt_rand_state(void)
{
	static uint64_t state;

	return &state;
}

/* Start the sequence that SEED names; the same seed gives the same numbers. */
static inline void tt_rand_seed(uint64_t seed)
{
	*tt_rand_state() = seed;
}

/* The next number of the sequence. */
static inline uint64_t tt_rand(void)
{
	uint64_t *s = tt_rand_state();

	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* A number in [0, N); N > 0. */
static inline uint64_t tt_below(uint64_t n)
{
	return tt_rand() % n;
}

/* True one time in N, on average. */
static inline bool tt_one_in(unsigned int n)
{
	return tt_below(n) == 0;
}

#endif /* TT_RAND_H */
