"""The one presenter: where a record becomes words a reader sees.

Qt-free and folium-free. ``dossier_dict`` turns a feature's dossier into one
JSON-able structure, and ``cite`` is the one citation format. The CLI's JSON,
the side panel's HTML, the HTML export's popups, the PDF's dossier pages and
the GeoJSON/KML attributes all render from these, so they can never disagree.
English labels live in :mod:`explorer.present.labels`, not in the records.
"""
