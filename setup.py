"""Package list for setuptools (the rest of the configuration is in pyproject.toml).

pyproject.toml's ``packages.find`` cannot add packages that live outside the package folder, so the list is
made here: every ``renkei_desktop*`` package, plus ``renkei_desktop.resources``, which is the top-level
``resources/`` folder (``[tool.setuptools.package-dir]``) shipped as package data, with its data sub-folders.
"""

from setuptools import find_namespace_packages, find_packages, setup

RESOURCES = "renkei_desktop.resources"
data_folders = [
    f"{RESOURCES}.{name}" for name in find_namespace_packages(where="resources", exclude=["*__pycache__*"])
]
setup(packages=[*find_packages(include=["renkei_desktop", "renkei_desktop.*"]), RESOURCES, *data_folders])
