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
}
#: Short form of the same, for a kind line ("USMC facility, shared with the SDF").
USE_SHORT = {
    "us": "US-administered",
    "us_sdf_joint": "shared with the SDF",
    "sdf_temporary_us": "SDF area, temporary US use",
    "returned": "returned",
}

SECTION = {
    "provisions": "Treaty provisions",
    "controversies": "Controversies",
    "sources": "Sources for this feature",
    "no_provisions": "No provision is linked to this feature.",
    "no_controversies": "No controversy is linked to this feature.",
    "also_concerns": "Also concerns",
    "governed_by_law": "Provisions",
    "note": "Note",
    "source": "Source",
    "undefined_source": "(not defined)",
    "attributes": "Attributes (from your file)",
    "no_attributes": "The file gives this feature no attributes.",
    "position": "Position (WGS 84)",
}

STATE_KIND = "state"
#: The kind line of a feature from a user's own file.
USER_LAYER = "Your layer"
