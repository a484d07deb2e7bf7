"""Uitkomst: result-based contracting of youth care and Wmo support."""

__version__ = "0.1.0"
