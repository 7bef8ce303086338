"""The scenario studio's logic, kept out of the page so that it can be tested without
Streamlit: the share-link codec, the folder of saved scenarios, the translation
between a scenario and its input widgets, and the tables drawn from a projection."""
