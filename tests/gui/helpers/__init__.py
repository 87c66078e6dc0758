"""Helpers for the real-X-server tests: an Xvfb fixture and small Qt processes."""
