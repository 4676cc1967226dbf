"""``geodata/ja``: translations of the atlas's own text, checked like the records they translate."""

from __future__ import annotations

from explorer import i18n
from explorer.atlas.catalog import Catalog
from explorer.present import localize


def _with_translation(atlas_copy, body: str):
    (atlas_copy.root / "ja").mkdir(exist_ok=True)
    (atlas_copy.root / "ja" / "t.toml").write_text(body, encoding="utf-8")
    return Catalog.load(atlas_copy.root, strict=False)


def test_a_translation_of_an_unknown_record_or_field_is_a_problem(atlas_copy, mini_catalog):
    pid = next(iter(mini_catalog.provisions))
    cat = _with_translation(atlas_copy, f'["{pid}"]\ntitle = "題"\nnot_a_field = "x"\n["provision:nope"]\ntitle = "x"\n')
    from explorer.atlas.record_checks import run_checks

    messages = [str(p) for p in run_checks(cat, [])]
    assert any("not_a_field" in m and "no such text" in m for m in messages)
    assert any("provision:nope" in m and "no record has this id" in m for m in messages)


def test_japanese_text_is_used_and_english_falls_back_with_a_mark(atlas_copy, mini_catalog):
    pid, prov = next(iter(mini_catalog.provisions.items()))
    cat = _with_translation(atlas_copy, f'["{pid}"]\ntitle = "施設の使用"\n')
    assert localize.text(cat, pid, "title", prov.title) == prov.title  # English by default
    i18n.set_language("ja")
    assert localize.text(cat, pid, "title", prov.title) == "施設の使用"
    assert localize.marked(cat, pid, "summary", prov.summary) == f"{prov.summary}（原文は英語です）"
    assert localize.localized(cat, pid, "summary", prov.summary).fallback
