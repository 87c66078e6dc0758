"""TaskRunner: work off the GUI thread, results on it, delayed progress, cancel."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QProgressDialog

from app.core.errors import UserError
from app.gui.tasks import SyncTaskRunner, TaskCancelled, TaskRunner, user_message

pytestmark = pytest.mark.gui


@pytest.fixture
def runner(qtbot):
    r = TaskRunner(progress_delay_ms=50)
    yield r
    r.shutdown(wait=True)


def test_result_arrives_on_gui_thread(qtbot, runner):
    gui_thread = QThread.currentThread()
    seen: dict[str, object] = {}

    def work(progress):
        seen["worker"] = threading.current_thread().name
        return 41 + 1

    def done(result):
        seen["result"] = result
        seen["thread"] = QThread.currentThread()

    h = runner.submit(work, on_done=done)
    with qtbot.waitSignal(h.finished, timeout=5000):
        pass
    assert seen["result"] == 42
    assert seen["thread"] is gui_thread
    assert seen["worker"] != threading.main_thread().name
    assert not runner.busy


def test_single_worker_runs_tasks_one_at_a_time(qtbot, runner):
    running = []
    overlap = []
    order = []

    def make(n):
        def work(progress):
            running.append(n)
            if len(running) > 1:
                overlap.append(n)
            time.sleep(0.02)
            order.append(n)
            running.remove(n)
            return n
        return work

    handles = [runner.submit(make(i), show_progress=False) for i in range(5)]
    assert runner.wait_idle(10)
    assert overlap == []
    assert order == [0, 1, 2, 3, 4]
    assert [h.result for h in handles] == [0, 1, 2, 3, 4]


def test_slow_task_shows_progress_dialog_and_cancel_stops_it(qtbot, runner):
    started = threading.Event()

    def work(progress):
        started.set()
        for i in range(1000):
            if not progress(i, 1000):
                raise TaskCancelled()
            time.sleep(0.01)
        return "finished"

    cancelled = []
    h = runner.submit(work, label="Importing", on_cancel=lambda: cancelled.append(True))
    qtbot.waitUntil(lambda: h.dialog is not None, timeout=5000)
    dlg = h.dialog
    assert isinstance(dlg, QProgressDialog)
    assert dlg.isVisible()
    assert dlg.labelText() == "Importing"
    from PySide6.QtWidgets import QPushButton
    button = dlg.findChild(QPushButton)
    assert button is not None and button.text() == "Cancel"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert cancelled == [True]
    assert h.was_cancelled and h.result is None
    assert h.dialog is None


def test_quick_task_never_shows_a_dialog(qtbot):
    r = TaskRunner(progress_delay_ms=300)
    try:
        h = r.submit(lambda progress: "x")
        with qtbot.waitSignal(h.finished, timeout=5000):
            pass
        qtbot.wait(400)  # past the delay: the timer must find the task done
        assert h.dialog is None
        assert not [w for w in QApplication.topLevelWidgets()
                    if isinstance(w, QProgressDialog) and w.isVisible()]
    finally:
        r.shutdown()


def test_error_goes_to_on_error(qtbot, runner):
    errors = []

    def work(progress):
        raise UserError("cannot open {path}", path="/x.bib")

    h = runner.submit(work, on_error=errors.append)
    with qtbot.waitSignal(h.failed, timeout=5000):
        pass
    assert len(errors) == 1 and isinstance(errors[0], UserError)
    assert user_message(errors[0]) == "cannot open /x.bib"


def test_import_cancelled_counts_as_cancel(qtbot, runner):
    from app.core.library import ImportCancelled

    def work(progress):
        raise ImportCancelled()

    h = runner.submit(work, show_progress=False)
    with qtbot.waitSignal(h.cancelled, timeout=5000):
        pass
    assert h.was_cancelled and h.error is None


def test_gui_keeps_processing_events_while_worker_runs(qtbot, runner):
    ticks = []
    from PySide6.QtCore import QTimer
    t = QTimer()
    t.setInterval(10)
    t.timeout.connect(lambda: ticks.append(1))
    t.start()
    h = runner.submit(lambda progress: time.sleep(0.3), show_progress=False)
    with qtbot.waitSignal(h.finished, timeout=5000):
        pass
    t.stop()
    assert len(ticks) >= 5  # the event loop ran during the work


def test_sync_runner_same_interface(qtbot):
    r = SyncTaskRunner()
    got = []
    progress_seen = []

    def work(progress):
        assert progress(1, 2) is True
        return "ok"

    h = r.submit(work, on_done=got.append)
    h.progressed.connect(lambda d, t: progress_seen.append((d, t)))
    assert got == ["ok"] and h.is_done and not r.busy

    def cancelled_work(progress):
        raise TaskCancelled()

    c = []
    r.submit(cancelled_work, on_cancel=lambda: c.append(1))
    assert c == [1]


def test_progress_dialog_follows_done_and_total(qtbot, runner):
    release = threading.Event()

    def work(progress):
        progress(30, 120)
        release.wait(5)
        return None

    h = runner.submit(work, label="Reading")
    qtbot.waitUntil(lambda: h.dialog is not None and h.dialog.maximum() == 120, timeout=5000)
    assert h.dialog.value() == 30
    release.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)


def test_queued_task_shows_no_dialog_until_it_runs(qtbot, runner):
    release = threading.Event()
    first = runner.submit(lambda progress: release.wait(5), label="first")
    second = runner.submit(lambda progress: None, label="second")
    qtbot.waitUntil(lambda: first.dialog is not None, timeout=5000)
    qtbot.wait(150)  # well past the delay
    assert second.dialog is None and not second.started
    release.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert second.is_done and second.dialog is None
