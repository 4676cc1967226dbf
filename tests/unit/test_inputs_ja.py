"""The messages of input files and interruptions, in Japanese and unchanged in English."""

from __future__ import annotations

import re
import signal

import pytest

from explorer import i18n, interrupts
from explorer.inputs import InputFileError, read_input_text


def _english_left(text: str, *allowed: str) -> list[str]:
    for a in allowed:
        text = text.replace(a, "")
    return [w for w in re.findall(r"[A-Za-z]{4,}", text) if w not in {"SIGINT", "SIGTERM"}]


def test_a_missing_or_bad_input_file_is_told_in_japanese(tmp_path):
    i18n.set_language("ja")
    with pytest.raises(InputFileError) as missing:
        read_input_text(tmp_path / "gone.aeproj", "project file")
    assert str(missing.value) == f"{tmp_path / 'gone.aeproj'}：そのプロジェクトファイルはありません"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InputFileError) as binary:
        read_input_text(bad, "batch file")
    assert "バッチファイルではありません" in str(binary.value)
    assert _english_left(str(binary.value), str(bad), "UTF") == []
    with pytest.raises(InputFileError) as directory:
        read_input_text(tmp_path, "project file")
    assert "通常のファイルではありません" in str(directory.value)


def test_an_interruption_is_told_in_japanese(tmp_path):
    i18n.set_language("ja")
    with interrupts.interruptible():
        assert interrupts.message(signal.SIGINT) == "SIGINTで中断しました。何も書き込んでいません"
        for name in ("a.png", "b.png", "c.png", "d.png"):
            interrupts.placed(tmp_path / name)
        text = interrupts.message(signal.SIGTERM)
        assert text.startswith("SIGTERMで中断しました。") and "ほか1件" in text
        assert _english_left(text, str(tmp_path)) == []


def test_english_is_unchanged(tmp_path):
    with pytest.raises(InputFileError) as missing:
        read_input_text(tmp_path / "gone.aeproj", "project file")
    assert str(missing.value) == f"{tmp_path / 'gone.aeproj'}: no such project file"
    with interrupts.interruptible():
        for name in ("a.png", "b.png", "c.png", "d.png"):
            interrupts.placed(tmp_path / name)
        assert interrupts.message(signal.SIGTERM).endswith(f"{tmp_path / 'c.png'} and 1 more")
