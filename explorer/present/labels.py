"""Every phrase the presenter puts beside data, in one place, in the reader's language.

The records hold data only; a label such as "Units / role" or "exclusive US
use" is a presentation choice and lives here. Tables are :class:`i18n.Lazy`:
``FACT["area"]`` reads "Area" or 「面積」 in the language of the moment. A
single phrase is marked with ``N_`` and read with ``tr(labels.X, ...)``.
"""

from __future__ import annotations

from explorer.i18n import N_, Lazy

FACT = Lazy({
    "service": N_("Service"),
    "where": N_("Where"),
    "use": N_("Use"),
    "area": N_("Area"),
    "status": N_("Status"),
    "status_note": N_("Status detail"),
    "units": N_("Units / role"),
    "position": N_("Position"),
    "role": N_("Role"),
    "treaties": N_("Treaties"),
    "date": N_("Date"),
    "actor": N_("Actor"),
    "system": N_("System"),
    "apogee": N_("Apogee"),
    "range": N_("Range"),
    "reference_point": N_("Range measured from"),
    "band_sources": N_("Range sources"),
    "response": N_("Japan's response"),
    "claimants": N_("Claimants"),
    "description": N_("What"),
})

#: Plain words for a base's use category (SOFA Art. II), by the data's code.
USE = Lazy({
    "us": N_("US-administered (SOFA Art. II-1(a))"),
    "us_sdf_joint": N_("US-administered, shared with the SDF (SOFA Art. II-1(a), II-4(a))"),
    "sdf_temporary_us": N_("SDF facility, temporary US use (SOFA Art. II-4(b))"),
    "returned": N_("Returned to Japan"),
    "rok_sofa": N_("US Forces Korea facility (US–ROK SOFA)"),
})
#: Short form of the same, for a kind line ("USMC facility, shared with the SDF").
USE_SHORT = Lazy({
    "us": N_("US-administered"),
    "us_sdf_joint": N_("shared with the SDF"),
    "sdf_temporary_us": N_("SDF area, temporary US use"),
    "returned": N_("returned"),
    "rok_sofa": N_("US Forces Korea"),
})

SECTION = Lazy({
    "facts": N_("Facts"),
    "provisions": N_("Treaty provisions"),
    "controversies": N_("Controversies"),
    "sources": N_("Sources for this feature"),
    "no_provisions": N_("No provision is linked to this feature."),
    "no_controversies": N_("No controversy is linked to this feature."),
    "also_concerns": N_("Also concerns"),
    "governed_by_law": N_("Provisions"),
    "invoked": N_("This feature invokes it but is not governed by it"),
    "note": N_("Note"),
    "source": N_("Source"),
    "undefined_source": N_("(not defined)"),
    "attributes": N_("Attributes (from your file)"),
    "no_attributes": N_("The file gives this feature no attributes."),
    "position": N_("Position (WGS 84)"),
})

#: Words of the analysis sections (coverage, reach, user rings, measure).
ANALYSIS = Lazy({
    "within_range": N_("Bases within range"),
    "reached_by": N_("Within range of"),
    "distances": N_("Distances to points of interest"),
    "assumptions": N_("Assumptions"),
    "ring_sources": N_("Sources for this range"),
    "reach_sources": N_("Sources for these ranges"),
    "user_ring": N_("Range ring (yours)"),
    "base": N_("Base"),
    "distance": N_("Distance (km)"),
    "margin": N_("Margin (km)"),
    "range": N_("Range"),
    "to": N_("To"),
    "bearing": N_("Bearing"),
    "none_within": N_("No base in the atlas lies within this range."),
    "none_reaches": N_("No published range in the atlas reaches this base."),
    "save_csv": N_("Save as CSV…"),
    "remove_ring": N_("Remove this ring"),
    "sort_hint": N_("Click a column heading to sort by it (again to reverse)."),
})

STATE_KIND = N_("state")

#: A base's service, by the data's code (the code itself in English).
SERVICE = Lazy({
    "USAF": N_("USAF"),
    "USA": N_("USA"),
    "USN": N_("USN"),
    "USMC": N_("USMC"),
    "Joint": N_("Joint"),
})
#: The head of a base's kind line, by service.
SERVICE_FACILITY = Lazy({
    "USAF": N_("USAF facility"),
    "USA": N_("USA facility"),
    "USN": N_("USN facility"),
    "USMC": N_("USMC facility"),
    "Joint": N_("Joint facility"),
    "": N_("facility"),
})
#: A base's status, by the data's code.
STATUS = Lazy({
    "active": N_("active"),
    "planned_return": N_("planned return"),
    "partially_returned": N_("partially returned"),
    "returned": N_("returned"),
})
#: Prefectures as the data spells them, by their full names (沖縄県). Read only in Japanese, through
#: :func:`prefecture`: English shows the data's own spelling ("Okinawa").
PREFECTURE = Lazy({
    "Hokkaido": N_("Hokkaido"),
    "Aomori": N_("Aomori Prefecture"),
    "Miyagi": N_("Miyagi Prefecture"),
    "Saitama": N_("Saitama Prefecture"),
    "Chiba": N_("Chiba Prefecture"),
    "Tokyo": N_("Tokyo Metropolis"),
    "Kanagawa": N_("Kanagawa Prefecture"),
    "Yamanashi": N_("Yamanashi Prefecture"),
    "Shizuoka": N_("Shizuoka Prefecture"),
    "Kyoto": N_("Kyoto Prefecture"),
    "Hiroshima": N_("Hiroshima Prefecture"),
    "Yamaguchi": N_("Yamaguchi Prefecture"),
    "Fukuoka": N_("Fukuoka Prefecture"),
    "Nagasaki": N_("Nagasaki Prefecture"),
    "Oita": N_("Oita Prefecture"),
    "Okinawa": N_("Okinawa Prefecture"),
})


def prefecture(name: str) -> str:
    """A prefecture as the reader names it: the data's \"Okinawa\" in English, 沖縄県 in Japanese."""
    from explorer import i18n

    return PREFECTURE[name] if i18n.is_japanese() and name in PREFECTURE else name

#: A state's place in the alliance network, in the words of the legend (``mapping.style``).
ROLE = Lazy({
    "treaty_ally": N_("US treaty ally"),
    "partner": N_("US partner"),
    "state_of_concern": N_("State of concern"),
    "competitor": N_("Strategic competitor"),
    "other": N_("Other"),
})

#: What a threat-layer feature is, in the words of the legend (``mapping.style``).
THREAT_KIND = Lazy({
    "overflight": N_("Missile/rocket track over Japan"),
    "missile_range": N_("Published missile range"),
    "island_chain": N_("Island chain (concept)"),
    "disputed_territory": N_("Disputed territory"),
    "maritime_pressure": N_("Maritime pressure"),
    "eez_impact": N_("Missile impact in Japan's EEZ"),
})

#: A provision's state on the timeline's date (``explorer.atlas.timeline.provision_status``).
PROVISION_STATUS = Lazy({
    "not_yet": N_("not yet in force"),
    "in_force": N_("in force"),
    "superseded": N_("superseded"),
    "ended": N_("no longer in force"),
})
#: A controversy's state on the timeline's date.
CONTROVERSY_STATUS = Lazy({"not_started": N_("not yet begun"), "ongoing": N_("ongoing"), "ended": N_("ended")})
#: Under what a base was held on the timeline's date (``timeline.base_regime``).
REGIME = Lazy({
    "us_administration": N_("under US administration until Okinawa's reversion on {date}; not provided under the 1960 SOFA"),
    "provided": N_("provided to US forces"),
    "returned": N_("returned to Japan"),
    "not_yet": N_("not yet provided to US forces"),
})
#: The same three phrases where the atlas has no reversion date (``{date}`` would be empty).
UNDATED_REVERSION = Lazy({
    "regime": N_("under US administration until Okinawa's reversion; not provided under the 1960 SOFA"),
    "not_here_yet": N_("in force in Japan; applies to this facility only from reversion"),
    "use_on": N_("US forces' facility under US administration; not provided under the SOFA until "
                 "Okinawa's reversion"),
})
FACT_AS_OF = N_("Held")
#: Added to a provision in force in Japan that did not yet apply to a base under US administration.
NOT_HERE_YET = N_("in force in Japan; applies to this facility only from reversion on {date}")
UNKNOWN_START = N_("unknown: not read in a citable source, so shown at every date")
#: Added to the "Held" row of a facility whose start date is unknown, at a past date.
MAYBE_NOT_YET = N_(" (if it existed then: its start date is unknown)")
#: A base's use on the timeline's date, where it differs from today's words.
USE_ON = Lazy({
    "us_administration": N_("US forces' facility under US administration; not provided under the SOFA until "
                            "Okinawa's reversion on {date}"),
    "not_yet": N_("not yet provided to US forces"),
    "before_agreement": N_("used by US forces; not yet under {agreement}, which applies from {when}"),
})
#: A base's status on the timeline's date: one reached later, or one recorded only from a later year.
STATUS_LATER = N_("{status} (before its {later} in {year})")
STATUS_RETURN_LATER = N_("{status} (before its return on {when})")
STATUS_RECORDED_FROM = N_("{status} as recorded from {year}; not recorded for this date")
SINCE = N_("Since")
#: The map at a past date: legend rows, the islands' label and the tooltip lines.
DATED_LEGEND = Lazy({
    "usAdmin": N_("Under US administration (before {when})"),
    "undated": N_("Start date unknown (drawn at every date)"),
})
DATED_TIP = Lazy({
    "usAdmin": N_("Under US administration on this date (until {when})"),
    "undated": N_("Start date unknown: it may not have existed on this date"),
})
#: What the symbols show at a past date (export subtitle, timeline panel).
DATED_SYMBOLS = N_("use and status of that date where dated; hatched: start date unknown")
RYUKYU_LABEL = N_("Ryukyu Islands (today's Okinawa Prefecture): under US administration until {when}")

#: Short forms for map labels, applied in order (full names stay in the panel).
ABBREVIATIONS = (
    ("Marine Corps Air Station ", "MCAS "),
    ("Naval Air Facility ", "NAF "),
    (" Air Base", " AB"),
    (" Naval Base", " NB"),
    (" Communications Station", " Comm. Sta."),
    (" Communication Station", " Comm. Sta."),
    (" Communication Site", " Comm. Site"),
    (" Ammunition Storage Area", " Ammo Area"),
    (" Ammunition Supply Point", " Ammo Point"),
    (" Ammunition Depot", " Ammo Depot"),
    (" Ordnance Ammunition Depot", " Ammo Depot"),
    (" Dependent Housing Area", " Housing"),
    (" Housing Area and Navy Annex", " Housing"),
    (" Housing Area", " Housing"),
    (" Maneuver Area", " MA"),
    (" Training Area", " TA"),
    (" Auxiliary Airfield", " Aux. Airfield"),
    (" Service Area", ""),
    (" Port Facility", " Port"),
)

#: The kind line of a feature from a user's own file.
USER_LAYER = N_("Your layer")
