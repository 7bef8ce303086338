"""The scenario studio's Streamlit side, in one place: `state` keeps the session (the
scenario loaded, the last valid one, pins, messages, the URL) and caches the
projections; `actions` are the widgets' callbacks. The pure logic is in `studio/`,
the figures in `charts/scenario.py`; `views/scenarios.py` only lays them out."""
