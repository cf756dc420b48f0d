"""Entry point: subcommands run the headless CLI; no subcommand starts the desktop window."""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Sequence

from renkei_desktop import boot_splash

CLI_COMMANDS = frozenset({"export", "sample", "-h", "--help", "--version"})
SELFTEST = "--selftest"  # headless smoke test of a build (renkei_desktop/gui/selftest.py)


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in CLI_COMMANDS:
        boot_splash.close()  # the exe's start-up splash is for the window only
    if args and args[0] == SELFTEST:
        from renkei_desktop.gui.selftest import main as selftest_main

        return selftest_main(args[1:])
    if args and args[0] in CLI_COMMANDS:
        from renkei_desktop.cli import main as cli_main

        return cli_main(args)
    try:
        from renkei_desktop.gui.app import main as gui_main
    except ImportError:
        from renkei_desktop.cli import main as cli_main

        return cli_main(args or ["--help"])
    return gui_main(args)


if __name__ == "__main__":
    sys.exit(main())
