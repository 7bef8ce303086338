"""Run the ETL's command line in-process and capture what it prints, for the tests
of its import and export commands."""

from __future__ import annotations

import contextlib
import io

from etl.__main__ import main


def run(argv: list[str]) -> tuple[int, str, str]:
    """(exit status, standard output, standard error) of `python -m etl ARGV`."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()
