// SPDX-License-Identifier: GPL-2.0
/*
 * toy_popen() and toy_pclose() against glibc's popen() and pclose().
 *
 * Each scenario is written once, over a struct popen_impl, and run over
 * both; it records what it saw (bytes, return values, errno, wait status)
 * in a trace, and the two traces must be equal.  WANT() states what the
 * scenario is about, and must hold on both sides.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <sys/ioctl.h>

#include <linux/toyipc.h>

#include "toyipc.h"
#include "tt.h"

struct popen_impl {
	const char *name;
	FILE *(*popen)(const char *command, const char *mode);
	int (*pclose)(FILE *stream);
	char trace[2048];
	size_t len;
};

static struct popen_impl impls[2] = {
	{ .name = "real", .popen = popen, .pclose = pclose },
	{ .name = "toy", .popen = toy_popen, .pclose = toy_pclose },
};

/* Append one event to IMPL's trace. */
__attribute__((format(printf, 2, 3)))
static void trace(struct popen_impl *impl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	impl->len += vsnprintf(impl->trace + impl->len, sizeof(impl->trace) - impl->len,
			       fmt, ap);
	va_end(ap);
	TT_ASSERT(impl->len < sizeof(impl->trace));
}

#define WANT(impl, cond)						\
	do {								\
		if (!(cond))						\
			TT_FAIL("%s: expected %s; trace: %s",		\
				(impl)->name, #cond, (impl)->trace);	\
	} while (0)

/* Run SCENARIO over both implementations; their traces must be equal. */
static void differ(void (*scenario)(struct popen_impl *impl))
{
	for (int i = 0; i < 2; i++)
		scenario(&impls[i]);
	if (strcmp(impls[0].trace, impls[1].trace))
		TT_FAIL("traces differ:\n#  real: %s\n#  toy:  %s", impls[0].trace,
			impls[1].trace);
}

/* The whole output of STREAM into the trace; its length. */
static size_t trace_output(struct popen_impl *impl, FILE *stream)
{
	char buf[512];
	size_t n = fread(buf, 1, sizeof(buf) - 1, stream);

	buf[n] = '\0';
	trace(impl, "read %zu \"%s\"; ", n, buf);
	return n;
}

static void trace_status(struct popen_impl *impl, int status)
{
	if (status == -1)
		trace(impl, "pclose -1 %s; ", strerrorname_np(errno));
	else if (WIFEXITED(status))
		trace(impl, "exited %d; ", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		trace(impl, "killed by %d; ", WTERMSIG(status));
	else
		trace(impl, "status %#x; ", status);
}

static void read_scenario(struct popen_impl *impl)
{
	FILE *f = impl->popen("echo one; echo two", "r");

	WANT(impl, f != NULL);
	WANT(impl, trace_output(impl, f) == 8);
	trace_status(impl, impl->pclose(f));
}

static void mode_r_reads_the_commands_stdout(void)
{
	differ(read_scenario);
}

static void write_scenario(struct popen_impl *impl)
{
	char path[64], command[96];
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/popen_test.%s", impl->name);
	snprintf(command, sizeof(command), "tr a-z A-Z >%s", path);
	f = impl->popen(command, "w");
	WANT(impl, f != NULL);
	fputs("hello\nworld\n", f);
	trace_status(impl, impl->pclose(f));	/* tr ends at EOF */
	f = fopen(path, "r");
	WANT(impl, f != NULL);
	WANT(impl, trace_output(impl, f) == 12);
	fclose(f);
	unlink(path);
}

static void mode_w_feeds_the_commands_stdin_until_pclose(void)
{
	differ(write_scenario);
}

static void status_scenario(struct popen_impl *impl)
{
	static const char *const commands[] = {
		"exit 7", "kill -TERM $$", "no-such-command 2>/dev/null", "true",
	};

	for (int i = 0; i < 4; i++) {
		FILE *f = impl->popen(commands[i], "r");

		WANT(impl, f != NULL);
		trace_status(impl, impl->pclose(f));
	}
	WANT(impl, strstr(impl->trace, "exited 7; killed by 15; exited 127; exited 0"));
}

static void pclose_returns_the_shells_wait_status(void)
{
	differ(status_scenario);
}

/* The child's descriptors, while an earlier "w" stream is open. */
static void inherit_scenario(struct popen_impl *impl)
{
	FILE *first = impl->popen("cat >/dev/null", "w");
	FILE *second;

	WANT(impl, first != NULL);
	second = impl->popen("ls /proc/self/fd", "r");
	WANT(impl, second != NULL);
	trace_output(impl, second);
	trace_status(impl, impl->pclose(second));
	trace_status(impl, impl->pclose(first));
}

static void the_child_inherits_no_earlier_stream(void)
{
	differ(inherit_scenario);
	/* ls's own 0, 1, 2 and its directory: nothing of the first stream. */
	if (!strstr(impls[1].trace, "\"0\n1\n2\n3\n\""))
		TT_FAIL("toy child's descriptors: %s", impls[1].trace);
}

static void cloexec_scenario(struct popen_impl *impl)
{
	static const char *const modes[] = { "r", "re", "w", "we", "er" };

	for (int i = 0; i < 5; i++) {
		FILE *f = impl->popen("true", modes[i]);

		WANT(impl, f != NULL);
		trace(impl, "%s: FD_CLOEXEC %d; ", modes[i],
		      fcntl(fileno(f), F_GETFD) & FD_CLOEXEC);
		trace_status(impl, impl->pclose(f));
	}
}

static void mode_e_makes_the_stream_close_on_exec(void)
{
	differ(cloexec_scenario);
	WANT(&impls[1], strstr(impls[1].trace, "r: FD_CLOEXEC 0;"));
	WANT(&impls[1], strstr(impls[1].trace, "re: FD_CLOEXEC 1;"));
}

static void bad_mode_scenario(struct popen_impl *impl)
{
	static const char *const modes[] = { "", "x", "rw", "r+", "e" };

	for (int i = 0; i < 5; i++) {
		FILE *f;

		errno = 0;
		f = impl->popen("true", modes[i]);
		trace(impl, "\"%s\": %s %s; ", modes[i], f ? "stream" : "NULL",
		      strerrorname_np(errno));
		if (f)
			impl->pclose(f);
	}
	WANT(impl, strstr(impl->trace, "\"x\": NULL EINVAL;"));
}

static void a_bad_mode_fails_with_einval(void)
{
	differ(bad_mode_scenario);
}

/* Not differential: what makes toy_popen a toy. */
static void toy_popen_uses_a_toy_pipe(void)
{
	struct toyipc_pipe_stats st = { 0 };
	FILE *real = popen("echo hi", "r"), *toy = toy_popen("echo hi", "r");
	char buf[8];

	TT_ASSERT(real && toy);
	TT_ASSERT(ioctl(fileno(toy), TOYIPC_IOC_PIPE_STATS, &st) == 0);
	TT_ASSERT_ERRNO(ioctl(fileno(real), TOYIPC_IOC_PIPE_STATS, &st), ENOTTY);
	/* Read it all: a pclose before echo's write would kill echo (SIGPIPE). */
	TT_ASSERT(fgets(buf, sizeof(buf), real) && fgets(buf, sizeof(buf), toy));
	TT_ASSERT(st.bytes_out == 0 && !strcmp(buf, "hi\n"));
	TT_ASSERT(pclose(real) == 0);
	TT_ASSERT(toy_pclose(toy) == 0);
}

static void toy_pclose_of_another_stream_fails_with_echild(void)
{
	FILE *f = fopen("/proc/self/stat", "r");

	TT_ASSERT(f != NULL);
	TT_ASSERT_ERRNO(toy_pclose(f), ECHILD);
	TT_ASSERT(fclose(f) == 0);	/* left open */
}

int main(void)
{
	static const struct tt_case cases[] = {
		TT_CASE(mode_r_reads_the_commands_stdout),
		TT_CASE(mode_w_feeds_the_commands_stdin_until_pclose),
		TT_CASE(pclose_returns_the_shells_wait_status),
		TT_CASE(the_child_inherits_no_earlier_stream),
		TT_CASE(mode_e_makes_the_stream_close_on_exec),
		TT_CASE(a_bad_mode_fails_with_einval),
		TT_CASE(toy_popen_uses_a_toy_pipe),
		TT_CASE(toy_pclose_of_another_stream_fails_with_echild),
		{ NULL, NULL },
	};

	return tt_main("popen", cases);
}
