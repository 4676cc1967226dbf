"""The guided briefing and the threats layer in Japanese (geodata/ja/briefing.toml, threats.toml).

Every briefing step has a Japanese title and text, every threat a Japanese name and
description; a Japanese quotation 「…」 is either a name or a term (listed below) or comes
from a Japanese document the table cites; the text speaks of the subject, not of record ids.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from explorer.atlas import briefing as briefing_mod
from explorer.atlas.catalog import Catalog

ROOT = Path(__file__).resolve().parents[3]

#: 「…」 spans that are names or terms, not quotations of a document.
NAMES = {
    "光明星", "光明星1号", "光明星2号", "光明星3号2号機", "光明星4号", "万里鏡1号",
    "2+2", "ハブ・アンド・スポーク",
}
QUOTE = re.compile(r"「([^「」]*)」")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
RECORD_ID = re.compile(r"\b(?:provision|base|threat|controversy|figure|state|briefing|issue):?[a-z0-9-]*|\bissue\b",
                       re.IGNORECASE)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(ROOT / "geodata")


@pytest.fixture(scope="module")
def ja(catalog):
    return catalog.translations["ja"]


@pytest.fixture(scope="module")
def steps():
    return briefing_mod.read(ROOT / "geodata").steps


def _japanese(text: str) -> bool:
    return bool(JAPANESE.search(text))


def test_the_briefing_has_a_japanese_title(ja):
    assert _japanese(ja["briefing"].fields["title"])


def test_every_briefing_step_has_japanese_title_and_text(ja, steps):
    assert len(steps) == 16
    missing = [s.id for s in steps if f"briefing:{s.id}" not in ja
               or not {"title", "text"} <= set(ja[f"briefing:{s.id}"].fields)]
    assert missing == []
    for s in steps:
        fields = ja[f"briefing:{s.id}"].fields
        assert _japanese(fields["title"]) and _japanese(fields["text"]), s.id
        assert not fields["title"].endswith("。"), s.id  # headings are noun phrases


def test_japanese_steps_keep_their_paragraphs_and_substance(ja, steps):
    for s in steps:
        text = ja[f"briefing:{s.id}"].fields["text"]
        paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
        assert len(paragraphs) == len(s.paragraphs), s.id
        # 80–200 English words read as roughly 250–700 Japanese characters
        assert 250 <= len("".join(text.split())) <= 750, (s.id, len(text))
        assert text.rstrip().endswith("。"), s.id  # です・ます sentences


def test_every_threat_has_a_japanese_name_and_description(catalog, ja):
    threats = [f for f in catalog.features.values() if f.layer == "threats"]
    assert len(threats) == 25
    for t in threats:
        fields = ja[t.id].fields
        assert _japanese(fields["name"]), t.id
        if t.description:
            assert _japanese(fields["description"]), t.id
        if t.response:
            assert _japanese(fields["response"]), t.id


def _tables(ja):
    return {rid: tr for rid, tr in ja.items() if rid.startswith(("briefing", "threat:"))}


def test_japanese_quotations_come_from_a_cited_japanese_document(catalog, ja):
    for rid, tr in _tables(ja).items():
        quoted = [q for text in tr.fields.values() for q in QUOTE.findall(text) if q not in NAMES]
        if not quoted:
            continue
        assert tr.sources, f"{rid} quotes {quoted} without a Japanese source"
        for ref in tr.sources:
            source = catalog.sources[ref.id]
            assert _japanese(source.title), ref.id


def test_japanese_text_names_no_record_ids(ja):
    for rid, tr in _tables(ja).items():
        for key, text in tr.fields.items():
            assert not RECORD_ID.search(text), (rid, key, RECORD_ID.search(text).group(0))
            assert "src:" not in text or key == "note", (rid, key)


def test_figures_in_the_english_survive_in_the_japanese(catalog, ja, steps):
    """Every number written with digits in an English step or threat description appears in the Japanese."""
    scale = {"million": 10**6, "trillion": 10**12}

    def numbers(text: str) -> set[str]:
        found = set()
        for n, unit in re.findall(r"(\d[\d,]*(?:\.\d+)?)(?:\s+(million|trillion))?", text):
            n = n.replace(",", "")
            if unit:
                n = str(int(float(n) * scale[unit]))
            found.add(n if "." in n else str(int(n)))  # 09:49 reads 9時49分
        return found

    def japanese_numbers(text: str) -> set[str]:
        found = numbers(text)
        for man, rest in re.findall(r"(\d+)万(\d*)", text):  # 5万4000 → 54000
            found.add(str(int(man) * 10000 + int(rest or 0)))
        for oku, man in re.findall(r"(\d+)億(\d+)万", text):  # 3億2000万 → 320000000
            found.add(str(int(oku) * 10**8 + int(man) * 10**4))
        for cho in re.findall(r"(\d+)兆", text):  # 43兆 → 43000000000000
            found.add(str(int(cho) * 10**12))
        return found

    for s in steps:
        lost = numbers(s.text) - japanese_numbers(ja[f"briefing:{s.id}"].fields["text"])
        assert not lost, (s.id, lost)
    for t in (f for f in catalog.features.values() if f.layer == "threats"):
        for key in ("description", "response"):
            english = getattr(t, key)
            if english and key in ja[t.id].fields:
                lost = numbers(english) - japanese_numbers(ja[t.id].fields[key]) - {"0"}  # 07:00 reads 7時
                assert not lost, (t.id, key, lost)
