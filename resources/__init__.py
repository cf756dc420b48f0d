"""Bundled data of renkei_desktop (forms, codebooks, reference lists, font, icons, licence texts).

This folder stays at the top of the repository and is installed as the package ``renkei_desktop.resources``
(see ``[tool.setuptools.package-dir]`` in pyproject.toml); ``renkei_desktop.paths`` finds it with
``importlib.resources``. It holds no code.
"""
