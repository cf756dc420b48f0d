"""When the program was started (the onefile bootloader's start, when there is one): the selftest
reports the time from a double-click to a usable window."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def _linux_started_at(pid: int) -> float | None:
    try:
        ticks = int(
            Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
        )  # field 22: starttime
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return time.time() - (uptime - ticks / os.sysconf("SC_CLK_TCK"))


def _windows_started_at(pid: int) -> float | None:
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]  # Windows only
    kernel32.OpenProcess.restype = wintypes.HANDLE
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return None
    try:
        times = [wintypes.FILETIME() for _ in range(4)]
        if not kernel32.GetProcessTimes(handle, *(ctypes.byref(t) for t in times)):
            return None
        created = (times[0].dwHighDateTime << 32) | times[0].dwLowDateTime
        return created / 10_000_000 - 11_644_473_600  # 100 ns ticks since 1601 → Unix time
    finally:
        kernel32.CloseHandle(handle)


def launch_time() -> tuple[float | None, str]:
    """When the program was started: the onefile bootloader (parent) if frozen as one file, else this process."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    exe_dir = Path(sys.executable).resolve().parent
    # onedir: the bundle is the exe's folder or its _internal/ subfolder; onefile: a temporary folder
    onefile = frozen_root is not None and Path(frozen_root).resolve() not in (exe_dir, exe_dir / "_internal")
    pid, what = (os.getppid(), "bootloader") if onefile else (os.getpid(), "process")
    started = _windows_started_at(pid) if sys.platform == "win32" else _linux_started_at(pid)
    return started, what
