"""Exports: HTML and GeoJSON/KML need no Qt; PNG and PDF render the page offscreen."""
