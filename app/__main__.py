"""Entry point: ``refshelf`` / ``python -m app``.

With a sub-command it runs the command line; without one it opens the window
(files given on the command line, as the desktop entry's ``%F`` passes them,
are imported into the running window).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from app import cli

    args = list(sys.argv[1:] if argv is None else argv)
    if cli.wants_cli(args):
        return cli.main(args)
    from app.gui.application import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
