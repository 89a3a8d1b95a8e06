"""Streamlit entry point: ``streamlit run app.py``. All logic lives in ``map_layers``."""

import streamlit as st

from map_layers import app

st.set_page_config(
    page_title="Russo-Japanese War 1891–1905", page_icon="🗺️", layout="wide", initial_sidebar_state="collapsed"
)
app.main()
