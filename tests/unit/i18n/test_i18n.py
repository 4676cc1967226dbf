"""The language switch, the catalogue and the atlas's translations, without Qt."""

from __future__ import annotations

import pytest

from explorer import i18n
from explorer.i18n import tr


@pytest.mark.parametrize("env, lang", [
    ({"LANG": "ja_JP.UTF-8"}, "ja"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LC_ALL": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}, "ja"),
    ({"LC_ALL": "", "LC_MESSAGES": "ja_JP", "LANG": "en_GB"}, "ja"),
    ({"LC_ALL": "fr_FR.UTF-8", "LANG": "ja_JP.UTF-8"}, "en"),
    ({"LANG": "C"}, "en"),
    ({}, "en"),
    ({"LANG": "en_US.UTF-8", "LANGUAGE": "ja:en"}, "ja"),
])
def test_language_follows_the_locale(env, lang):
    assert i18n.from_environment(env) == lang


def test_tr_is_identity_in_english_and_uses_the_catalogue_in_japanese():
    assert tr("The original is in English") == "The original is in English"
    i18n.set_language("ja")
    assert tr("The original is in English") == "原文は英語です"
    assert tr("A message nobody translated, {n}", n=3) == "A message nobody translated, 3"


def test_lazy_tables_answer_in_the_language_of_the_moment():
    table = i18n.Lazy({"o": i18n.N_("The original is in English")})
    assert table["o"] == "The original is in English"
    i18n.set_language("ja")
    assert table["o"] == "原文は英語です"


@pytest.mark.parametrize("value, ja, en", [
    ("2024-02-29", "2024年2月29日", "29 February 2024"),
    ("2024-02", "2024年2月", "February 2024"),
    ("1960", "1960年", "1960"),
])
def test_dates_are_written_as_each_language_writes_them(value, ja, en):
    assert i18n.format_date(value, lang="ja") == ja
    assert i18n.format_date(value, lang="en") == en


def test_listeners_hear_a_change_once():
    heard: list[str] = []
    stop = i18n.subscribe(heard.append)
    try:
        i18n.set_language("ja")
        i18n.set_language("ja")
        i18n.set_language("xx")  # not a language the app speaks: English
    finally:
        stop()
    assert heard == ["ja", "en"]
