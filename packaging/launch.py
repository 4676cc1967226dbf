"""The bundle's entry point: the same ``main`` as the ``alliance-explorer`` script and ``python -m explorer``."""

from explorer.cli import main

raise SystemExit(main())
