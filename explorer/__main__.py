"""``python -m explorer`` runs the same entry point as ``alliance-explorer``."""

from explorer.cli import main

raise SystemExit(main())
