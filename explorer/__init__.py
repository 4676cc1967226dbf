"""Alliance Explorer: a desktop map explorer of the US–Japan security alliance.

Kept import-free on purpose: the CLI's fast paths (``list``, ``info``) and the
warm start must not pay for Qt or geopandas just to learn the version.
"""

__version__ = "0.1.0"
