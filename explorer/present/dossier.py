"""A feature's dossier as one plain structure (the citation format is :mod:`explorer.present.citations`).

Everything a reader sees about a feature is decided here: the kind line, the
label/value facts, the provision and controversy headlines, the citation
text. Renderers (panel HTML, the page's popups and print section, the CLI,
GeoJSON/KML attributes) only lay this structure out; none of them formats a
fact of its own. Ids are never shown where a name exists: a claimant or actor
that is a state id is given as that state's name.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from explorer import i18n
from explorer.atlas import timeline
from explorer.atlas.catalog import Catalog
from explorer.atlas.records import Base, Controversy, Feature, Provision, State, Threat
from explorer.i18n import tr
from explorer.present import labels, localize
from explorer.present.citations import cite, cites, day, is_web_url, numbered, source_text  # noqa: F401 - the presenter's names


# -- words for records -------------------------------------------------------------------

def name_of(catalog: Catalog, ref: str) -> str:
    """A feature's name for an id (in the reader's language), or the text itself when it is not an id."""
    f = catalog.features.get(ref)
    return localize.name(f) if f is not None else ref


def treaty_name(catalog: Catalog, tie: Any) -> str:
    """A state's treaty by name in the reader's language.

    A tie names its treaty in English only; in another language it is called by the translated
    instrument of its first provision (the same treaty), so 日米安保条約 reads the same in the dossier
    and in the Law tab. A tie whose provisions have no translation keeps its English name.
    """
    if i18n.language() != i18n.DEFAULT:
        for pid in tie.provisions[:1]:
            prov = catalog.provisions.get(pid)
            if prov is not None:
                loc = localize.localized(catalog, pid, "instrument", prov.instrument)
                if not loc.fallback:
                    return loc.text
    return tie.name


_PERIOD = re.compile(r"(\d{4})-(\d{4})?")


def period_text(period: str) -> str:
    """A threat's period as the reader writes it: ``1953-`` stays so in English, reads 1953年〜 in Japanese."""
    m = _PERIOD.fullmatch(period or "")
    if not m or not i18n.is_japanese():
        return period
    start = i18n.format_date(m.group(1))
    return f"{start}〜{i18n.format_date(m.group(2))}" if m.group(2) else f"{start}〜"


def years(c: Controversy) -> str:
    """``1996–present``, ``2004`` or ``2016–2017`` (1996年〜現在): the span a reader scans for."""
    if not c.start:
        return ""
    if not c.end:
        return tr("{start}–present", start=day(c.start))
    if c.end == c.start:
        return day(c.start)
    return tr("{start}–{end}", start=day(c.start), end=day(c.end))


def range_text(t: Threat) -> str:
    """``1,300 km`` or ``1,200–1,500 km``."""
    if not t.range_km:
        return ""
    if len(t.range_km) == 1 or t.range_km[0] == t.range_km[-1]:
        return f"{t.range_km[0]:,.0f} km"
    return f"{t.range_km[0]:,.0f}–{t.range_km[-1]:,.0f} km"


def kind_text(f: Feature) -> str:
    """A short noun phrase for the subtitle and tooltips: "USMC facility, US-administered"."""
    if isinstance(f, Base):
        head = (labels.SERVICE_FACILITY[f.service] if f.service in labels.SERVICE_FACILITY
                else tr("{service} facility", service=f.service))
        use = labels.USE_SHORT.get(f.use, f.use)
        return tr("{kind}, {use}", kind=head, use=use) if use else head
    if isinstance(f, State):
        if not f.role:
            return tr(labels.STATE_KIND)
        return tr("state: {role}", role=labels.ROLE.get(f.role, f.role.replace("_", " ")))
    if isinstance(f, Threat):
        return labels.THREAT_KIND.get(f.threat_kind, f.threat_kind.replace("_", " "))
    return f.layer


def map_label(f: Feature) -> str:
    """The short text a feature is labelled with on the map ("MCAS Futenma", "2022-10-04")."""
    if i18n.is_japanese() and f.name_ja and not isinstance(f, Threat):
        return f.name_ja
    if isinstance(f, Base):
        name = f.name.split(" (")[0]
        for long, short in labels.ABBREVIATIONS:
            name = name.replace(long, short)
        return name
    if isinstance(f, Threat):
        if f.threat_kind in ("overflight", "eez_impact"):
            return day(f.date) if f.date else period_text(f.period)
        if f.threat_kind == "missile_range":
            system = re.split(r" \(|,", f.system or f.name, maxsplit=1)[0]
            return f"{system}: {range_text(f)}" if f.range_km else system
        if f.threat_kind == "maritime_pressure":
            return ""
    return f.name


def _join(*parts: object) -> str:
    """Non-empty parts joined once each ("Chitose, Hokkaido", not "Chitose, Hokkaido, Hokkaido")."""
    return i18n.join(list(dict.fromkeys(str(p) for p in parts if p not in (None, "", ()))))


def where_text(catalog: Catalog, b: Base) -> str:
    """Municipality, island, prefecture; in Japanese from the largest down (沖縄県、沖縄島、宜野湾市)."""
    def text(key: str) -> str:
        return localize.text(catalog, b.id, key, getattr(b, key))

    parts = [text("municipality"), text("island"), labels.prefecture(b.prefecture) if b.prefecture in labels.PREFECTURE else text("prefecture")]
    return _join(*(reversed(parts) if i18n.is_japanese() else parts))


def as_of_words(value: str, date: str) -> str:
    """``4.805 km² (as of 2004-03-31)``: a value with the date it is true for."""
    return tr("{value} (as of {date})", value=value, date=day(date)) if date else value


def facts(catalog: Catalog, f: Feature) -> list[tuple[str, str]]:
    """Label/value pairs for a feature, empty values left out."""
    L = labels.FACT

    def marked(key: str) -> str:
        return localize.marked(catalog, f.id, key, getattr(f, key))

    def text(key: str) -> str:
        return localize.text(catalog, f.id, key, getattr(f, key))

    rows: list[tuple[str, str]] = []
    if isinstance(f, Base):
        area = as_of_words(f"{f.area_km2:g} km²", f.area_as_of) if f.area_km2 is not None else ""
        status = labels.STATUS.get(f.status, f.status.replace("_", " "))
        if f.status_year:
            status = tr("{status} ({year})", status=status, year=f.status_year)
        units = ""
        if f.units:
            loc = localize.localized(catalog, f.id, "units", f.units)
            units = as_of_words(loc.text, f.units_as_of)
            units = localize.with_mark(units) if loc.fallback else units
        use = labels.USE.get(f.use, f.use)
        if f.use == "returned" and f.use_before_return in labels.USE:
            use = tr("{use} (before: {before})", use=use, before=labels.USE[f.use_before_return])
        position = (tr("within about {m} m of the facility's centre", m=f"{f.position_precision_m:,}")
                    if f.position_precision_m is not None else "")
        rows = [(L["service"], labels.SERVICE.get(f.service, f.service)), (L["where"], where_text(catalog, f)),
                (L["use"], use), (L["area"], area), (L["status"], status),
                (L["status_note"], marked("status_note")), (L["units"], units), (L["position"], position)]
    elif isinstance(f, State):
        ties = i18n.join([tr("{name} ({year})", name=treaty_name(catalog, t), year=t.year) if t.year
                          else treaty_name(catalog, t) for t in f.treaties]) if i18n.is_japanese() else "; ".join(
            tr("{name} ({year})", name=t.name, year=t.year) if t.year else t.name for t in f.treaties)
        role = marked("role_text") if f.role_text else labels.ROLE.get(f.role, f.role.replace("_", " "))
        rows = [(L["role"], role), (L["treaties"], ties)]
    elif isinstance(f, Threat):
        rows = [(L["date"], day(f.date) if f.date else period_text(text("period"))),
                (L["actor"], name_of(catalog, f.actor) if f.actor else ""),
                (L["system"], text("system")),
                (L["apogee"], f"{f.apogee_km:,.0f} km" if f.apogee_km is not None else ""),
                (L["range"], range_text(f)), (L["reference_point"], text("reference_point")),
                (L["band_sources"], marked("band_sources")), (L["response"], marked("response")),
                (L["claimants"], ("、" if i18n.is_japanese() else "; ").join(
                    tr("{name} ({state})", name=c.name, state=name_of(catalog, c.state)) for c in f.claimants)),
                (L["description"], marked("description"))]
    return [(k, v) for k, v in rows if v]


# -- the dossier ---------------------------------------------------------------------------

def provision_status_dict(catalog: Catalog, p: Provision, as_of: dt.date) -> dict[str, Any]:
    """A provision's state on ``as_of``: code, words, and what replaced it."""
    st = timeline.provision_status(catalog, p, as_of)
    words = labels.PROVISION_STATUS[st.state]
    succ = st.successor
    succ_short = localize.text(catalog, succ.id, "short", succ.short) if succ is not None else ""
    if st.state == "superseded" and succ is not None:
        words = tr("superseded on {date} by {successor}", date=day(st.since), successor=succ_short)
    elif st.state in ("not_yet", "ended") and st.since is not None:
        words = tr("{status} (from {date})", status=words, date=day(st.since))
    return {"status": st.state, "status_text": words,
            "superseded_by": ({"id": succ.id, "short": succ_short,
                               "instrument": localize.text(catalog, succ.id, "instrument", succ.instrument)}
                              if succ is not None else None),
            "valid_from": str(p.valid_from) if p.valid_from else None,
            "valid_to": str(p.valid_to) if p.valid_to else None,
            "valid_sources": cites(catalog, p.valid_sources)}


def provision_short(catalog: Catalog, pid: str) -> str:
    """A provision's short name ("1960 Treaty, Art. VI") in the reader's language."""
    p = catalog.provisions[pid]
    return localize.text(catalog, pid, "short", p.short)


def provision_dict(catalog: Catalog, p: Provision, as_of: dt.date | None = None) -> dict[str, Any]:
    dates = i18n.join([x for x in (tr("signed {date}", date=day(p.signed)) if p.signed else "",
                                   tr("in force {date}", date=day(p.in_force)) if p.in_force else "") if x])
    sources = cites(catalog, p.sources, p.id)
    note = numbered(catalog, sources, localize.marked(catalog, p.id, "note", p.note))[0]
    short, title = provision_short(catalog, p.id), localize.text(catalog, p.id, "title", p.title)
    out = {"id": p.id, "short": short, "instrument": localize.text(catalog, p.id, "instrument", p.instrument),
           "article": localize.text(catalog, p.id, "article", p.article), "title": title,
           "headline": f"{short} — {title}", "summary": localize.marked(catalog, p.id, "summary", p.summary),
           "signed": p.signed or None,
           "in_force": p.in_force or None, "dates": dates, "note": note or None,
           "sources": sources}
    if as_of is not None:
        out.update(provision_status_dict(catalog, p, as_of))
    return out


def controversy_dict(catalog: Catalog, c: Controversy, as_of: dt.date | None = None) -> dict[str, Any]:
    span = years(c)
    title = localize.text(catalog, c.id, "title", c.title)
    out = {"id": c.id, "title": title, "years": span,
           "headline": tr("{title} ({years})", title=title, years=span) if span else title,
           "summary": localize.marked(catalog, c.id, "summary", c.summary),
           "features": [{"id": fid, "name": localize.name(catalog.features[fid])}
                        for fid in c.features if fid in catalog.features],
           "provisions": [{"id": pid, "short": provision_short(catalog, pid)}
                          for pid in c.provisions if pid in catalog.provisions],
           "sources": cites(catalog, c.sources, c.id)}
    if as_of is not None:
        state = timeline.controversy_status(c, as_of)
        out.update(status=state, status_text=labels.CONTROVERSY_STATUS[state])
    return out


def dossier_dict(catalog: Catalog, fid: str, as_of: dt.date | None) -> dict[str, Any]:
    """Everything a reader sees about one feature, as plain JSON-able data, seen from the map's date.

    ``as_of`` has no default on purpose: every caller (panel, popups, PNG box,
    PDFs, GeoJSON/KML, ``info``) passes its state's date (``MapState.when``),
    so no surface can forget it and disagree with the others.

    With ``as_of``, the same structure seen from that day: an ``as_of`` key, the
    provisions that applied by then with their ``status`` (in force, or superseded
    and by what), only the controversies begun by then (each with ``status``),
    and a fact saying under what a base was held. Without it, the output is
    exactly the timeless dossier.
    """
    d = catalog.dossier(fid)
    f = d.feature
    from explorer.atlas.userlayers import UserFeature

    if isinstance(f, UserFeature):  # the user's data: attributes as read, with a note saying whose
        from explorer.present.userdata import user_dossier_dict

        return user_dossier_dict(f)
    if as_of is not None:
        out = dossier_dict(catalog, fid, None)
        out["as_of"] = as_of.isoformat()
        out["as_of_text"] = day(out["as_of"])
        from explorer.present.dated import dated_facts

        out["facts"] = dated_facts(catalog, f, as_of, out["facts"])
        dates_note = " ".join(localize.marked(catalog, f.id, k, getattr(f, k))
                              for k in ("valid_from_note", "valid_to_note") if getattr(f, k))
        out["dates_note"] = numbered(catalog, out["sources"], dates_note)[0] or None
        out["dates_sources"] = cites(catalog, f.valid_sources)
        out["provisions"] = [_invoked(provision_dict(catalog, p, as_of), f) for p in d.provisions
                             if timeline.provision_status(catalog, p, as_of).state != "not_yet"]
        if isinstance(f, Base) and timeline.base_regime(catalog, f, as_of) == "us_administration":
            rev = timeline.reversion_date(catalog)
            for p in out["provisions"]:
                if p["status"] == "in_force":
                    p["status_text"] = (tr(labels.NOT_HERE_YET, date=day(rev)) if rev
                                        else labels.UNDATED_REVERSION["not_here_yet"])
        out["controversies"] = [controversy_dict(catalog, c, as_of) for c in d.controversies
                                if timeline.controversy_status(c, as_of) != "not_started"]
        return out
    rows = facts(catalog, f)
    sources = cites(catalog, f.sources, f.id)
    note, *values = numbered(catalog, sources, localize.marked(catalog, f.id, "note", f.note),
                             *(v for _, v in rows))
    name = localize.name(f)
    return {
        "id": f.id, "layer": f.layer, "name": name, "name_ja": f.name_ja, "name_en": f.name,
        "name_alt": next((n for n in (f.name_ja, f.name) if n and n != name), "") if f.name_ja else "",
        "kind": kind_text(f),
        "lat": round(f.lat, 6), "lon": round(f.lon, 6),
        "facts": [{"label": k, "value": v} for (k, _), v in zip(rows, values)],
        "attributes": f.attributes(),
        "note": note or None,
        "provisions": [_invoked(provision_dict(catalog, p), f) for p in d.provisions],
        "controversies": [controversy_dict(catalog, c) for c in d.controversies],
        "sources": sources,
    }


def _invoked(p: dict[str, Any], f: Feature) -> dict[str, Any]:
    """Mark a provision the feature invokes rather than falls under (``invoked``, with words)."""
    if p["id"] in f.invokes and p["id"] not in f.provisions:
        p["invoked"] = labels.SECTION["invoked"]
    return p


def provision_info(catalog: Catalog, pid: str, as_of: dt.date | None = None) -> dict[str, Any]:
    """A provision on its own (``info provision:...``): the provision, what it governs, its controversies."""
    from explorer.errors import UnknownFeatureError

    p = catalog.provisions.get(pid)
    if p is None:
        raise UnknownFeatureError(tr("no provision with id {id}", id=repr(pid)))
    out = provision_dict(catalog, p, as_of)
    if as_of is not None:
        out["as_of"] = as_of.isoformat()
        out["as_of_text"] = day(out["as_of"])
    out["kind"] = "provision"
    out["governs"] = [{"id": fid, "name": localize.name(catalog.features[fid])} for fid in catalog.governed_by(pid)]
    out["related"] = [{"id": r, "short": provision_short(catalog, r)} for r in p.related if r in catalog.provisions]
    out["invoked_by"] = [{"id": c.id, "title": localize.text(catalog, c.id, "title", c.title)}
                         for c in catalog.controversies.values() if pid in c.provisions]
    out["invoked_by_features"] = [{"id": fid, "name": localize.name(catalog.features[fid])}
                                  for fid in catalog.invoked_by(pid)]
    out["superseded_by_id"] = p.superseded_by or None
    out["replaces"] = [{"id": q.id, "short": provision_short(catalog, q.id)}
                       for q in catalog.provisions.values() if q.superseded_by == pid]
    return out


def controversy_info(catalog: Catalog, cid: str, as_of: dt.date | None = None) -> dict[str, Any]:
    """A controversy on its own (``info controversy:...``)."""
    from explorer.errors import UnknownFeatureError

    c = catalog.controversies.get(cid)
    if c is None:
        raise UnknownFeatureError(tr("no controversy with id {id}", id=repr(cid)))
    out = controversy_dict(catalog, c, as_of)
    if as_of is not None:
        out["as_of"] = as_of.isoformat()
        out["as_of_text"] = day(out["as_of"])
    out["kind"] = "controversy"
    # Number the sources, as a provision's are, and show the note with its ids as numbers.
    out["note"] = numbered(catalog, out["sources"], localize.marked(catalog, c.id, "note", c.note))[0] or None
    return out


def feature_properties(dd: dict[str, Any]) -> dict[str, Any]:
    """A dossier flattened into the attribute table of a GeoJSON or KML feature.

    Values keep their JSON types (numbers, booleans, lists, null); the
    provisions, controversies and sources are readable text as well as ids,
    so a GIS user can cite a feature without the app.
    """
    return {
        "id": dd["id"], "layer": dd["layer"], "name": dd["name"], "name_ja": dd["name_ja"], "kind": dd["kind"],
        **{f"attr_{k}": v for k, v in dd["attributes"].items()},
        "provisions": "; ".join(p["short"] for p in dd["provisions"]),
        "provision_ids": [p["id"] for p in dd["provisions"]],
        "controversies": "; ".join(c["headline"] for c in dd["controversies"]),
        "sources": " | ".join(s["text"] + (f" <{s['url']}>" if s["url"] else "") for s in dd["sources"]),
        "source_ids": [s["id"] for s in dd["sources"]],
        "description": "; ".join(tr("{label}: {value}", label=x["label"], value=x["value"]) for x in dd["facts"]),
        **({"note": dd["note"]} if dd.get("user") else {}),  # whose data a user layer's feature is
    }


def summary_dict(dd: dict[str, Any], provisions: int = 8, controversies: int = 6) -> dict[str, Any]:
    """The short form drawn on an exported map: name and headlines, each with its status on the map's date
    (the title block states the date itself)."""
    def line(item: dict[str, Any]) -> str:
        return item["headline"] + (f" [{item['status_text']}]" if item.get("status_text") else "")

    return {"name": dd["name"], "name_ja": dd["name_ja"], "name_alt": dd.get("name_alt", ""),
            "provisions": [line(p) for p in dd["provisions"]][:provisions],
            "controversies": [line(c) for c in dd["controversies"]][:controversies]}


__all__ = ["map_label", "cite", "cites", "dossier_dict", "feature_properties", "summary_dict", "facts", "kind_text",
           "years", "range_text", "is_web_url", "source_text", "provision_dict", "controversy_dict",
           "provision_info", "controversy_info", "provision_status_dict"]
