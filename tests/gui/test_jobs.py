"""The job manager: one job per kind, replaced jobs are cancelled and their results dropped."""

from __future__ import annotations

import threading

import pytest

from renkei_desktop.gui.jobs import EXPORT, LOAD, RENDER, JobManager

pytestmark = pytest.mark.gui


def wait_for_cancel(gate: threading.Event, progress=None, cancel=None) -> str:
    gate.wait(10)
    while not cancel.cancelled:
        threading.Event().wait(0.01)
    return "cancelled"


def value(x: int, progress=None, cancel=None) -> int:
    progress(1, 1, "x")
    return x * 2


def test_start_replace_clear_and_describe(qtbot):
    jobs = JobManager()
    results: list[object] = []
    gate = threading.Event()
    first = jobs.start(LOAD, wait_for_cancel, gate, on_result=results.append)
    jobs.start(RENDER, wait_for_cancel, gate)
    assert jobs.running() == [LOAD, RENDER]
    assert jobs.describe() == "読み込み・図の描画"
    assert jobs.worker(LOAD) is first
    second = jobs.start(LOAD, value, 21, on_result=results.append)  # replaces (cancels) the first
    assert first.cancel_token.cancelled and jobs.worker(LOAD) is second
    gate.set()
    with qtbot.waitSignal(jobs.idle, timeout=10_000):
        jobs.cancel(RENDER)
    assert results == [42]  # the replaced job's result was dropped
    assert jobs.running() == [] and not jobs.is_running() and jobs.describe() == ""


def test_finished_says_which_kind(qtbot):
    jobs = JobManager()
    with qtbot.waitSignal(jobs.finished, timeout=10_000) as blocker:
        jobs.start(EXPORT, value, 1)
    assert blocker.args == [EXPORT]
    assert jobs.worker(EXPORT) is None


def _fail_with(exc: Exception, *, progress, cancel):
    raise exc


def test_an_expected_failure_is_shown_in_its_own_words_and_a_bug_as_a_bug(qtbot):
    from renkei_desktop.export.atomic import ExportError
    from renkei_desktop.logs import log_path

    jobs = JobManager()
    messages: list[str] = []
    expected = ExportError("出力先フォルダ D:/集計結果 に書き込めません: アクセスが拒否されました")
    with qtbot.waitSignal(jobs.idle, timeout=10_000):
        jobs.start(EXPORT, _fail_with, expected, on_error=messages.append)
    assert messages == ["出力先フォルダ D:/集計結果 に書き込めません: アクセスが拒否されました"]
    with qtbot.waitSignal(jobs.idle, timeout=10_000):
        jobs.start(EXPORT, _fail_with, KeyError("Q6_1_med"), on_error=messages.append)
    assert messages[1].startswith("予期しないエラーが発生しました（KeyError）")
    assert str(log_path()) in messages[1]


def test_the_worker_hands_over_the_exception_itself(qtbot):
    from renkei_desktop.gui.workers import Worker, start

    worker = Worker(_fail_with, ValueError("bad"))
    with qtbot.waitSignal(worker.signals.error, timeout=10_000) as blocker:
        start(worker)
    (exc,) = blocker.args
    assert isinstance(exc, ValueError) and str(exc) == "bad"
