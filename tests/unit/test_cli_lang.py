"""``--lang`` and the locale: the CLI's human-readable output in Japanese, and English left as it was."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from explorer import i18n
from explorer.cli import main
from tests.japanese import MARK, english_left, with_japanese


@pytest.fixture
def ja_data(atlas_copy):
    return str(with_japanese(atlas_copy))


def _info(capsys, argv) -> str:
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def _assert_japanese_dossier(out: str) -> None:
    lines = out.splitlines()
    assert lines[0] == "普天間飛行場  Marine Corps Air Station Futenma"
    assert lines[1] == "  米海兵隊施設（米側が管理） · base:futenma"
    assert "  面積：4.8 km²（2021年3月31日現在）" in lines
    assert "  所在地：沖縄県、沖縄島、宜野湾市" in lines
    assert "条約・協定の規定：" in lines and "関連する問題：" in lines and "出典：" in lines
    assert "  - 1960年条約第6条 — 施設及び区域の使用" in lines
    assert "  - 普天間飛行場の辺野古移設（1996年〜現在）" in lines
    # Everything before the citations is Japanese (the sources are cited by their own titles)
    body = "\n".join(lines[1:lines.index("出典：")])
    assert not english_left(body), english_left(body)


def test_lang_ja_before_the_command(capsys, ja_data):
    _assert_japanese_dossier(_info(capsys, ["--lang", "ja", "--no-cache", "--data", ja_data, "info", "base:futenma"]))


def test_lang_ja_after_the_command(capsys, ja_data):
    _assert_japanese_dossier(_info(capsys, ["--no-cache", "--data", ja_data, "info", "base:futenma", "--lang", "ja"]))


def test_the_japanese_locale_gives_japanese(capsys, ja_data, monkeypatch):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    _assert_japanese_dossier(_info(capsys, ["--no-cache", "--data", ja_data, "info", "base:futenma"]))


def test_lang_en_under_a_japanese_locale_gives_english(capsys, ja_data, monkeypatch):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    out = _info(capsys, ["--lang", "en", "--no-cache", "--data", ja_data, "info", "base:futenma"])
    lines = out.splitlines()
    assert lines[0] == "Marine Corps Air Station Futenma  普天間飛行場"
    assert lines[1] == "  USMC facility, US-administered · base:futenma"
    assert "  Area: 4.8 km² (as of 2021-03-31)" in lines
    assert "Treaty provisions:" in lines and "Sources:" in lines
    assert "原文" not in out and "年" not in out.split("Sources:")[0]


def test_english_by_default_under_c_locale(capsys, ja_data):
    out = _info(capsys, ["--no-cache", "--data", ja_data, "info", "base:futenma"])
    assert out.startswith("Marine Corps Air Station Futenma  普天間飛行場\n  USMC facility, US-administered")
    assert i18n.language() == "en"


def test_an_untranslated_summary_carries_the_mark_in_info_of_a_provision(capsys, ja_data):
    out = _info(capsys, ["--lang", "ja", "--no-cache", "--data", ja_data, "info", "provision:saco1996"])
    assert out.splitlines()[0] == "SACO 1996 — 普天間飛行場を含む土地の返還"
    assert "  規定 · provision:saco1996" in out
    assert "Agreed the return of Futenma once a replacement is ready." + MARK in out
    assert "出典：" in out and "1996年12月2日署名" in out


def test_a_list_names_features_in_japanese_first(capsys, ja_data):
    out = _info(capsys, ["--lang", "ja", "--no-cache", "--data", ja_data, "list", "--layer", "bases"])
    assert any(line.startswith("base:futenma") and line.endswith("普天間飛行場  (Marine Corps Air Station Futenma)")
               for line in out.splitlines())


def test_a_dated_list_heads_with_a_japanese_date(capsys, ja_data):
    out = _info(capsys, ["--lang", "ja", "--no-cache", "--data", ja_data, "list", "--as-of", "2024-02-29"])
    assert out.splitlines()[0].startswith("# 2024年2月29日現在：")


def test_an_error_is_one_japanese_line(capsys, ja_data):
    code = main(["--lang", "ja", "--no-cache", "--data", ja_data, "info", "base:atlantis"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert err[0].startswith("alliance-explorer: エラー: ID 'base:atlantis' の項目はありません。")


def test_a_bad_lang_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--lang", "fr", "list"])
    assert exc.value.code == 2
    assert "--lang" in capsys.readouterr().err


def test_the_program_under_a_japanese_locale(ja_data):
    """The installed entry point, as a user runs it: ``LANG=ja_JP.UTF-8 alliance-explorer info base:futenma``."""
    env = {**os.environ, "LANG": "ja_JP.UTF-8", "PYTHONIOENCODING": "utf-8"}
    out = subprocess.run([sys.executable, "-m", "explorer.cli", "--no-cache", "--data", ja_data, "info",
                          "base:futenma"], env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert out.returncode == 0, out.stderr
    _assert_japanese_dossier(out.stdout)
