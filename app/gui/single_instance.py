"""One window per library: a second launch hands its files to the running one.

The first process listens on a QLocalServer whose name is derived from the
library's absolute path (and the user), so two different libraries can be open
at once but the same library only once. A later launch connects, sends its
files as one JSON line, waits for the ``ok`` reply, and exits; the first
process emits :attr:`SingleInstance.files_received` and raises its window.

The hand-off waits in a local event loop rather than with the blocking
``waitFor…`` calls, so two objects in one process (the tests) can talk.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

HANDOFF_TIMEOUT_MS = 3000
_MAX_MESSAGE = 4 * 1024 * 1024


def server_name(library_path: str | os.PathLike[str]) -> str:
    """The local socket name for a library (short: Unix socket paths are limited)."""
    p = os.path.normcase(os.path.abspath(os.path.expanduser(str(library_path))))
    try:
        p = os.path.normcase(str(Path(p).resolve()))
    except OSError:
        pass
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name: still one name per library
        user = str(os.getuid()) if hasattr(os, "getuid") else ""
    digest = hashlib.sha1(f"{user}\0{p}".encode()).hexdigest()[:20]
    return f"refshelf-{digest}"


class SingleInstance(QObject):
    """Guards one library. Call :meth:`try_handoff` at start-up:

    - True: a running instance took the files and raised its window; exit now.
    - False: this process is the first; it now listens, and later launches'
      files arrive through :attr:`files_received`.
    """

    files_received = Signal(list)
    activation_requested = Signal()

    def __init__(self, library_path: str | os.PathLike[str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(library_path)
        self._server: QLocalServer | None = None
        self._window: QWidget | None = None
        self._buffers: dict[QLocalSocket, bytearray] = {}

    # ----------------------------------------------------------------- public
    def set_window(self, window: QWidget | None) -> None:
        """The window to raise when another launch hands over."""
        self._window = window

    @property
    def is_primary(self) -> bool:
        return self._server is not None and self._server.isListening()

    def try_handoff(self, files: Sequence[str] = ()) -> bool:
        """Send *files* to a running instance. True if it took them (exit now);
        otherwise start listening as the first instance and return False."""
        abs_files = [os.path.abspath(os.path.expanduser(str(f))) for f in files]
        if self._send(abs_files):
            log.info("handed %d file(s) to the running instance", len(abs_files))
            return True
        if not self.listen():
            # Someone else got there between our connect and listen: try once more.
            if self._send(abs_files):
                return True
            log.warning("cannot listen on %s; running without single-instance guard",
                        self.name)
        return False

    def listen(self) -> bool:
        """Become the first instance (removing a stale socket left by a crash)."""
        if self.is_primary:
            return True
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            if server.serverError() == QLocalSocket.LocalSocketError.AddressInUseError \
                    or "in use" in server.errorString().lower():
                if self._peer_alive():
                    return False
                QLocalServer.removeServer(self.name)
                if not server.listen(self.name):
                    log.warning("listen %s failed: %s", self.name, server.errorString())
                    return False
            else:
                log.warning("listen %s failed: %s", self.name, server.errorString())
                return False
        server.newConnection.connect(self._on_new_connection)
        self._server = server
        return True

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None

    # ----------------------------------------------------------- client side
    def _wait(self, sock: QLocalSocket, done: Callable[[], bool], timeout_ms: int) -> bool:
        if done():
            return True
        loop = QEventLoop()
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)

        def check(*_args: object) -> None:
            if done() or sock.state() == QLocalSocket.LocalSocketState.UnconnectedState:
                loop.quit()

        conns = [sock.connected.connect(check), sock.readyRead.connect(check),
                 sock.disconnected.connect(check), sock.errorOccurred.connect(check),
                 sock.bytesWritten.connect(check)]
        if sock.state() == QLocalSocket.LocalSocketState.UnconnectedState:
            result = bool(done())  # e.g. no server: the error came during connectToServer
        else:
            timer.start(timeout_ms)
            loop.exec()
            result = bool(done())
        timer.stop()
        for c in conns:
            QObject.disconnect(c)
        return result

    def _peer_alive(self) -> bool:
        sock = QLocalSocket()
        sock.connectToServer(self.name)
        ok = self._wait(sock, lambda: sock.state() ==
                        QLocalSocket.LocalSocketState.ConnectedState, 500)
        sock.abort()
        return ok

    def _send(self, files: list[str]) -> bool:
        sock = QLocalSocket()
        sock.connectToServer(self.name)
        if not self._wait(sock, lambda: sock.state() ==
                          QLocalSocket.LocalSocketState.ConnectedState, 1000):
            sock.abort()
            return False
        payload = json.dumps({"files": files, "activate": True}).encode("utf-8") + b"\n"
        sock.write(payload)
        sock.flush()
        reply = bytearray()

        def got_reply() -> bool:
            if sock.bytesAvailable():
                reply.extend(bytes(sock.readAll().data()))
            return b"\n" in reply

        ok = self._wait(sock, got_reply, HANDOFF_TIMEOUT_MS)
        sock.disconnectFromServer()
        if not ok:
            log.warning("the running instance did not answer")
            return False
        return bytes(reply).startswith(b"ok")

    # ----------------------------------------------------------- server side
    def _on_new_connection(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            if sock is None:
                break
            self._buffers[sock] = bytearray()
            sock.readyRead.connect(lambda s=sock: self._on_ready(s))
            sock.disconnected.connect(lambda s=sock: self._drop(s))
            if sock.bytesAvailable():
                self._on_ready(sock)

    def _drop(self, sock: QLocalSocket) -> None:
        self._buffers.pop(sock, None)
        sock.deleteLater()

    def _on_ready(self, sock: QLocalSocket) -> None:
        buf = self._buffers.get(sock)
        if buf is None:
            return
        buf.extend(bytes(sock.readAll().data()))
        if len(buf) > _MAX_MESSAGE:
            log.warning("hand-off message too large; dropped")
            sock.abort()
            return
        if b"\n" not in buf:
            return
        line = bytes(buf).split(b"\n", 1)[0]
        buf.clear()
        try:
            msg = json.loads(line.decode("utf-8"))
            files = [str(f) for f in msg.get("files", [])]
        except (ValueError, AttributeError, TypeError) as exc:
            log.warning("bad hand-off message: %s", exc)
            sock.write(b"error\n")
            sock.flush()
            return
        sock.write(b"ok\n")
        sock.flush()
        log.info("another launch handed over %d file(s)", len(files))
        # Deliver after this slot returns: a receiver may open a modal dialog.
        QTimer.singleShot(0, self, lambda: self._deliver(files))

    def _deliver(self, files: list[str]) -> None:
        self.activation_requested.emit()
        self._raise_window()
        self.files_received.emit(files)

    def _raise_window(self) -> None:
        w = self._window
        if w is None:
            return
        if w.isMinimized():
            w.showNormal()
        w.show()
        w.raise_()
        w.activateWindow()
