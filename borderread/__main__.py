"""Allow ``python -m borderread``."""

from borderread.cli import main

raise SystemExit(main())
