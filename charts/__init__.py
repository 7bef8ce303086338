"""Figure builders: DataFrame in, plotly Figure out. No Streamlit here, so tests can
open a figure and check the numbers it draws."""
