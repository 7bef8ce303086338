"""Streamlit-side helpers shared by the pages: cached loaders, the chart block,
presentation mode. Everything that deserves a unit test lives outside this package."""
