"""The Qt-free core of Refshelf: records, storage, search, formats and citations.

Nothing in this package may import Qt; ``tests/core/test_no_qt.py`` enforces it.
"""
