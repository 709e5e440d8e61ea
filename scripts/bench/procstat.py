#!/usr/bin/env python3
"""Samples processes from /proc over a window.

  procstat.py SECONDS PID...  -> one line of key=value:
    procs, threads (total now), rss_kb (total VmRSS now), rss_max_kb, cpu_s_per_min (all processes:
    the scheduler's exact run time from /proc/PID/schedstat; utime+stime, counted in whole clock
    ticks, only where schedstat is missing), wakeups_per_s (voluntary+nonvoluntary context switches
    summed over every task of every process, per second, total), wakeups_per_s_per_proc, and its two parts per process:
    voluntary_per_s_per_proc (the task slept) and preempted_per_s_per_proc (nonvoluntary)
"""
import os, sys, time

TICK = os.sysconf('SC_CLK_TCK')


def cpu(pid):
    """CPU seconds used so far."""
    try:
        with open('/proc/%d/schedstat' % pid) as f:
            return int(f.read().split()[0]) / 1e9  # time on a CPU, ns
    except FileNotFoundError:  # a kernel without CONFIG_SCHED_INFO
        with open('/proc/%d/stat' % pid) as f:
            rest = f.read().rsplit(')', 1)[1].split()
        return (int(rest[11]) + int(rest[12])) / TICK  # utime, stime (fields 14, 15)


def status(path):
    d = {}
    with open(path) as f:
        for line in f:
            k, _, v = line.partition(':')
            d[k] = v.strip()
    return d


def switches(pid):
    out = {}
    for tid in os.listdir('/proc/%d/task' % pid):
        try:
            s = status('/proc/%d/task/%s/status' % (pid, tid))
            out[tid] = (int(s['voluntary_ctxt_switches']), int(s['nonvoluntary_ctxt_switches']))
        except (OSError, KeyError):
            pass
    return out


def sample(pids):
    snap = {}
    for p in pids:
        try:
            snap[p] = (cpu(p), switches(p))
        except OSError:
            pass
    return snap


def main():
    secs = float(sys.argv[1])
    pids = [int(p) for p in sys.argv[2:]]
    a = sample(pids)
    t0 = time.monotonic()
    time.sleep(secs)
    b = sample(pids)
    dt = time.monotonic() - t0
    used = sum(b[p][0] - a[p][0] for p in b if p in a)
    wake = vol = 0
    for p in b:
        if p in a:
            for t, (v, n) in b[p][1].items():
                v0, n0 = a[p][1].get(t, (0, 0))
                vol += v - v0
                wake += v - v0 + n - n0
    rss, threads = [], 0
    for p in b:
        try:
            s = status('/proc/%d/status' % p)
            rss.append(int(s['VmRSS'].split()[0]))
            threads += int(s['Threads'])
        except (OSError, KeyError):
            pass
    n = max(len(b), 1)
    print('procs=%d threads=%d rss_kb=%d rss_max_kb=%d cpu_s_per_min=%.3f wakeups_per_s=%.2f wakeups_per_s_per_proc=%.3f'
          ' voluntary_per_s_per_proc=%.3f preempted_per_s_per_proc=%.3f'
          % (len(b), threads, sum(rss), max(rss or [0]), used / dt * 60, wake / dt, wake / dt / n,
             vol / dt / n, (wake - vol) / dt / n))


if __name__ == '__main__':
    main()
