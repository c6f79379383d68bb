"""Allow ``python -m borderread``."""

from borderread.launch import main

if __name__ == "__main__":  # not when a worker process imports the main module again
    raise SystemExit(main())
