"""``python -m explorer.cli``: the same as ``alliance-explorer``."""

from explorer.cli import main

raise SystemExit(main())
