"""The Windows exe's start-up splash: PyInstaller's bootloader shows it (with Tcl/Tk) a moment after the
double-click, before it unpacks the bundle and starts Python; the app closes it once its own window is painted.

The bootloader passes the port of its splash server in ``_PYI_SPLASH_IPC``; PyInstaller's ``pyi_splash`` module
(bundled in such a build only) connects to it. Outside such a build (source, wheel, Linux exe, worker processes)
``close()`` does nothing.
"""

from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)
# set by the bootloader while it shows a splash (0 in the processes the app starts from its own exe)
SPLASH_IPC_VARIABLE = "_PYI_SPLASH_IPC"


def close() -> str:
    """Close the splash screen if this process was started with one: "closed", "none" (no splash; also on a
    second call) or "failed: …" (a splash that cannot be closed is logged and never stops the app)."""
    if os.environ.get(SPLASH_IPC_VARIABLE, "0") in {"", "0"}:
        return "none"
    try:
        import pyi_splash  # only in a frozen build with a splash

        if not pyi_splash.is_alive():  # the module could not connect: the splash server is gone
            raise ConnectionError("no connection to the splash screen")
        pyi_splash.close()
    except Exception as error:
        log.warning("could not close the start-up splash: %s", error)
        return f"failed: {error}"
    log.info("start-up splash closed")
    return "closed"
