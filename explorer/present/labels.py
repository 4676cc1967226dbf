"""Every English phrase the presenter puts beside data, in one place (for later translation).

The records hold data only; a label such as "Units / role" or "exclusive US
use" is a presentation choice and lives here.
"""

from __future__ import annotations

FACT = {
    "service": "Service",
    "where": "Where",
    "use": "Use",
    "area": "Area",
    "status": "Status",
    "status_note": "Status detail",
    "units": "Units / role",
    "position": "Position",
    "role": "Role",
    "treaties": "Treaties",
    "date": "Date",
    "actor": "Actor",
    "system": "System",
    "apogee": "Apogee",
    "range": "Range",
    "reference_point": "Range measured from",
    "band_sources": "Range sources",
    "response": "Japan's response",
    "claimants": "Claimants",
    "description": "What",
}

#: Plain words for a base's use category (SOFA Art. II), by the data's code.
USE = {
    "us": "US-administered (SOFA Art. II-1(a))",
    "us_sdf_joint": "US-administered, shared with the SDF (SOFA Art. II-1(a), II-4(a))",
    "sdf_temporary_us": "SDF facility, temporary US use (SOFA Art. II-4(b))",
    "returned": "Returned to Japan",
    "rok_sofa": "US Forces Korea facility (US–ROK SOFA)",
}
#: Short form of the same, for a kind line ("USMC facility, shared with the SDF").
USE_SHORT = {
    "us": "US-administered",
    "us_sdf_joint": "shared with the SDF",
    "sdf_temporary_us": "SDF area, temporary US use",
    "returned": "returned",
    "rok_sofa": "US Forces Korea",
}

SECTION = {
    "facts": "Facts",
    "provisions": "Treaty provisions",
    "controversies": "Controversies",
    "sources": "Sources for this feature",
    "no_provisions": "No provision is linked to this feature.",
    "no_controversies": "No controversy is linked to this feature.",
    "also_concerns": "Also concerns",
    "governed_by_law": "Provisions",
    "invoked": "This feature invokes it but is not governed by it",
    "note": "Note",
    "source": "Source",
    "undefined_source": "(not defined)",
    "attributes": "Attributes (from your file)",
    "no_attributes": "The file gives this feature no attributes.",
    "position": "Position (WGS 84)",
}

#: Words of the analysis sections (coverage, reach, user rings, measure).
ANALYSIS = {
    "within_range": "Bases within range",
    "reached_by": "Within range of",
    "distances": "Distances to points of interest",
    "assumptions": "Assumptions",
    "ring_sources": "Sources for this range",
    "reach_sources": "Sources for these ranges",
    "user_ring": "Range ring (yours)",
    "base": "Base",
    "distance": "Distance (km)",
    "margin": "Margin (km)",
    "range": "Range",
    "to": "To",
    "bearing": "Bearing",
    "none_within": "No base in the atlas lies within this range.",
    "none_reaches": "No published range in the atlas reaches this base.",
    "save_csv": "Save as CSV…",
    "remove_ring": "Remove this ring",
    "sort_hint": "Click a column heading to sort by it (again to reverse).",
}

STATE_KIND = "state"

#: A state's place in the alliance network, in the words of the legend (``mapping.style``).
ROLE = {
    "treaty_ally": "US treaty ally",
    "partner": "US partner",
    "state_of_concern": "State of concern",
    "competitor": "Strategic competitor",
    "other": "Other",
}

#: What a threat-layer feature is, in the words of the legend (``mapping.style``).
THREAT_KIND = {
    "overflight": "Missile/rocket track over Japan",
    "missile_range": "Published missile range",
    "island_chain": "Island chain (concept)",
    "disputed_territory": "Disputed territory",
    "maritime_pressure": "Maritime pressure",
    "eez_impact": "Missile impact in Japan's EEZ",
}

#: A provision's state on the timeline's date (``explorer.atlas.timeline.provision_status``).
PROVISION_STATUS = {
    "not_yet": "not yet in force",
    "in_force": "in force",
    "superseded": "superseded",
    "ended": "no longer in force",
}
#: A controversy's state on the timeline's date.
CONTROVERSY_STATUS = {"not_started": "not yet begun", "ongoing": "ongoing", "ended": "ended"}
#: Under what a base was held on the timeline's date (``timeline.base_regime``).
REGIME = {
    "us_administration": "under US administration until Okinawa's reversion{when}; not provided under the 1960 SOFA",
    "provided": "provided to US forces",
    "returned": "returned to Japan",
    "not_yet": "not yet provided to US forces",
}
FACT_AS_OF = "Held"
#: Added to a provision in force in Japan that did not yet apply to a base under US administration.
NOT_HERE_YET = "in force in Japan; applies to this facility only from reversion{when}"
UNKNOWN_START = "unknown: not read in a citable source, so shown at every date"
#: Added to the "Held" row of a facility whose start date is unknown, at a past date.
MAYBE_NOT_YET = " (if it existed then: its start date is unknown)"
#: A base's use on the timeline's date, where it differs from today's words.
USE_ON = {
    "us_administration": "US forces' facility under US administration; not provided under the SOFA until "
                         "Okinawa's reversion{when}",
    "not_yet": "not yet provided to US forces",
    "before_agreement": "used by US forces; not yet under {agreement}, which applies from {when}",
}
#: A base's status on the timeline's date: one reached later, or one recorded only from a later year.
STATUS_LATER = "{status} (before its {later} in {year})"
STATUS_RETURN_LATER = "{status} (before its return on {when})"
STATUS_RECORDED_FROM = "{status} as recorded from {year}; not recorded for this date"
SINCE = "Since"
#: The map at a past date: legend rows, the islands' label and the tooltip lines.
DATED_LEGEND = {
    "usAdmin": "Under US administration (before {when})",
    "undated": "Start date unknown (drawn at every date)",
}
DATED_TIP = {
    "usAdmin": "Under US administration on this date (until {when})",
    "undated": "Start date unknown: it may not have existed on this date",
}
#: What the symbols show at a past date (export subtitle, timeline panel).
DATED_SYMBOLS = "use and status of that date where dated; hatched: start date unknown"
RYUKYU_LABEL = "Ryukyu Islands (today's Okinawa Prefecture): under US administration until {when}"

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
USER_LAYER = "Your layer"
