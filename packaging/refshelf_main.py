"""PyInstaller entry point: the same ``main()`` as ``python -m app`` and the ``refshelf`` script."""

from __future__ import annotations

import multiprocessing
import sys

from app.__main__ import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
