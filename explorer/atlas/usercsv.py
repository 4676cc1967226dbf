"""A user's CSV: which columns hold the coordinates, and which rows' coordinates cannot be read.

GDAL reads the file; this module only chooses its columns and, when some rows came
without a point, reads those two columns again to say which rows and why, in the
numbering a spreadsheet shows (the header is row 1).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

from explorer.atlas.userfiles import LayerFileError

LAT_NAMES = ("lat", "latitude", "lat_dd", "y_lat", "decimallatitude", "緯度")
LON_NAMES = ("lon", "lng", "long", "longitude", "lon_dd", "x_lon", "decimallongitude", "経度")
WKT_NAMES = ("wkt", "geometry", "geom", "the_geom", "shape", "wkt_geom")
#: Separators GDAL's CSV driver recognises from the header line.
SEPARATORS = (",", ";", "\t", "|")


def csv_columns(fields: list[str]) -> list[str]:
    """The coordinate choices a CSV offers: ``lat,lon`` pairs by common names and ``wkt:COLUMN``."""
    folded = {f: f.strip().casefold() for f in fields}
    lats = [f for f in fields if folded[f] in LAT_NAMES]
    lons = [f for f in fields if folded[f] in LON_NAMES]
    if not lats and not lons:  # x/y only as a last resort, and only as a pair
        lats = [f for f in fields if folded[f] == "y"]
        lons = [f for f in fields if folded[f] == "x"]
    pairs = [f"{a},{o}" for a in lats for o in lons]
    wkts = [f"wkt:{f}" for f in fields if folded[f] in WKT_NAMES]
    return pairs + wkts


def csv_options(columns: str, fields: list[str], name: str) -> dict[str, str]:
    """GDAL's open options for the chosen coordinate columns."""
    if columns.startswith("wkt:"):
        col = columns[4:]
        if col not in fields:
            raise LayerFileError(f"{name}: no column {col!r}")
        return {"GEOM_POSSIBLE_NAMES": col, "KEEP_GEOM_COLUMNS": "NO"}
    lat, _, lon = columns.partition(",")
    if lat not in fields or lon not in fields:
        raise LayerFileError(f"{name}: no columns {lat!r} and {lon!r}")
    return {"X_POSSIBLE_NAMES": lon, "Y_POSSIBLE_NAMES": lat, "KEEP_GEOM_COLUMNS": "NO"}


def _why(text: str, word: str, limit: float) -> str | None:
    text = text.strip()
    if not text:
        return f"{word} is missing"
    try:
        value = float(text)
    except ValueError:
        return f"{word} is not a number"
    if not math.isfinite(value):
        return f"{word} is not a number"
    if abs(value) > limit:
        return f"{word} is outside ±{limit:g}°"
    return None


def _rows(numbers: list[int]) -> str:
    """``rows 2–3, 7`` (runs joined with an en dash), at most five runs shown."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    shown = [f"{a}–{b}" if b > a else str(a) for a, b in runs[:5]]
    more = f" and {len(runs) - 5} more" if len(runs) > 5 else ""
    return ("row " if len(numbers) == 1 else "rows ") + ", ".join(shown) + more


def row_problems(path: Path, columns: str, encoding: str = "utf-8") -> str:
    """Why rows have no usable point, in the user's words (``rows 2–3: latitude is not a number``), or ``""``."""
    lat_col, _, lon_col = columns.partition(",")
    if not lon_col:
        return ""
    try:
        with open(path, newline="", encoding=encoding, errors="replace") as fh:
            head = fh.readline()
            sep = max(SEPARATORS, key=head.count)
            fh.seek(0)
            reader = csv.reader(fh, delimiter=sep)
            header = [h.strip() for h in next(reader, [])]
            if lat_col not in header or lon_col not in header:
                return ""
            i_lat, i_lon = header.index(lat_col), header.index(lon_col)
            by_reason: dict[str, list[int]] = {}
            for n, row in enumerate(reader, start=2):
                if not row:
                    continue
                for i, word, limit in ((i_lat, "latitude", 90.0), (i_lon, "longitude", 180.0)):
                    why = _why(row[i] if i < len(row) else "", word, limit)
                    if why:
                        by_reason.setdefault(why, []).append(n)
                        break
    except (OSError, csv.Error):
        return ""
    return "; ".join(f"{_rows(rows)}: {why}" for why, rows in by_reason.items())


__all__ = ["csv_columns", "csv_options", "row_problems", "LAT_NAMES", "LON_NAMES", "WKT_NAMES"]
