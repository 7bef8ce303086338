"""The engine's defaults that the command line shows in its help: plain constants, so
that `python -m gpec --help` reads them without importing numpy or pandas."""

from __future__ import annotations

# Draws the app uses for its Monte Carlo bands: enough for stable 10th/90th
# percentiles, and a full projection of the branch answers well under a second
# (see bench/gpec.py).
DEFAULT_DRAWS = 200

# Budget of one projection asked by the app (the studio's form, a share link, a file)
# and, unless told otherwise, by the command line: draws × years × cells (see
# engine.cost). The app's 200 draws over 40 years on the branch's 10 families cost
# 10.6 million (1.3 s here); the budget allows about three times that (568 draws over
# 40 years, 378 over 60: 4 to 5 s on one core, under 100 MB), and refuses the 792
# million of 10 000 draws over 60 years (close to two minutes and 1.5 GB).
MAX_COST = 30_000_000
