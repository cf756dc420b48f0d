"""Containers a response arrives in (zip archives, saved mails), read fully in memory.

Nothing is extracted to disk and no temporary file holds an answer: a container's bytes are read once,
its members are checked against :class:`ArchiveLimits` and handed on as bytes. See
:mod:`renkei_desktop.workbooks.containers.walker` for the expansion of one container.
"""
