"""A small Japanese translation of the fixture atlas, and a check for English left in Japanese text.

``with_japanese(atlas_copy)`` writes ``ja/t.toml`` (one base, two provisions and a
controversy, partly translated) and an official Japanese source into a copy of
``tests/data/atlas_min``, so tests see both translated text and marked fallbacks.
"""

from __future__ import annotations

import re
from pathlib import Path

MARK = "（原文は英語です）"
#: Words a Japanese reader meets in Latin letters anyway: units, acronyms, names of standards and of the app.
ALLOWED = {"SOFA", "USMC", "USAF", "WGS", "Ctrl", "Alliance", "Explorer", "SACO", "Final", "Report", "alliance",
           "explorer", "base", "futenma", "provision", "treaty", "controversy", "henoko"}

TRANSLATION = """
["base:futenma"]
municipality = "宜野湾市"
island = "沖縄島"
status_note = "1996年のSACO最終報告で、代替施設の完成を条件に返還が合意されました。"
units = "第36海兵航空群"
valid_from_note = "フィクスチャ：開始日は記録されていません。"

["provision:treaty1960-art6"]
short = "1960年条約第6条"
title = "施設及び区域の使用"
instrument = "日本国とアメリカ合衆国との間の相互協力及び安全保障条約"
summary = "日本国の安全と極東における平和のため、米軍に日本国内の施設及び区域の使用を認めます。"
sources = [{ id = "src:fixture-treaty1960-ja", at = "第6条" }]

["provision:saco1996"]
title = "普天間飛行場を含む土地の返還"

["controversy:futenma-henoko"]
title = "普天間飛行場の辺野古移設"
"""

SOURCE = """
[[source]]
id = "src:fixture-treaty1960-ja"
title = "日本国とアメリカ合衆国との間の相互協力及び安全保障条約"
publisher = "外務省"
date = "1960-01-19"
url = "https://example.org/treaty-ja"
"""


def with_japanese(atlas_copy) -> Path:
    """The copy's root, now with the translation and its Japanese source."""
    (atlas_copy.root / "ja").mkdir(exist_ok=True)
    (atlas_copy.root / "ja" / "t.toml").write_text(TRANSLATION, encoding="utf-8")
    atlas_copy.append("sources/fixture.toml", SOURCE)
    return atlas_copy.root


def english_left(text: str) -> list[str]:
    """Runs of four or more Latin letters that are not allowed tokens, once the marked fallbacks are cut out."""
    unmarked = re.sub(r"[^（\n]*" + re.escape(MARK), "", text)
    return [w for w in re.findall(r"[A-Za-z]{4,}", unmarked) if w not in ALLOWED]
