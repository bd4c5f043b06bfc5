// SPDX-License-Identifier: GPL-2.0
/*
 * The labs (user/labs/lab-*.c) run as documented: each test runs one lab as a
 * student would, checks that it ends with status 0 within LAB_SECONDS,
 * and looks for the rows a student is told to look at.  A row is matched
 * with its runs of blanks squeezed to one space, as a POSIX extended
 * regular expression: "step real-result toy-result".
 */
#include <poll.h>
#include <regex.h>
#include <sys/prctl.h>
#include <time.h>

#include "tt.h"

#define LAB_SECONDS	30	/* the issue's limit for one lab in the VM */
#define OUT_SIZE	16384

static char out[OUT_SIZE];
static char context[64];	/* which repeated run, in a failure's message */

/*
 * Run ARGV (a lab on PATH) with stdout and stderr into OUT, blanks
 * squeezed; fail unless it exits 0 within LAB_SECONDS.  Returns its
 * exit status when WANT_STATUS is not 0 (and does not judge it).
 */
static int run_status(char *const argv[], int want_status)
{
	struct timespec t0, t1;
	size_t len = 0;
	int fd[2], status;
	char c, last = 0;
	pid_t pid;

	TT_ASSERT(pipe(fd) == 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	TT_ASSERT(pid >= 0);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(fd[1], STDOUT_FILENO);
		dup2(fd[1], STDERR_FILENO);
		close(fd[0]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fd[1]);
	while (read(fd[0], &c, 1) == 1) {
		if (c == ' ' || c == '\t')
			c = ' ';
		if (c == ' ' && last == ' ')
			continue;
		if (len < OUT_SIZE - 1)
			out[len++] = c;
		last = c;
	}
	out[len] = '\0';
	close(fd[0]);
	TT_ASSERT(waitpid(pid, &status, 0) == pid);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (t1.tv_sec - t0.tv_sec > LAB_SECONDS)
		TT_FAIL("%s%s took %ld s, more than %d", context, argv[0],
			(long)(t1.tv_sec - t0.tv_sec), LAB_SECONDS);
	if (want_status)
		return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		TT_FAIL("%s%s: status %#x; it printed:\n%s", context, argv[0], status, out);
	return 0;
}

static void run(const char *lab)
{
	char *argv[] = { (char *)lab, NULL };

	run_status(argv, 0);
}

/* Fail unless a line of the output matches the extended regex ROW. */
static void expect(const char *row)
{
	regex_t re;
	int err = regcomp(&re, row, REG_EXTENDED | REG_NEWLINE | REG_NOSUB);

	if (err)
		TT_FAIL("bad regex %s", row);
	err = regexec(&re, out, 0, NULL, 0);
	regfree(&re);
	if (err)
		TT_FAIL("%sno line matches\n#   %s\n# in the output:\n%s", context, row, out);
}

static void lab_pipe_eof_comes_when_every_write_end_is_closed_rows(void)
{
	expect("^close\\(fd\\[1\\]\\); read\\(fd\\[0\\]\\) 0 \\(EOF\\) 0 \\(EOF\\)$");
	expect("^child closed its fd\\[1\\] 3 lines, then EOF 3 lines, then EOF$");
	expect("^child kept its fd\\[1\\] open 3 lines, no EOF 3 lines, no EOF$");
}

static void lab_pipe_eof_comes_when_every_write_end_is_closed(void)
{
	run("lab-pipe");
	lab_pipe_eof_comes_when_every_write_end_is_closed_rows();
}

static void lab_pipe_writer_without_reader_gets_epipe_and_sigpipe_rows(void)
{
	expect("^no reader: write\\(fd\\[1\\]\\) -1 EPIPE -1 EPIPE$");
	expect("^write\\(\\) with SIGPIPE's default killed by SIGPIPE killed by SIGPIPE$");
}

static void lab_pipe_writer_without_reader_gets_epipe_and_sigpipe(void)
{
	run("lab-pipe");
	lab_pipe_writer_without_reader_gets_epipe_and_sigpipe_rows();
}

static void lab_fifo_open_is_a_rendezvous_rows(void)
{
	expect("^open\\(O_WRONLY\\|O_NONBLOCK\\), no reader -1 ENXIO -1 ENXIO$");
	expect("^reader's open\\(O_RDONLY\\) blocked yes \\([0-9]+ ms\\) yes \\([0-9]+ ms\\)$");
	expect("^reader read \"hello from pid \\.\\.\\.\" EOF \"hello from pid \\.\\.\\.\" EOF$");
}

static void lab_fifo_open_is_a_rendezvous(void)
{
	run("lab-fifo");
	lab_fifo_open_is_a_rendezvous_rows();
}

static void lab_fifo_last_close_throws_the_data_away_rows(void)
{
	expect("^FIONREAD after the last close 0 bytes 0 bytes$");
}

static void lab_fifo_last_close_throws_the_data_away(void)
{
	run("lab-fifo");
	lab_fifo_last_close_throws_the_data_away_rows();
}

static void lab_popen_reads_output_and_writes_input_rows(void)
{
	expect("^lines read mqueue msg pipe posix_shm sem shm stats mqueue msg pipe posix_shm sem shm stats$");
	expect("^wrote pear apple fig; FILE holds apple fig pear apple fig pear$");
}

static void lab_popen_reads_output_and_writes_input(void)
{
	run("lab-popen");
	lab_popen_reads_output_and_writes_input_rows();
}

static void lab_popen_pclose_returns_the_wait_status_rows(void)
{
	expect("^popen\\(\"exit 3\"\\); pclose\\(\\) exited 3 exited 3$");
	expect("^popen\\(\"no-such-command\"\\); pclose\\(\\) exited 127 exited 127$");
	expect("^popen\\(\"true\", \"x\"\\): a bad mode -1 EINVAL -1 EINVAL$");
}

static void lab_popen_pclose_returns_the_wait_status(void)
{
	run("lab-popen");
	lab_popen_pclose_returns_the_wait_status_rows();
}

static void lab_shm_parent_reads_what_the_child_wrote_rows(void)
{
	expect("^parent reads \"hello from the child\" \"hello from the child\"$");
	expect("^IPC_STAT, child attached key 0x5e6 nattch 2 key 0x5e6 nattch 2$");
	expect("^IPC_STAT, child exited key 0x5e6 nattch 1 key 0x5e6 nattch 1$");
}

static void lab_shm_parent_reads_what_the_child_wrote(void)
{
	run("lab-shm");
	lab_shm_parent_reads_what_the_child_wrote_rows();
}

static void lab_shm_removed_segment_lives_until_the_last_detach_rows(void)
{
	expect("^IPC_STAT key 0 nattch 1 SHM_DEST key 0 nattch 1 SHM_DEST$");
	expect("^shmget\\(the key, no IPC_CREAT\\) -1 ENOENT -1 ENOENT$");
	expect("^the memory, read through our attach \"hello from the child\" "
	       "\"hello from the child\"$");
	expect("^shmdt\\(\\); IPC_STAT -1 EINVAL -1 EINVAL$");
}

static void lab_shm_removed_segment_lives_until_the_last_detach(void)
{
	run("lab-shm");
	lab_shm_removed_segment_lives_until_the_last_detach_rows();
}

/*
 * The lab forces the window (a barrier, and a wait between load and
 * store), so the rows are exact on every run: one increment lost per
 * round without the lock, none with it.
 */
static void lab_race_loses_increments_without_the_lock_and_none_inside_p_v_rows(void)
{
	expect("^no lock 200 of 400 200 of 400$");
	expect("^semaphore P/V around it 400 of 400 400 of 400$");
	expect("^=> without the lock, increments are lost: both processes loaded the$");
}

static void lab_race_loses_increments_without_the_lock_and_none_inside_p_v(void)
{
	run("lab-race");
	lab_race_loses_increments_without_the_lock_and_none_inside_p_v_rows();
}

static void lab_msg_types_route_the_ping_pong_rows(void)
{
	expect("^parent received \\(type 2\\) pong 1, pong 2, pong 3 pong 1, pong 2, pong 3$");
}

/* Few rounds: the SEM_UNDO part does not depend on them. */
static void lab_race_sem_undo_frees_the_lock_of_a_killed_holder(void)
{
	char *argv[] = { "lab-race", "10", NULL };

	run_status(argv, 0);
	expect("^P without SEM_UNDO 0 \\(held by nobody\\) 0 \\(held by nobody\\)$");
	expect("^P with SEM_UNDO 1 \\(free again\\) 1 \\(free again\\)$");
}

static void lab_msg_types_route_the_ping_pong(void)
{
	run("lab-msg");
	lab_msg_types_route_the_ping_pong_rows();
}

static void lab_msg_negative_msgtyp_takes_the_lowest_type_rows(void)
{
	expect("^msgrcv\\(msgtyp -3, size 64\\) type 1 \"one\" type 1 \"one\"$");
	expect("^msgctl\\(IPC_STAT\\) qnum 4 cbytes 14 qnum 4 cbytes 14$");
}

static void lab_msg_negative_msgtyp_takes_the_lowest_type(void)
{
	run("lab-msg");
	lab_msg_negative_msgtyp_takes_the_lowest_type_rows();
}

static void lab_signals_sigio_tells_of_data_arrival_rows(void)
{
	expect("^signal before any data none none$");
	expect("^signal after the child's write SIGIO POLL_IN fd [0-9]+ SIGIO POLL_IN fd [0-9]+$");
	expect("^read\\(fd\\[0\\]\\) 4 \"ping\" 4 \"ping\"$");
}

static void lab_signals_sigio_tells_of_data_arrival(void)
{
	run("lab-signals");
	lab_signals_sigio_tells_of_data_arrival_rows();
}

static void lab_signals_sigpipe_comes_with_epipe_rows(void)
{
	expect("^write\\(fd\\[1\\], \"x\", 1\\) -1 EPIPE -1 EPIPE$");
	expect("^signal sent to the writer SIGPIPE SIGPIPE$");
}

static void lab_signals_sigpipe_comes_with_epipe(void)
{
	run("lab-signals");
	lab_signals_sigpipe_comes_with_epipe_rows();
}

static void lab_ipcs_lists_and_removes_both_sides_rows(void)
{
	expect("^ +28865 +[0-9]+ +600 +12 +2 +[0-9]+$");		/* /proc/sysvipc/msg */
	expect("^0x000070c1 [0-9]+ 0 600 12 2 ?$");		/* toyipcctl ipcs -q */
	expect("^then msgctl\\(IPC_STAT\\) -1 EINVAL -1 EINVAL$");
	expect("^then shmctl\\(IPC_STAT\\) -1 EINVAL -1 EINVAL$");
	expect("^then semctl\\(GETVAL\\) -1 EINVAL -1 EINVAL$");
}

static void lab_ipcs_lists_and_removes_both_sides(void)
{
	run("lab-ipcs");
	lab_ipcs_lists_and_removes_both_sides_rows();
}

static void lab_kill_handlers_see_the_sender_and_the_value_rows(void)
{
	expect("^kill\\(child, SIGUSR1\\) SIGUSR1, SI_USER, from the parent$");
	expect("^sigqueue\\(child, SIGUSR2, 42\\) SIGUSR2, SI_QUEUE, from the parent, value 42$");
	expect("^kill\\(child, SIGTERM\\) killed by SIGTERM$");
}

static void lab_kill_handlers_see_the_sender_and_the_value(void)
{
	run("lab-kill");
	lab_kill_handlers_see_the_sender_and_the_value_rows();
}

static void lab_kill_blocked_signals_pend_and_only_real_time_ones_queue_rows(void)
{
	expect("^sigpending\\(\\) in the child SIGUSR1 SIGRTMIN$");
	expect("^sigprocmask\\(SIG_UNBLOCK\\): handled SIGUSR1 x1; SIGRTMIN 1 2 3$");
}

static void lab_kill_blocked_signals_pend_and_only_real_time_ones_queue(void)
{
	run("lab-kill");
	lab_kill_blocked_signals_pend_and_only_real_time_ones_queue_rows();
}

static void lab_unix_streams_lose_write_boundaries_and_datagrams_keep_them_rows(void)
{
	expect("^first read 6 \"abcdef\" 6 \"abcdef\"$");
	expect("^writer closed; read 0 \\(EOF\\) 0 \\(EOF\\)$");
	expect("^receive into 64 bytes 2 \"ab\" 2 \"ab\"$");
	expect("^receive into 1 byte 1 \"c\" -1 E2BIG$");
	expect("^ the same, MSG_NOERROR \\(toy\\) \\(the rest was dropped\\) 1 \"c\"$");
	expect("^receive into 64 bytes 2 \"ef\" 2 \"ef\"$");
}

static void lab_unix_streams_lose_write_boundaries_and_datagrams_keep_them(void)
{
	run("lab-unix");
	lab_unix_streams_lose_write_boundaries_and_datagrams_keep_them_rows();
}

static void lab_mmap_shared_writes_reach_the_file_and_private_ones_do_not_rows(void)
{
	expect("^MAP_SHARED / attach: child wrote bbbb \"bbbb\" \"bbbb\"$");
	expect("^MAP_PRIVATE: child wrote cccc \"bbbb\" \\(no such attach\\)$");
	expect("^every writer gone: read again \"bbbb\" \"bbbb\"$");
}

static void lab_mmap_shared_writes_reach_the_file_and_private_ones_do_not(void)
{
	run("lab-mmap");
	lab_mmap_shared_writes_reach_the_file_and_private_ones_do_not_rows();
}

/* Without the module a lab says so, once, instead of a column of errors. */
static void without_the_module_a_lab_says_toyipc_ko_is_not_loaded(void)
{
	char *lab[] = { "lab-msg", NULL };
	int st;

	TT_ASSERT(system("rmmod toyipc") == 0);
	st = run_status(lab, 1);
	TT_ASSERT(system("insmod /lib/toyipc.ko $(cat /etc/toyipc/modparams)") == 0);
	if (st != 1)
		TT_FAIL("lab-msg without the module: status %d, want 1; it printed:\n%s", st, out);
	expect("^lab-msg: toyipc.ko is not loaded \\(there is no /dev/toyipc\\)");
	if (strstr(out, "EBADF") || strstr(out, "ENOENT"))
		TT_FAIL("lab-msg without the module printed errors:\n%s", out);
}

/* Each lab with the rows that must hold on every run of it. */
static const struct {
	const char *lab;
	void (*rows[3])(void);
} every_lab[] = {
	{ "lab-pipe", { lab_pipe_eof_comes_when_every_write_end_is_closed_rows,
			lab_pipe_writer_without_reader_gets_epipe_and_sigpipe_rows } },
	{ "lab-fifo", { lab_fifo_open_is_a_rendezvous_rows,
			lab_fifo_last_close_throws_the_data_away_rows } },
	{ "lab-popen", { lab_popen_reads_output_and_writes_input_rows,
			 lab_popen_pclose_returns_the_wait_status_rows } },
	{ "lab-shm", { lab_shm_parent_reads_what_the_child_wrote_rows,
		       lab_shm_removed_segment_lives_until_the_last_detach_rows } },
	{ "lab-race", { lab_race_loses_increments_without_the_lock_and_none_inside_p_v_rows } },
	{ "lab-msg", { lab_msg_types_route_the_ping_pong_rows,
		       lab_msg_negative_msgtyp_takes_the_lowest_type_rows } },
	{ "lab-signals", { lab_signals_sigio_tells_of_data_arrival_rows,
			   lab_signals_sigpipe_comes_with_epipe_rows } },
	{ "lab-kill", { lab_kill_handlers_see_the_sender_and_the_value_rows,
			lab_kill_blocked_signals_pend_and_only_real_time_ones_queue_rows } },
	{ "lab-unix", { lab_unix_streams_lose_write_boundaries_and_datagrams_keep_them_rows } },
	{ "lab-mmap", { lab_mmap_shared_writes_reach_the_file_and_private_ones_do_not_rows } },
	{ "lab-ipcs", { lab_ipcs_lists_and_removes_both_sides_rows } },
};

#define REPEAT	20	/* runs of each lab beside the hog */

/*
 * A lab must not contradict itself when the machine is busy: each one
 * runs REPEAT times in a row while a CPU hog spins beside it, and every
 * run must show every row its tests check.
 */
static void every_lab_shows_its_rows_20_times_in_a_row_beside_a_cpu_hog(void)
{
	size_t nlabs = sizeof(every_lab) / sizeof(every_lab[0]);
	pid_t hog = fork();

	TT_ASSERT(hog >= 0);
	if (hog == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			;
	}
	/* This test's own limit: REPEAT runs of every lab. */
	alarm(REPEAT * nlabs * 10);
	for (size_t i = 0; i < nlabs; i++) {
		for (int r = 1; r <= REPEAT; r++) {
			snprintf(context, sizeof(context), "%s, run %d of %d beside a CPU hog: ",
				 every_lab[i].lab, r, REPEAT);
			run(every_lab[i].lab);
			for (int k = 0; k < 3 && every_lab[i].rows[k]; k++)
				every_lab[i].rows[k]();
		}
	}
	kill(hog, SIGKILL);
	waitpid(hog, NULL, 0);
}

static void toyipc_demo_runs_one_lab_by_name(void)
{
	char *one[] = { "toyipc-demo", "signals", NULL };
	char *none[] = { "toyipc-demo", "no-such-lab", NULL };

	run_status(one, 0);
	expect("^lab-signals: ");
	if (run_status(none, 1) != 2)
		TT_FAIL("toyipc-demo no-such-lab: want status 2; it printed:\n%s", out);
	expect("^toyipc-demo: no lab 'no-such-lab'; the labs are: pipe fifo popen");
}

int main(void)
{
	static const struct tt_case cases[] = {
		TT_CASE(lab_pipe_eof_comes_when_every_write_end_is_closed),
		TT_CASE(lab_pipe_writer_without_reader_gets_epipe_and_sigpipe),
		TT_CASE(lab_fifo_open_is_a_rendezvous),
		TT_CASE(lab_fifo_last_close_throws_the_data_away),
		TT_CASE(lab_popen_reads_output_and_writes_input),
		TT_CASE(lab_popen_pclose_returns_the_wait_status),
		TT_CASE(lab_shm_parent_reads_what_the_child_wrote),
		TT_CASE(lab_shm_removed_segment_lives_until_the_last_detach),
		TT_CASE(lab_race_loses_increments_without_the_lock_and_none_inside_p_v),
		TT_CASE(lab_race_sem_undo_frees_the_lock_of_a_killed_holder),
		TT_CASE(lab_msg_types_route_the_ping_pong),
		TT_CASE(lab_msg_negative_msgtyp_takes_the_lowest_type),
		TT_CASE(lab_signals_sigio_tells_of_data_arrival),
		TT_CASE(lab_signals_sigpipe_comes_with_epipe),
		TT_CASE(lab_ipcs_lists_and_removes_both_sides),
		TT_CASE(lab_kill_handlers_see_the_sender_and_the_value),
		TT_CASE(lab_kill_blocked_signals_pend_and_only_real_time_ones_queue),
		TT_CASE(lab_unix_streams_lose_write_boundaries_and_datagrams_keep_them),
		TT_CASE(lab_mmap_shared_writes_reach_the_file_and_private_ones_do_not),
		TT_CASE(toyipc_demo_runs_one_lab_by_name),
		TT_CASE(without_the_module_a_lab_says_toyipc_ko_is_not_loaded),
		TT_CASE(every_lab_shows_its_rows_20_times_in_a_row_beside_a_cpu_hog),
		{ NULL, NULL },
	};

	return tt_main("labs", cases);
}
