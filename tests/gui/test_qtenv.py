"""The PySide6 workaround in qtenv is applied exactly where the leak it works around exists."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from explorer.web import qtenv

pytestmark = pytest.mark.gui

# Few enough emits that a leaky build loses references without reaching zero (and aborting).
PROBE = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QObject, Signal
    class O(QObject):
        s = Signal(int)
    o = O()
    before = sys.getrefcount(True)
    emits = before // 4
    for i in range(emits):
        o.s.emit(i)
    print(emits, before - sys.getrefcount(True), flush=True)
    import os
    os._exit(0)  # a leaky build would abort at shutdown, when True's count reaches zero
""")


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="bools are immortal from CPython 3.12")
def test_signal_emit_leaks_exactly_on_the_gated_versions():
    """Without the workaround, each emit takes one reference from True on a leaky PySide6.

    If this fails on a PySide6 outside LEAKY_PYSIDE, the leak is still there:
    widen the gate. If it fails on one inside, the leak is fixed: drop that release.
    """
    env = {**os.environ, "ALLIANCE_EXPLORER_NO_BOOL_PIN": "1"}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    emits, lost = map(int, out.stdout.split())
    assert emits >= 20
    if qtenv.pyside_leaks_bools():
        assert lost >= emits
    else:
        assert lost < emits // 10


def test_gate_by_release():
    assert qtenv.pyside_leaks_bools((6, 12, 0))
    assert not qtenv.pyside_leaks_bools((6, 8, 3))


NONE_PROBE = textwrap.dedent("""
    import sys
    from explorer.web import qtenv
    if sys.argv[1] == "pinned":
        qtenv._pin_bools()
    from PySide6.QtGui import QColor
    c = QColor(1, 2, 3)
    before = sys.getrefcount(None)
    for _ in range(1000):
        c.setRed(5)  # a method that returns nothing
    print(before - sys.getrefcount(None), flush=True)
    for _ in range(before % (1 << 32) + 100):  # as many as a long session makes: None's own count reaches zero
        c.setRed(5)
    print("survived", flush=True)
""")


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from CPython 3.12")
def test_void_methods_leak_none_and_the_pin_keeps_the_process_alive():
    """On a leaky PySide6 each void call takes a reference from None; a long run then aborted at exit
    ("none_dealloc"). With the pin the same run ends normally."""
    if not qtenv.pyside_leaks_bools():
        pytest.skip("this PySide6 does not leak")
    env = {**os.environ, "ALLIANCE_EXPLORER_NO_BOOL_PIN": ""}
    bare = subprocess.run([sys.executable, "-c", NONE_PROBE, "bare"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert int(bare.stdout.split()[0]) >= 1000 and bare.returncode != 0 and "none_dealloc" in bare.stderr
    pinned = subprocess.run([sys.executable, "-c", NONE_PROBE, "pinned"], env=env, capture_output=True, text=True,
                            timeout=120)
    assert pinned.returncode == 0 and "survived" in pinned.stdout, pinned.stderr


IDENTITY = textwrap.dedent("""
    from explorer.web import qtenv
    qtenv.prepare(headless=True)
    app = qtenv.application()
    print(app.desktopFileName(), app.applicationVersion(), app.windowIcon().isNull(),
          app.windowIcon().pixmap(48, 48).isNull(), flush=True)
    import os
    os._exit(0)
""")


def test_the_application_names_its_desktop_entry_version_and_icon():
    """The window manager matches windows to ``alliance-explorer.desktop`` and shows the app's icon."""
    import explorer

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QTWEBENGINE_DISABLE_SANDBOX": "1"}
    proc = subprocess.run([sys.executable, "-c", IDENTITY], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["alliance-explorer", explorer.__version__, "False", "False"]


QUICKEN_PROBE = textwrap.dedent("""
    import importlib, json, sys, types
    from explorer.web import qtenv
    import PySide6
    feature = sys.modules["shibokensupport.feature"]
    original = feature._mod_uses_pyside
    qtenv.quicken_imports()
    qtenv.quicken_imports()  # idempotent: wraps once
    quick = feature._mod_uses_pyside
    names = ["explorer.gui.window", "explorer.web.view", "explorer.atlas.catalog", "json", "sys",
             "explorer.mapping.state", "PySide6.QtCore"]
    mods = [importlib.import_module(n) for n in names] + [types.ModuleType("made_here")]
    fallbacks = [c.cell_contents for c in quick.__closure__ or ()]
    print(json.dumps({"wrapped_once": quick.reads_bytes and fallbacks == [original],
                      "answers": [[m.__name__, original(m), quick(m)] for m in mods]}))
""")


def test_pysides_import_scan_reads_bytes_and_answers_as_pyside_does():
    """PySide6 asks of every module imported after it whether its source says "PySide6"; the quicker
    answer (the file's bytes, not its tokenized text) is the same for ours, the standard library's,
    PySide6's own and a module with no file."""
    import json

    proc = subprocess.run([sys.executable, "-c", QUICKEN_PROBE], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["wrapped_once"]
    answers = {name: (slow, quick) for name, slow, quick in result["answers"]}
    assert all(slow == quick for slow, quick in answers.values()), answers
    assert answers["explorer.gui.window"] == (True, True) and answers["explorer.atlas.catalog"] == (False, False)
