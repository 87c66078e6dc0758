"""The PySide6 GUI. Only this package imports Qt."""
