"""The French number parser, case by case: every printed format of the data-store
contract, and the refusals."""

import pytest

from etl.parse import ParseError, parse_age, parse_count, parse_figure, parse_share, parse_year

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    "text, value, unit, qualifier",
    [
        ("73 900", 73900, "count", "exact"),
        (f"73{NBSP}900", 73900, "count", "exact"),
        (f"2{NNBSP}927", 2927, "count", "exact"),
        ("4321", 4321, "count", "exact"),
        ("82 %", 82, "percent", "exact"),
        ("33%", 33, "percent", "exact"),
        (f"82{NBSP}%", 82, "percent", "exact"),
        ("10,3 %", 10.3, "percent", "exact"),
        ("+4,3 %", 4.3, "percent", "exact"),
        ("plus de 50 %", 50, "percent", "at_least"),
        ("Plus de 25 %", 25, "percent", "at_least"),
        ("moins de 10 %", 10, "percent", "at_most"),
        ("environ 55 000", 55000, "count", "approx"),
        ("près de 2 500", 2500, "count", "approx"),
        ("1 sur 2", 50, "percent", "approx"),
        ("1 salarié sur 5", 20, "percent", "approx"),
        ("2/3", 200 / 3, "percent", "approx"),
        ("1/3", 100 / 3, "percent", "approx"),
        ("38 millions", 38_000_000, "count", "exact"),
        ("2 Md€", 2e9, "eur", "exact"),
        ("500 K€", 500_000, "eur", "exact"),
        ("1 800 €", 1800, "eur", "exact"),
        ("plus de quatre-vingts", 80, "count", "at_least"),
        ("62 ans 3 mois", 62.25, "years", "exact"),
        ("60 ans", 60, "years", "exact"),
    ],
)
def test_reads_published_formats(text, value, unit, qualifier):
    fig = parse_figure(text)
    assert fig.value == pytest.approx(value, rel=1e-6)
    assert (fig.unit, fig.qualifier) == (unit, qualifier)


@pytest.mark.parametrize("text", ["", "n.c.", "73.900.1", "beaucoup", "3 sur 2", "1/0", "12 pommes", "%", "=1+1"])
def test_refuses_what_it_cannot_read(text):
    with pytest.raises(ParseError) as err:
        parse_figure(text)
    assert "«" in str(err.value) or "vide" in str(err.value)


@pytest.mark.parametrize("parser, text", [(parse_count, "82 %"), (parse_share, "73 900"), (parse_age, "62")])
def test_typed_parsers_refuse_the_wrong_kind(parser, text):
    with pytest.raises(ParseError):
        parser(text)


def test_share_in_parentheses_as_printed_in_2006_table():
    assert parse_share("(28 %)") == 28


@pytest.mark.parametrize(
    "text, year, approx",
    [
        ("2019", 2019, False),
        ("vers 2019", 2019, True),
        (f"Vers{NBSP}2011", 2011, True),
        ("  vers  2014 ", 2014, True),
    ],
)
def test_reads_reference_years_as_printed(text, year, approx):
    assert parse_year(text) == (year, approx)


@pytest.mark.parametrize("text", ["", "19", "vers", "en 2019", "2019-2020", "vers 1800", "environ 2019", "2019 ?"])
def test_refuses_years_it_cannot_read(text):
    with pytest.raises(ParseError) as err:
        parse_year(text)
    assert "vers 2019" in str(err.value)
