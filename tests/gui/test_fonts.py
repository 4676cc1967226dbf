"""CJK text renders: the page's font list covers Japanese and Korean, and Hangul reaches the exports."""

from __future__ import annotations

import re

from explorer.workspace import Workspace
from explorer import paths
import pytest

pytestmark = pytest.mark.gui


def css_families() -> list[str]:
    css = (paths.web_dir() / "map.css").read_text(encoding="utf-8")
    first = re.search(r"font-family:\s*([^;]+);", css).group(1)
    return [f.strip().strip('"') for f in first.split(",") if f.strip() not in ("sans-serif", "serif")]


def test_the_bundled_font_list_covers_hangul_and_japanese(qapp):
    from PySide6.QtGui import QFontDatabase

    families = css_families()
    korean = set(QFontDatabase.families(QFontDatabase.WritingSystem.Korean))
    japanese = set(QFontDatabase.families(QFontDatabase.WritingSystem.Japanese))
    assert any(f in korean for f in families), (families, sorted(korean)[:10])
    assert any(f in japanese for f in families), (families, sorted(japanese)[:10])


def test_korean_survives_into_the_pdf(qtbot, catalog, tmp_path):
    from pypdf import PdfReader

    from explorer.export.qtjob import picture_job
    from explorer.mapping.state import Camera, ExportOptions, MapState

    out = tmp_path / "dokdo.pdf"
    job = picture_job(Workspace(catalog), MapState(camera=Camera("korea"), selected="threat:takeshima"),
                      ExportOptions("pdf"), out)
    with qtbot.waitSignal(job.finished, timeout=60000):
        job.start()
    import unicodedata

    # NFKC: the embedded CJK font maps some kanji to their Kangxi radical code points (⽵ for 竹).
    text = unicodedata.normalize("NFKC", "".join(page.extract_text() for page in PdfReader(str(out)).pages))
    assert "Dokdo (독도)" in text.replace("( ", "(").replace(" )", ")") and "竹島" in text
