"""The single-instance guard: a second start hands its paths to the running window and exits."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from forms import T0, fill_form
from PySide6.QtCore import QDir

from renkei_desktop.gui.single_instance import (
    InstanceServer,
    decode_paths,
    encode_paths,
    hand_over,
    server_name,
)

pytestmark = pytest.mark.gui


def app_env(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "RENKEI_DATA_DIR": str(data_dir),
        "QT_QPA_PLATFORM": "offscreen",
        "RENKEI_MULTI_INSTANCE": "",
    }


def test_names_differ_per_data_folder(tmp_path):
    a, b = server_name(tmp_path / "a"), server_name(tmp_path / "b")
    assert a != b and a.startswith("renkei-desktop-") and len(a) == len("renkei-desktop-") + 16
    assert server_name(tmp_path / "a") == a


def test_message_round_trip_and_foreign_messages(tmp_path):
    paths = [tmp_path / "回収 2026", tmp_path / "08201_水戸市.xlsx"]
    assert decode_paths(encode_paths(paths)) == [p.resolve() for p in paths]
    assert decode_paths(b"GET / HTTP/1.1\r\n") is None
    assert decode_paths(b'{"paths": [1, 2]}') is None


def test_second_process_hands_over_and_exits(qtbot, tmp_path):
    data_dir = tmp_path / "data"
    server = InstanceServer(server_name(data_dir))
    assert server.listen()
    folder = tmp_path / "回収 2026"
    folder.mkdir()
    with qtbot.waitSignal(server.paths_received, timeout=30_000) as received:
        second = subprocess.Popen(
            [sys.executable, "-m", "renkei_desktop", str(folder)], env=app_env(data_dir)
        )
    assert received.args[0] == [folder.resolve()]
    assert second.wait(timeout=30) == 0
    server.close()


def test_nobody_listening_means_start_normally(tmp_path):
    assert hand_over([tmp_path], server_name(tmp_path / "nobody")) is False


def test_stale_socket_of_a_crashed_instance_is_replaced(qtbot, tmp_path):
    if sys.platform == "win32":
        pytest.skip("named pipes leave nothing behind")
    name = server_name(tmp_path / "crashed")
    path = os.path.join(QDir.tempPath(), name)
    stale = socket.socket(socket.AF_UNIX)  # what a killed instance leaves: a socket file, no listener
    stale.bind(path)
    stale.close()
    assert os.path.exists(path)
    server = InstanceServer(name)
    assert server.listen()
    received: list[list[Path]] = []
    server.paths_received.connect(received.append)
    second = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"from renkei_desktop.gui.single_instance import hand_over; "
            f"import sys; sys.exit(0 if hand_over([], {name!r}) else 3)",
        ],
    )
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=30_000)
    assert second.returncode == 0
    assert received == [[]]
    server.close()


@pytest.mark.slow
def test_two_real_app_processes(tmp_path):
    """The first start shows its window; a second start with a folder exits at once and the first loads it."""
    data_dir = tmp_path / "data"
    inbox = tmp_path / "回収"
    fill_form(inbox / "水戸市.xlsx", "municipal", {}, mtime=T0)
    env = app_env(data_dir)
    first = subprocess.Popen([sys.executable, "-m", "renkei_desktop"], env=env)
    try:
        log_file = data_dir / "logs" / "renkei-desktop.log"
        name = server_name(data_dir)
        deadline = time.monotonic() + 60
        while not hand_over([], name):  # an empty hand-over only raises the window
            assert first.poll() is None and time.monotonic() < deadline
            time.sleep(0.3)
        started = time.monotonic()
        second = subprocess.run(
            [sys.executable, "-m", "renkei_desktop", str(inbox)], env=env, timeout=60, capture_output=True
        )
        assert second.returncode == 0, second.stderr
        assert time.monotonic() - started < 30
        while "loaded 1 municipal and 0 prefectural responses" not in log_file.read_text(encoding="utf-8"):
            assert first.poll() is None and time.monotonic() < deadline
            time.sleep(0.3)
        log = log_file.read_text(encoding="utf-8")
        assert "another start handed over 1 path(s), 1 of them exist" in log
        assert "handed 1 path(s) to the running window" in log  # the second start's own line
        assert first.poll() is None  # still running, one window
    finally:
        first.terminate()
        first.wait(timeout=30)
