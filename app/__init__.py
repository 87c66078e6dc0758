"""Refshelf: a desktop reference manager."""

__version__ = "0.1.0"
APP_NAME = "Refshelf"
