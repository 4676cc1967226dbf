"""Take the README's window screenshot from a real window (run under xvfb-run).

    xvfb-run -s "-screen 0 1500x950x24" .venv/bin/python tools/readme_screenshot.py docs/window.png

It opens the app as a user would, picks the Okinawa view, clicks Futenma on
the map (a DOM click dispatched in the page), then captures the X screen.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from explorer.web import qtenv


def main(out: str) -> int:
    qtenv.prepare()
    app = qtenv.application(sys.argv[:1])
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication

    from explorer import paths, store
    from explorer.gui.window import MainWindow

    from explorer.workspace import Workspace
    workspace = Workspace(store.load_catalog(paths.geodata_dir(), paths.cache_dir()))
    window = MainWindow(workspace, store.app_page(workspace, paths.cache_dir()))
    window.setGeometry(0, 0, 1500, 950)
    window.show()
    click = ("(function(){var p=AtlasExplorer.screenPoint(%s);var t=document.elementFromPoint(p.x,p.y);"
             "['mousedown','mouseup','click'].forEach(function(k){t.dispatchEvent(new MouseEvent(k,"
             "{bubbles:true,cancelable:true,clientX:p.x,clientY:p.y,button:0,view:window}));});})()")

    def drawn() -> None:
        window.go_to_view("okinawa")
        QTimer.singleShot(600, lambda: window.map.page().runJavaScript(click % json.dumps("base:futenma")))
        QTimer.singleShot(1500, shoot)

    def shoot() -> None:
        QGuiApplication.primaryScreen().grabWindow(0).save(out)
        print(out)
        window.close()
        app.quit()

    window.map.drawn.connect(drawn)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else str(Path("docs/window.png"))))
