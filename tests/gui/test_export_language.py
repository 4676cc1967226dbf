"""Exports under Japanese, checked in real bytes: the HTML file as a browser shows it, PDF text, PNG pixels."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from explorer import i18n
from explorer.mapping.state import Camera, ExportOptions, MapState
from explorer.present.dossier import dossier_dict
from explorer.workspace import Workspace
from tests.gui.test_export import render

pytestmark = pytest.mark.gui


def test_japanese_html_opens_offline_with_a_japanese_legend_and_labels(qtbot, catalog, tmp_path):
    from explorer.export.html import export_html
    from tests.gui.conftest import OfflineView

    i18n.set_language("ja")
    out = export_html(Workspace(catalog), MapState(camera=Camera("okinawa"), selected="base:futenma"),
                      tmp_path / "okinawa.html")
    raw = out.read_text(encoding="utf-8")
    assert '<html lang="ja">' in raw and '"凡例"' in raw and "普天間飛行場" in raw
    with OfflineView(qtbot, out, size=(1400, 900), show=True) as off:
        assert off.loaded
        page = off.page
        qtbot.waitUntil(lambda: page.js("document.querySelectorAll('.atlas-maplabel').length") > 0, timeout=20000)
        assert page.js("document.documentElement.lang") == "ja"
        legend = page.js("AtlasExplorer.legendLayout().text")
        assert legend.startswith("凡例") and "米軍専用施設" in legend and "Legend" not in legend
        control = page.js("document.querySelector('.atlas-layer-control').innerText")
        assert all(name in control for name in ("基地", "脅威", "国・地域", "市町村")), control
        labels = page.js("Array.from(document.querySelectorAll('.atlas-maplabel')).map(n => n.textContent)")
        assert "普天間飛行場" in labels, labels
        popup = page.js("document.querySelector('.atlas-popup').textContent")
        assert popup.startswith("普天間飛行場") and "Marine Corps Air Station Futenma" in popup
        assert "出典：" in popup and "Source:" not in popup
        font = page.js("getComputedStyle(document.querySelector('.atlas-legend')).fontFamily")
        assert font.startswith('"Noto Sans CJK JP"'), font
    assert off.requests == []


def _legend_box(image) -> tuple[int, int, int, int]:
    """The bottom-right quarter, where the legend sits on an open-sea view."""
    return image.width() // 2, image.height() // 2, image.width(), image.height()


def test_japanese_png_draws_japanese_chrome(qtbot, catalog, tmp_path):
    """Same state, same size: the Japanese picture differs from the English one where the words are."""
    from PySide6.QtGui import QImage

    state = MapState(camera=Camera("okinawa"), selected="base:futenma")
    options = ExportOptions("png", 1000, 700, title="沖縄", dossier=True)
    english = QImage(str(render(qtbot, catalog, tmp_path / "en.png", state, options)))
    i18n.set_language("ja")
    japanese = QImage(str(render(qtbot, catalog, tmp_path / "ja.png", state, options)))
    assert (japanese.width(), japanese.height()) == (1000, 700)
    x0, y0, x1, y1 = _legend_box(japanese)
    changed = sum(english.pixel(x, y) != japanese.pixel(x, y) for y in range(y0, y1, 2) for x in range(x0, x1, 2))
    assert changed > 500  # the legend's words
    # The sea and land away from every word and symbol are the same picture.
    assert english.pixel(5, 350) == japanese.pixel(5, 350)


def _text(reader) -> str:
    """The PDF's text without spaces, as written: pypdf reads some kanji as their Kangxi radicals (⾶ for 飛, which
    NFKC undoes) and the middle dot ・ as U+2027 (pdftotext reads both right)."""
    text = unicodedata.normalize("NFKC", "".join("".join(p.extract_text().split()) for p in reader.pages))
    return text.replace("\u2027", "・")


def test_japanese_pdf_sheet_has_japanese_furniture(qtbot, catalog, tmp_path):
    from pypdf import PdfReader

    i18n.set_language("ja")
    out = render(qtbot, catalog, tmp_path / "futenma.pdf", MapState(camera=Camera("okinawa"), selected="base:futenma"),
                 ExportOptions("pdf", dossier=True))
    reader = PdfReader(str(out))
    text = _text(reader)
    assert "普天間飛行場" in text and "条約・協定の規定" in text and "論点" in text and "出典" in text
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日までのデータ", text)
    assert f"1/{len(reader.pages)}ページ" in text
    assert "Page1of" not in text and "Datacompiledto" not in text


def _presenter_speaks_japanese(catalog) -> bool:
    i18n.set_language("ja")
    try:
        return "日米地位協定" in str(dossier_dict(catalog, "base:futenma", None))
    finally:
        i18n.set_language("en")


def test_japanese_pdf_sheet_names_the_sofa_in_japanese(qtbot, catalog, tmp_path):
    """The dossier's own words (the presenter's, and geodata/ja) in the sheet: 日米地位協定 for Futenma."""
    if not _presenter_speaks_japanese(catalog):
        pytest.skip("the presenter does not give the dossier in Japanese yet")
    from pypdf import PdfReader

    i18n.set_language("ja")
    out = render(qtbot, catalog, tmp_path / "futenma.pdf", MapState(camera=Camera("okinawa"), selected="base:futenma"),
                 ExportOptions("pdf", dossier=True))
    text = _text(PdfReader(str(out)))
    assert "日米地位協定" in text and "普天間飛行場" in text


def test_a_japanese_png_with_the_share_chart_and_a_past_date(qtbot, catalog, tmp_path):
    """The page opens at the state's intent ("shareChart": true) before the derived chart comes: it must still draw."""
    from PySide6.QtGui import QImage

    from explorer.export.snapshot import is_blank

    i18n.set_language("ja")
    state = MapState.from_json({"camera": {"view": "okinawa"}, "selected": "base:futenma", "asOf": "1971",
                                "shareChart": True})
    out = render(qtbot, catalog, tmp_path / "share.png", state, ExportOptions("png", 1200, 800, title="沖縄の米軍施設"))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 800) and not is_blank(image)


def test_view_language_re_renders_the_map_page_from_a_cache_per_language(qtbot, qapp, geodata_dir, tmp_path):
    """View ▸ Language rebuilds the window on the page of the new language: 凡例 and 基地, then Legend again."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    from explorer import store
    from explorer.gui import language
    from explorer.gui.window import MainWindow
    from tests.gui.conftest import Page, close_window, open_window

    from explorer.workspace import Workspace

    cache = tmp_path / "cache"
    cache.mkdir()
    window = open_window(qtbot, Workspace(store.load_catalog(geodata_dir, cache)))
    sw = language.Switcher(qapp, MainWindow, lambda ws: store.app_page(ws, cache))
    sw.adopt(window)

    def page_words(win) -> tuple[str, str, str]:
        page = Page(qtbot, win.map)
        return (page.js("document.documentElement.lang"), page.js("AtlasExplorer.legendLayout().text"),
                page.js("document.querySelector('.atlas-layer-control').innerText"))

    try:
        sw.switch("ja")
        with qtbot.waitSignal(sw.window.map.drawn, timeout=60000):
            pass
        lang, legend, control = page_words(sw.window)
        assert lang == "ja" and legend.startswith("凡例") and "基地" in control and "Bases" not in control
        sw.switch("en")
        with qtbot.waitSignal(sw.window.map.drawn, timeout=60000):
            pass
        lang, legend, control = page_words(sw.window)
        assert lang == "en" and legend.startswith("Legend") and "Bases" in control
        assert len(list(cache.glob("page-app-*.html"))) == 2  # one page per language, both kept
    finally:
        close_window(sw.window)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        language.apply(QApplication.instance(), "en")
