"""Unit tests run without Qt; their shared fixtures live in tests/conftest.py."""
