"""Run one read in a forked child: a wall-clock limit, a memory ceiling, and honest figures.

A regression in the guards could make calamine abort the whole process (Rust aborts on allocation
failure) or eat the machine's memory; in a child with ``RLIMIT_AS`` that shows up as a failed test
naming the file instead. The child's peak resident memory (``ru_maxrss``) includes what Rust
allocates, which ``tracemalloc`` cannot see. Where ``fork`` is unavailable (Windows), the function
runs in this process and only the time is measured.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

HEADROOM = 3 << 30  # address space a child may add to what it inherited


@dataclass
class Outcome:
    value: Any
    error: str | None
    seconds: float
    peak_mb: float | None  # peak resident memory of the child
    added_mb: float | None  # peak minus the resident memory inherited at fork
    exitcode: int | None
    timed_out: bool = False

    @property
    def crashed(self) -> bool:
        return self.timed_out or self.exitcode not in (0, None)


def _vm_size() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...], headroom: int, quiet: bool) -> None:
    if quiet:  # an expected abort: keep Rust's and faulthandler's reports out of the test output
        import faulthandler

        faulthandler.disable()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
    if resource is not None:
        limit = _vm_size() + headroom
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    try:
        value, error = fn(*args), None
    except BaseException as exc:  # report anything, including a Rust panic
        value, error = None, f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 if resource is not None else None
    conn.send((value, error, seconds, peak, None if peak is None else peak - base))
    conn.close()
    os._exit(0)


def run_isolated(
    fn: Callable[..., Any], *args: Any, timeout: float = 120.0, headroom: int = HEADROOM, quiet: bool = False
) -> Outcome:
    if "fork" not in mp.get_all_start_methods():
        start = time.perf_counter()
        try:
            value, error = fn(*args), None
        except Exception as exc:
            value, error = None, f"{type(exc).__name__}: {exc}"
        return Outcome(value, error, time.perf_counter() - start, None, None, None)
    ctx = mp.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(sender, fn, args, headroom, quiet))
    process.start()
    sender.close()
    try:
        if receiver.poll(timeout):
            try:
                value, error, seconds, peak, added = receiver.recv()
            except EOFError:  # the child died while sending
                process.join(10)
                return Outcome(None, "child died", 0.0, None, None, process.exitcode)
            process.join(10)
            return Outcome(value, error, seconds, peak, added, process.exitcode)
        process.join(0.1)
        if process.exitcode is not None:
            return Outcome(None, "child died", 0.0, None, None, process.exitcode)
        process.kill()
        process.join(10)
        return Outcome(None, "timeout", timeout, None, None, process.exitcode, timed_out=True)
    finally:
        receiver.close()
