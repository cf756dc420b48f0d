"""The core (reading, validation, tabulation, export) runs with PySide6 never imported."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_core_never_imports_qt(tmp_path):
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(__import__("pathlib").Path(__file__).parent).__repr__()})
        from forms import fill_form
        from pathlib import Path
        from renkei_desktop.cli import main
        fill_form(Path({str(tmp_path).__repr__()}) / "in" / "a.xlsx", "municipal", {{}})
        rc = main(["export", {str(tmp_path / "in").__repr__()}, "--out", {str(tmp_path / "out").__repr__()}, "--formats", "none"])
        assert rc == 0, rc
        bad = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6")))
        print("QT:", bad)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "QT: []" in result.stdout
    assert (tmp_path / "out" / "simple_tabulation.csv").exists()
