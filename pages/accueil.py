"""Accueil (placeholder until the dashboard pages land): the headline figure, read from the store."""
import streamlit as st

import formats
from app.data import table

st.title("Relève")
hc = table("headcount")
row = hc[(hc["scope"] == "assurance_sante") & (hc["family"] == "TOTAL")].iloc[0]
st.metric("Salariés de l'activité d'assurance santé (2009)", formats.number(row["headcount"]))
