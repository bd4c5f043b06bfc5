// SPDX-License-Identifier: GPL-2.0
/*
 * Stress tests of kmod/pipe.c, each run over pipe(2) and over the toy:
 * concurrent PIPE_BUF-sized records that must never be torn, and a long
 * checksummed transfer with odd read and write sizes that must lose,
 * duplicate and reorder nothing.  Both implementations must pass; their
 * speeds are printed for information.
 */
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "toyipc.h"
#include "tt.h"

#define WRITERS		4
#define RECORDS		1024		/* per writer: 4 x 1024 x 4 KiB = 16 MiB */
#define TRANSFER	(32 << 20)	/* bytes in the long transfer */

struct impl {
	const char *name;
	int (*pipe2)(int fd[2], int flags);
};

static const struct impl impls[] = {
	{ "real", pipe2 },
	{ "toy", toy_pipe2 },
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void reap_ok(pid_t pid, const char *who)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		TT_ASSERT(errno == EINTR);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		TT_FAIL("%s failed (wait status %#x)", who, status);
}

/* ---- records: PIPE_BUF bytes, whose every byte says whose it is ---- */

struct record_head {
	uint32_t writer;
	uint32_t seq;
};

static unsigned char record_byte(uint32_t writer, uint32_t seq, size_t i)
{
	return (unsigned char)(writer * 61 + seq * 7 + i * 13);
}

static void make_record(unsigned char *rec, uint32_t writer, uint32_t seq)
{
	struct record_head h = { writer, seq };

	memcpy(rec, &h, sizeof(h));
	for (size_t i = sizeof(h); i < PIPE_BUF; i++)
		rec[i] = record_byte(writer, seq, i);
}

/*
 * Check one whole record: from a known writer, the next in its sequence,
 * and not a byte of anybody else's.  Returns 0 or fails the test.
 */
static void check_record(const unsigned char *rec, uint32_t *next_seq)
{
	struct record_head h;

	memcpy(&h, rec, sizeof(h));
	if (h.writer >= WRITERS)
		TT_FAIL("torn or garbage record: writer %u", h.writer);
	if (h.seq != next_seq[h.writer])
		TT_FAIL("writer %u: record %u, expected %u (lost or duplicated)",
			h.writer, h.seq, next_seq[h.writer]);
	for (size_t i = sizeof(h); i < PIPE_BUF; i++)
		if (rec[i] != record_byte(h.writer, h.seq, i))
			TT_FAIL("writer %u record %u torn at byte %zu", h.writer, h.seq, i);
	next_seq[h.writer]++;
}

/* A writer process: RECORDS records, blocking, or with poll() if nonblocking. */
static void write_records(int fd, uint32_t writer, bool nonblocking)
{
	unsigned char rec[PIPE_BUF];
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	ssize_t n;

	for (uint32_t seq = 0; seq < RECORDS; seq++) {
		make_record(rec, writer, seq);
		for (;;) {
			n = write(fd, rec, sizeof(rec));
			if (n == sizeof(rec))
				break;
			/* All or nothing: a short write of PIPE_BUF is a failure. */
			if (n >= 0 || !nonblocking || errno != EAGAIN)
				_exit(2);
			if (poll(&p, 1, 10000) != 1)
				_exit(3);
		}
	}
	_exit(0);
}

/*
 * Read the pipe to EOF in pieces of varying sizes (never a multiple of
 * PIPE_BUF), cut the stream into PIPE_BUF records and check each one.
 */
static void read_records(int fd, bool nonblocking)
{
	static const size_t sizes[] = { 1000, 3001, 7777, 4095, 12289, 1 };
	static unsigned char stream[2 * 16384];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	uint32_t next_seq[WRITERS] = { 0 };
	size_t have = 0, total = 0, k = 0;
	ssize_t n;

	for (;;) {
		n = read(fd, stream + have, sizes[k++ % 6]);
		if (n == 0)
			break;
		if (n < 0) {
			TT_ASSERT(nonblocking && errno == EAGAIN);
			TT_ASSERT(poll(&p, 1, 10000) == 1);
			continue;
		}
		have += n;
		total += n;
		while (have >= PIPE_BUF) {
			check_record(stream, next_seq);
			memmove(stream, stream + PIPE_BUF, have - PIPE_BUF);
			have -= PIPE_BUF;
		}
	}
	if (have || total != (size_t)WRITERS * RECORDS * PIPE_BUF)
		TT_FAIL("got %zu bytes (%zu left over), want %zu", total, have,
			(size_t)WRITERS * RECORDS * PIPE_BUF);
	for (uint32_t w = 0; w < WRITERS; w++)
		if (next_seq[w] != RECORDS)
			TT_FAIL("writer %u: %u records, want %u", w, next_seq[w], RECORDS);
}

static void records_over(const struct impl *im, bool nonblocking)
{
	pid_t pids[WRITERS];
	double t0 = now_s();
	int fd[2];

	TT_ASSERT(im->pipe2(fd, nonblocking ? O_NONBLOCK : 0) == 0);
	for (uint32_t w = 0; w < WRITERS; w++) {
		pids[w] = fork();
		TT_ASSERT(pids[w] >= 0);
		if (pids[w] == 0) {
			close(fd[0]);
			write_records(fd[1], w, nonblocking);
		}
	}
	close(fd[1]);
	read_records(fd[0], nonblocking);
	for (uint32_t w = 0; w < WRITERS; w++)
		reap_ok(pids[w], "a writer");
	close(fd[0]);
	printf("# %s: %d writers x %d records in %.2f s\n", im->name, WRITERS, RECORDS,
	       now_s() - t0);
}

static void concurrent_pipe_buf_records_are_never_torn(void)
{
	for (size_t i = 0; i < 2; i++)
		records_over(&impls[i], false);
}

static void nonblocking_writers_woken_by_poll_never_tear_a_record(void)
{
	for (size_t i = 0; i < 2; i++)
		records_over(&impls[i], true);
}

/* ---- a long transfer: every byte is a function of its position ---- */

static unsigned char stream_byte(uint64_t pos)
{
	uint64_t x = pos * 0x9e3779b97f4a7c15ull;

	return (unsigned char)(x ^ x >> 29);
}

/* Odd sizes from a small generator: 1 .. 2 * MAX - 1. */
static size_t next_size(uint32_t *state, size_t max)
{
	*state = *state * 1103515245u + 12345u;
	return ((*state >> 8) % max) * 2 + 1;
}

static void transfer_over(const struct impl *im)
{
	static unsigned char buf[1 << 18];
	uint32_t state = 1;
	size_t pos = 0, len;
	double t0 = now_s();
	uint64_t sum = 0xcbf29ce484222325ull;	/* FNV-1a */
	int fd[2];
	pid_t pid;
	ssize_t n;

	TT_ASSERT(im->pipe2(fd, 0) == 0);
	pid = fork();
	TT_ASSERT(pid >= 0);
	if (pid == 0) {
		uint32_t wstate = 7;

		close(fd[0]);
		while (pos < TRANSFER) {
			len = next_size(&wstate, 40000);
			if (len > TRANSFER - pos)
				len = TRANSFER - pos;
			for (size_t i = 0; i < len; i++)
				buf[i] = stream_byte(pos + i);
			if (write(fd[1], buf, len) != (ssize_t)len)
				_exit(2);
			pos += len;
		}
		_exit(0);
	}
	close(fd[1]);
	for (;;) {
		n = read(fd[0], buf, next_size(&state, 50000));
		TT_ASSERT(n >= 0);
		if (n == 0)
			break;
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] != stream_byte(pos + i))
				TT_FAIL("%s: byte %zu is wrong", im->name, pos + i);
			sum = (sum ^ buf[i]) * 0x100000001b3ull;
		}
		pos += n;
	}
	reap_ok(pid, "the writer");
	close(fd[0]);
	if (pos != TRANSFER)
		TT_FAIL("%s: %zu bytes arrived, want %d", im->name, pos, TRANSFER);
	printf("# %s: %d MiB, FNV-1a %016llx, %.1f MiB/s\n", im->name, TRANSFER >> 20,
	       (unsigned long long)sum,
	       (TRANSFER >> 20) / (now_s() - t0));
}

static void transfer_of_32_mib_with_odd_sizes_is_exact(void)
{
	for (size_t i = 0; i < 2; i++)
		transfer_over(&impls[i]);
}

int main(void)
{
	static const struct tt_case cases[] = {
		TT_CASE(concurrent_pipe_buf_records_are_never_torn),
		TT_CASE(nonblocking_writers_woken_by_poll_never_tear_a_record),
		TT_CASE(transfer_of_32_mib_with_odd_sizes_is_exact),
		{ NULL, NULL },
	};

	return tt_main("pipe_stress", cases);
}
