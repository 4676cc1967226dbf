"""The Qt-free model: records, the catalog that indexes them, geodesy, validation."""
