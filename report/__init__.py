"""The meeting pack: the dashboard's charts as a 16:9 PowerPoint deck, and the
pictures behind the app's PNG/SVG downloads.

    spec = report.content.build_spec(report.content.DeckRequest(scope="branche"))
    pptx_bytes = report.deck.build(spec)          # native charts; one browser session for the pictures

`content` decides the slides from the dashboard's own chart builders, `slides`
holds what a slide says, `native` reads a plotly figure as a native PowerPoint chart
(editable, data embedded), `images` turns the figures PowerPoint cannot draw into
pictures, `deck` draws it all with python-pptx. No Streamlit here: the app's side is
app/deck.py.
"""
