"""Closing the exe's start-up splash, against PyInstaller's own ``pyi_splash`` module and a loopback server that
stands where the bootloader's splash server would (the protocol: the module connects to the port in
``_PYI_SPLASH_IPC``; closing sends the end-of-transmission byte). The exe builds check the real splash under Wine.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from renkei_desktop import boot_splash

CODE = (
    "import sys\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "from renkei_desktop import boot_splash\n"
    "print(boot_splash.close())\n"
    "print(boot_splash.close())\n"
)


def fake_modules() -> Path:
    pyinstaller = pytest.importorskip(
        "PyInstaller", reason="pip install -e .[build] (CI builds the exes first)"
    )
    return Path(pyinstaller.__file__).parent / "fake-modules"


def close_in_process(port: int) -> list[str]:
    env = {**os.environ, boot_splash.SPLASH_IPC_VARIABLE: str(port)}
    proc = subprocess.run(
        [sys.executable, "-c", CODE, str(fake_modules())], env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_without_a_splash_nothing_happens(monkeypatch):
    monkeypatch.delenv(boot_splash.SPLASH_IPC_VARIABLE, raising=False)
    assert boot_splash.close() == "none"
    monkeypatch.setenv(boot_splash.SPLASH_IPC_VARIABLE, "0")  # what the bootloader gives worker processes
    assert boot_splash.close() == "none"


def test_close_tells_the_splash_server_and_only_once():
    received = bytearray()
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(30)

        def serve() -> None:
            connection, _ = server.accept()
            with connection:
                while chunk := connection.recv(64):
                    received.extend(chunk)

        thread = threading.Thread(target=serve)
        thread.start()
        lines = close_in_process(server.getsockname()[1])
        thread.join(30)
    assert lines == ["closed", "none"]
    assert bytes(received) == b"\x04"  # pyi_splash.CLOSE_CONNECTION


def test_a_splash_that_is_gone_does_not_stop_the_app():
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]  # closed again below: nothing listens there any more
    (result, second) = close_in_process(port)
    assert result.startswith("failed: ") and second == "none"
