"""The Streamlit edge of the app (the only package that imports Streamlit)."""

from map_layers.app.page import main

__all__ = ["main"]
