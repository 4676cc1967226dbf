"""A feature's facts seen from the timeline's date: under what it was held, its use and status then.

:func:`explorer.present.dossier.dossier_dict` puts these in front of, and in
place of, the timeless facts when the map has a date, so the panel, popups,
PNG box, PDFs and ``info`` never say "US-administered (SOFA Art. II-1(a))" of
a day when no SOFA held the facility. The dates come from the model
(:mod:`explorer.atlas.timeline`); nothing here invents one: where a start
date is unknown the rows say so.
"""

from __future__ import annotations

import datetime as dt

from explorer.atlas import timeline
from explorer.atlas.catalog import Catalog
from explorer.atlas.records import Base, Feature, State
from explorer.i18n import tr
from explorer.present import labels


def _day(value: object) -> str:
    from explorer.present.dossier import day

    return day(value)


def reversion_words(catalog: Catalog, dated: str, undated_key: str) -> str:
    """``dated`` (a phrase with ``{date}``) filled with Okinawa's reversion date, or its undated form."""
    rev = timeline.reversion_date(catalog)
    return tr(dated, date=_day(rev)) if rev else labels.UNDATED_REVERSION[undated_key]


def regime_text(catalog: Catalog, regime: str) -> str:
    """Under what a base was held (``timeline.base_regime``), in words."""
    if regime == "us_administration":
        return reversion_words(catalog, labels.REGIME.english(regime), "regime")
    return labels.REGIME[regime]


def status_words(status: str) -> str:
    return labels.STATUS.get(status, status.replace("_", " "))


def as_of_facts(catalog: Catalog, f: Feature, as_of: dt.date) -> list[dict[str, str]]:
    """What the date changes about a feature: under what a base was held, and unknown starts."""
    rows: list[dict[str, str]] = []
    if isinstance(f, Base):
        regime = timeline.base_regime(catalog, f, as_of)
        text = regime_text(catalog, regime)
        if f.valid_from is None and regime in ("us_administration", "provided"):
            text += tr(labels.MAYBE_NOT_YET)
        rows.append({"label": tr("Held on {date}", date=_day(as_of.isoformat())), "value": text})
    if f.valid_from is None and not isinstance(f, State):
        rows.append({"label": tr(labels.SINCE), "value": tr(labels.UNKNOWN_START)})
    elif f.valid_from is not None:
        rows.append({"label": tr(labels.SINCE), "value": _day(f.valid_from)})
    return rows


def use_text(catalog: Catalog, b: Base, as_of: dt.date) -> str:
    """The base's use on ``as_of``, citing an agreement only if it applied then."""
    regime = timeline.base_regime(catalog, b, as_of)
    if regime == "us_administration":
        return reversion_words(catalog, labels.USE_ON.english(regime), "use_on")
    if regime == "not_yet":
        return labels.USE_ON[regime]
    use = timeline.use_on(b, as_of)
    words = labels.USE.get(use, use)
    if use == "returned" and b.use_before_return in labels.USE:
        return tr("{use} (before: {before})", use=words, before=labels.USE[b.use_before_return])
    agreement, applied = timeline.use_agreement(catalog, use, as_of)
    if not applied and agreement is not None:
        from explorer.present.dossier import provision_short

        return labels.USE_ON["before_agreement"].format(agreement=provision_short(catalog, agreement.id),
                                                        when=_day(agreement.valid_from))
    return words


def status_text(b: Base, as_of: dt.date) -> str:
    """The base's status on ``as_of``, where its dates say; otherwise today's, said to be so."""
    then = timeline.status_on(b, as_of)
    words = status_words(then)
    if then != b.status:
        if b.status == "returned" and b.valid_to is not None and as_of < b.valid_to.start():
            return tr(labels.STATUS_RETURN_LATER, status=words, when=_day(b.valid_to))
        return tr(labels.STATUS_LATER, status=words, later=status_words(b.status), year=b.status_year)
    if b.status_year is not None and as_of.year < b.status_year:
        return tr(labels.STATUS_RECORDED_FROM, status=words, year=b.status_year)
    return tr("{status} ({year})", status=words, year=b.status_year) if b.status_year else words


def dated_facts(catalog: Catalog, f: Feature, as_of: dt.date, facts: list[dict[str, str]]) -> list[dict[str, str]]:
    """``facts`` (the timeless rows) with a base's use and status as of ``as_of``, after the date's own rows."""
    rows = [dict(r) for r in facts]
    if isinstance(f, Base):
        for r in rows:
            if r["label"] == labels.FACT["use"]:
                r["value"] = use_text(catalog, f, as_of)
            elif r["label"] == labels.FACT["status"]:
                r["value"] = status_text(f, as_of)
    return as_of_facts(catalog, f, as_of) + rows


__all__ = ["as_of_facts", "dated_facts", "use_text", "status_text"]
