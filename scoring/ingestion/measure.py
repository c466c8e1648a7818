# Runs a command pinned to one core and reports, on file descriptor 3, what
# it used as measured from outside the program: wall time from start to
# exit, the user and system CPU time of it and every descendant it waited
# for, and the largest resident set among them (wait4's rusage). It runs
# inside the sandbox as the program's parent (bubblewrap does not pass its
# children's usage on). The program cannot reach the report: the descriptor
# is closed before it starts, and this process is made non-dumpable, so the
# program (the same user) can neither trace it nor open its descriptors
# through /proc.
# Started ahead (--wait-for-start), it waits for the line "start" on its
# standard input before it starts the program (whose standard input is then
# /dev/null); the clock starts with the program.
#   python3 -I -S measure.py [--wait-for-start] <cpu|-1> <command...>
import ctypes
import os
import sys
import time


def main() -> int:
    args = sys.argv[1:]
    wait = args[0] == "--wait-for-start"
    if wait:
        args = args[1:]
    cpu = int(args[0])
    command = args[1:]
    allowed = sorted(os.sched_getaffinity(0))
    core = allowed[-1] if cpu < 0 or cpu not in allowed else cpu
    os.sched_setaffinity(0, {core})
    PR_SET_DUMPABLE = 4
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    report = os.fdopen(3, "w")
    if wait:
        if sys.stdin.buffer.readline() != b"start\n":
            return 1
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.close(3)
        # Dumpability resets at exec for the program; only this launcher stays untraceable.
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - started
    # JSON written by hand: importing json would add ~10 ms to every run (repr of a float is valid JSON).
    report.write(
        '{"wallSeconds": %r, "cpuSeconds": %r, "peakMemoryMB": %r, "cpu": %d}'
        % (wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, core)
    )
    report.close()
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main())
