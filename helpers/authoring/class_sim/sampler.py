"""Memory, CPU and network of the hub's process tree, sampled every second while the class runs."""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path

import psutil

LOOPBACK = {"127.0.0.1", "::1", "::ffff:127.0.0.1"}
SAMPLE_SECONDS = 1.0


def hub_tree(root_pid: int) -> list[psutil.Process]:
    """The hub and every process below it ([] once it has gone)."""
    with contextlib.suppress(psutil.Error):
        root = psutil.Process(root_pid)
        return [root, *root.children(recursive=True)]
    return []


class Sampler(threading.Thread):
    """Every second: PSS (and RSS) of the hub's process tree, by user; connections off 127.0.0.1."""

    def __init__(self, root_pid: int, uids: dict[int, str]):
        super().__init__(daemon=True)
        self.root_pid, self.uids = root_pid, uids
        self.stop_event = threading.Event()
        self.peak_total_mb = 0.0
        self.peak_rss_total_mb = 0.0
        self.peak_by_user: dict[str, float] = {}
        self.off_host: set[str] = set()
        self.cpu_by_pid: dict[int, tuple[str, float]] = {}  # the last CPU seconds seen per process
        self.samples = 0
        self.own_cpu_s = 0.0  # what sampling cost (it shares the machine with the class)

    @staticmethod
    def memory(pid: int) -> tuple[float, float]:
        """(PSS, RSS) of one process in MB, from /proc/<pid>/smaps_rollup."""
        pss = rss = 0.0
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) / 1024
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1]) / 1024
        return pss, rss

    def tree(self) -> list[psutil.Process]:
        """The hub and every process below it."""
        return hub_tree(self.root_pid)

    def run(self) -> None:
        """Sample until stopped."""
        tick = 0
        while not self.stop_event.wait(SAMPLE_SECONDS):
            procs = self.tree()
            total = rss_total = 0.0
            by_user: dict[str, float] = {}
            for proc in procs:
                pss, rss = self.memory(proc.pid)
                total, rss_total = total + pss, rss_total + rss
                with contextlib.suppress(psutil.Error):
                    name = self.uids.get(proc.uids().real)
                    if name:
                        by_user[name] = by_user.get(name, 0.0) + pss
                        cpu = proc.cpu_times()
                        self.cpu_by_pid[proc.pid] = (name, cpu.user + cpu.system)
            self.peak_total_mb = max(self.peak_total_mb, total)
            self.peak_rss_total_mb = max(self.peak_rss_total_mb, rss_total)
            for name, mb in by_user.items():
                self.peak_by_user[name] = max(self.peak_by_user.get(name, 0.0), mb)
            self.samples += 1
            tick += 1
            if tick % 5 == 1:
                self.check_network({p.pid for p in procs})
            self.own_cpu_s = time.thread_time()

    def cpu_by_user(self) -> dict[str, float]:
        """CPU seconds each user's processes (server, kernels) used, as last sampled."""
        totals: dict[str, float] = {}
        for name, seconds in self.cpu_by_pid.values():
            totals[name] = totals.get(name, 0.0) + seconds
        return totals

    def check_network(self, pids: set[int]) -> None:
        """Remember every socket of the tree bound to, or connected to, anything but loopback."""
        with contextlib.suppress(psutil.Error):
            for conn in psutil.net_connections(kind="inet"):
                if conn.pid not in pids:
                    continue
                for addr in (conn.laddr, conn.raddr):
                    if addr and addr.ip not in LOOPBACK:
                        self.off_host.add(f"pid {conn.pid}: {addr.ip}:{addr.port}")

    def stop(self) -> None:
        """Stop sampling and wait for the thread."""
        self.stop_event.set()
        self.join(timeout=10)
