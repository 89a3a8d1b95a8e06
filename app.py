"""Streamlit entry point: ``streamlit run app.py``. All logic lives in ``map_layers``."""

import streamlit as st

from map_layers import app

# Streamlit runs this file as ``__main__``. An export worker may import it as ``__mp_main__``
# (multiprocessing loads the parent's main module first): then it must build no page.
if __name__ == "__main__":
    st.set_page_config(
        page_title="Russo-Japanese War 1891–1905", page_icon="🗺️", layout="wide", initial_sidebar_state="collapsed"
    )
    app.main()
