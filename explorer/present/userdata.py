"""A user-layer feature as the panel, popups and GeoJSON/KML show it.

Its attributes are the user's own, shown as read (escaped, like every value),
with a note that says so: the atlas neither sourced nor checked them. The
dict has the same keys as :func:`explorer.present.dossier.dossier_dict`, so
every renderer lays it out without a special case except the panel, which
leaves out the atlas's empty provision and controversy sections.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from explorer.atlas.userlayers import UserFeature
from explorer.i18n import N_, tr
from explorer.present import labels

NOTE = N_("This feature comes from your own file ({file}). Its attributes are shown as the file gives them; "
          "they are not sourced or checked by Alliance Explorer.")


def value_text(v: Any) -> str:
    """An attribute value as the panel shows it: empty for null, JSON for lists and objects."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:g}" if abs(v) < 1e15 else repr(v)
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def user_dossier_dict(f: UserFeature) -> dict[str, Any]:
    """Everything a reader sees about a user feature, as plain data."""
    return {
        "id": f.id, "layer": f.layer, "name": f.name, "name_ja": "", "name_en": f.name, "name_alt": "", "user": True,
        "kind": tr("{layer}: {file}", layer=tr(labels.USER_LAYER), file=Path(f.file).name or f.layer),
        "lat": round(f.lat, 6), "lon": round(f.lon, 6),
        "facts": [{"label": k, "value": value_text(v)} for k, v in f.props],
        "attributes": f.attributes(),
        "note": tr(NOTE, file=Path(f.file).name or tr("unknown file")),
        "provisions": [], "controversies": [], "sources": [],
    }


__all__ = ["user_dossier_dict", "value_text", "NOTE"]
