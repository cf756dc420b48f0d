"""The leftover-work check that every test runs after itself really catches running work."""

from __future__ import annotations

import threading

from hygiene import leftover_work, running_threads


def test_a_finished_test_leaves_nothing():
    before = running_threads()
    worker = threading.Thread(target=lambda: None, name="quick")
    worker.start()
    assert leftover_work(before, wait_s=2) == []


def test_a_thread_still_running_is_reported():
    before = running_threads()
    release = threading.Event()
    worker = threading.Thread(target=release.wait, name="stuck-export", daemon=True)
    worker.start()
    try:
        assert leftover_work(before, wait_s=0.2) == ["thread 'stuck-export' still running"]
    finally:
        release.set()
        worker.join()


def test_a_qthreadpool_job_still_running_is_reported(qapp):
    from PySide6.QtCore import QRunnable, QThreadPool

    release = threading.Event()

    class Stuck(QRunnable):
        def run(self) -> None:
            release.wait(30)

    QThreadPool.globalInstance().start(Stuck())
    try:
        assert leftover_work(running_threads(), wait_s=0.2) == ["1 QThreadPool job(s) still running"]
    finally:
        release.set()
        assert QThreadPool.globalInstance().waitForDone(5000)
