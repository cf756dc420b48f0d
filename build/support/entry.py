"""Entry script of the frozen exe (PyInstaller runs it as ``__main__``); ``main`` calls freeze_support first."""

import sys

from renkei_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
