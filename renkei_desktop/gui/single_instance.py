"""One window per user: a second start hands its paths to the running window and exits.

The first start listens on a QLocalServer (a named pipe on Windows, a socket in the temp folder elsewhere)
whose name is derived from the user and the user-data folder, so two users of one PC (or a portable copy with
its own data folder) never meet. A later start connects, sends one line of JSON ``{"paths": [...]}`` and
waits for the ``ok`` reply; the running window then loads those paths and comes to the front.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from renkei_desktop import APP_NAME
from renkei_desktop.paths import user_data_dir

log = logging.getLogger(__name__)
CONNECT_TIMEOUT_MS = 1000
IO_TIMEOUT_MS = 3000
MAX_MESSAGE = 1 << 20  # paths of one drop onto the exe: far below 1 MiB
REPLY = b"ok\n"


def server_name(data_dir: Path | None = None) -> str:
    """The per-user name of the local server (short: Unix socket paths are limited to ~100 bytes)."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = "user"
    key = f"{user}\0{(data_dir or user_data_dir()).resolve()}"
    return f"{APP_NAME}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}"


def encode_paths(paths: list[Path]) -> bytes:
    return (
        json.dumps({"paths": [str(p.resolve()) for p in paths]}, ensure_ascii=False).encode("utf-8") + b"\n"
    )


def decode_paths(data: bytes) -> list[Path] | None:
    """The paths of a message, or None when it is not one of ours."""
    try:
        message = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    paths = message.get("paths") if isinstance(message, dict) else None
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        return None
    return [Path(p) for p in paths]


def hand_over(paths: list[Path], name: str | None = None) -> bool:
    """Give ``paths`` to a running instance; False when none is running (then this one should start)."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(encode_paths(paths))
    socket.flush()  # may already write everything: waitForBytesWritten then reports nothing to wait for
    socket.waitForBytesWritten(IO_TIMEOUT_MS)
    reply = b""
    while not reply.endswith(b"\n") and len(reply) < len(REPLY):
        if not socket.bytesAvailable() and not socket.waitForReadyRead(IO_TIMEOUT_MS):
            break
        reply += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return reply == REPLY


class InstanceServer(QObject):
    """Listens for later starts; ``paths_received`` carries their paths (possibly empty: just show)."""

    paths_received = Signal(list)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytearray] = {}

    def listen(self) -> bool:
        """Start listening; a stale name (a crashed instance's socket) is removed once and retried."""
        if self.server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        if self.server.listen(self.name):
            return True
        log.warning("single-instance server not available: %s", self.server.errorString())
        return False

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = bytearray()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._drop(s))

    def _read(self, socket: QLocalSocket) -> None:
        buffer = self._buffers.get(socket)
        if buffer is None:
            return
        buffer.extend(bytes(socket.readAll().data()))
        if len(buffer) > MAX_MESSAGE:
            socket.abort()
            return
        if not buffer.endswith(b"\n"):
            return
        paths = decode_paths(bytes(buffer))
        buffer.clear()
        if paths is None:
            socket.abort()
            return
        socket.write(REPLY)
        socket.flush()
        self.paths_received.emit(paths)

    def _drop(self, socket: QLocalSocket) -> None:
        # no deleteLater(): the socket is the server's child and goes with it (a few bytes per later
        # start); deleting it here as well crashed PySide6 6.9 (a double delete of the wrapper's object)
        self._buffers.pop(socket, None)
