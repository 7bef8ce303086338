"""Plotly figures read as native PowerPoint charts (report/native.py): which figures
PowerPoint can draw, what each becomes, and the pyramid's axis rule."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st

from report import native


def bars(barmode=None, orientation=None, pattern=None, n=2):
    fig = go.Figure(layout=dict(barmode=barmode))
    for i in range(n):
        marker = dict(color=["#112233", "#445566"][i % 2])
        if pattern:
            marker["pattern"] = dict(shape=pattern)
        x, y = (["a", "b"], [1 + i, 2 + i]) if orientation != "h" else ([1 + i, 2 + i], ["a", "b"])
        fig.add_bar(x=x, y=y, name=f"s{i}", orientation=orientation, marker=marker)
    return fig


def lines(stack=False, fill=None, xs=((2020, 2021), (2020, 2021))):
    fig = go.Figure()
    for i, x in enumerate(xs):
        fig.add_scatter(
            x=list(x), y=[10 + i] * len(x), name=f"l{i}", mode="lines", stackgroup="g" if stack else None, fill=fill
        )
    return fig


@pytest.mark.parametrize(
    "fig, kind",
    [
        (bars(), "column"),
        (bars("group", "h"), "bar"),
        (bars("stack"), "column_stacked"),
        (bars("stack", "h"), "bar_stacked"),
        (lines(), "line"),
        (lines(stack=True), "area_stacked"),
        (lines(xs=((2009,), (2010, 2018))), "line"),  # points at different years
        (go.Figure(go.Pie(labels=["a", "b"], values=[1, 2])), "pie"),
    ],
)
def test_what_powerpoint_draws(fig, kind):
    chart = native.from_figure(fig)
    assert chart is not None and chart.kind == kind


@pytest.mark.parametrize(
    "fig",
    [
        bars(pattern="/"),  # hatched: a bound or an unknown part
        lines(fill="tonexty"),  # a band
        go.Figure(go.Scatter(x=[1, 2], y=[1, 2], error_y=dict(array=[0.1, 0.2]))),
        go.Figure(go.Heatmap(z=[[1, 2]])),
        go.Figure(  # stacked beside a third bar: stacked and clustered at once
            [
                go.Bar(x=[1], y=[2], offsetgroup="a"),
                go.Bar(x=[1], y=[3], base=[2], offsetgroup="a"),
                go.Bar(x=[1], y=[4], offsetgroup="b"),
            ],
            layout=dict(barmode="group"),
        ),
        go.Figure(),
    ],
)
def test_what_stays_a_picture(fig):
    assert native.from_figure(fig) is None


def test_points_at_different_years_share_one_axis_with_gaps():
    fig = lines(xs=((2009,), (2010, 2018)))
    fig.update_xaxes(tickvals=[2009, 2010, 2018], ticktext=["vers 2009", "2010", "2018"])
    chart = native.from_figure(fig)
    assert chart.categories == ("vers 2009", "2010", "2018")
    assert chart.series[0].values == (10.0, None, None)
    assert chart.series[1].values == (None, 11.0, 11.0)


def test_close_labels_go_on_opposite_sides():
    fig = go.Figure()
    for name, y in (("a", 81), ("b", 76), ("c", 30)):
        fig.add_scatter(x=[2019], y=[y], name=name, mode="markers+text", text=[f"{y} %"])
    chart = native.from_figure(fig)
    sides = {s.name: s.label_sides[0] for s in chart.series}
    assert {sides["a"], sides["b"]} == {"left", "right"} and sides["c"] == "above"


def test_bar_values_labels_and_colours_follow_the_categories():
    fig = go.Figure(
        go.Bar(y=["x", "y"], x=[3, 5], orientation="h", marker=dict(color=["#aa0000", "#00bb00"]), text=["≈ 3", "5"])
    )
    fig.update_yaxes(categoryorder="total descending")
    chart = native.from_figure(fig)
    assert chart.categories == ("y", "x")
    s = chart.series[0]
    assert s.values == (5.0, 3.0) and s.point_colors == ("#00BB00", "#AA0000") and s.point_labels == ("5", "≈ 3")


def test_a_pyramid_is_two_mirrored_bar_series():
    fig = go.Figure(layout=dict(barmode="relative"))
    fig.add_bar(y=[20, 21], x=[-400, -420], orientation="h", name="Hommes")
    fig.add_bar(y=[20, 21], x=[900, 950], orientation="h", name="Femmes")
    chart = native.from_figure(fig)
    assert chart.kind == "pyramid"
    assert (chart.value_min, chart.value_max) == (-500, 1000)  # not comparable: each side fitted


@given(st.floats(1, 1e6), st.floats(1, 1e6))
def test_the_pyramid_axis_is_symmetric_only_when_the_sides_are_comparable(left, right):
    lo, hi = native.pyramid_range([native.Series("H", (-left,)), native.Series("F", (right,))])
    assert -lo >= left and hi >= right  # every bar inside
    assert -lo < 2.5 * left + 1e-9 and hi < 2.5 * right + 1e-9 or lo == -hi  # fitted, or symmetric
    if max(left, right) / min(left, right) <= native.COMPARABLE:
        assert lo == -hi
    else:
        assert hi <= 2.5 * right + 1e-9 and -lo <= 2.5 * left + 1e-9


def test_rows_of_a_picture_chart():
    rows = native.rows_of(bars("group", "h", pattern="/"))
    assert list(rows.columns) == ["", "s0", "s1"]
    assert rows.to_dict("list") == {"": ["a", "b"], "s0": [1.0, 2.0], "s1": [2.0, 3.0]}


def test_the_apps_pyramid_axis_is_fitted_when_the_sides_differ():
    import pandas as pd

    from charts import ages

    def pyramid(men, women):
        return pd.DataFrame(
            {"sex": ["H", "F"], "age": [40, 40], "headcount": [men, women], "age_band": ["", ""], "status": "estimated"}
        )

    assert ages.pyramid_extent(pyramid(420, 1330)) == (420, 1330)  # not comparable: each side its own
    assert ages.pyramid_extent(pyramid(900, 1330)) == (1330, 1330)  # comparable: symmetric
    fig = ages.pyramid_chart(pyramid(420, 1330).assign(method="m"))
    lo, hi = fig.layout.xaxis.range
    assert -lo < 500 and hi > 1330


def test_running_total_of_yearly_departures():
    import pandas as pd

    from charts import ages

    data = pd.DataFrame(
        {
            "year": [2025, 2025, 2026],
            "family": ["a", "b", "a"],
            "retirements": [1.0, 2.0, 3.0],
            "year_total": [600.4, 600.4, 555.8],
        }
    )
    assert ages.running_total(data) == "Départs 2025–2026 : 1\u202f156"
    assert ages.running_total(data.assign(year_total=[600.4, 600.4, None])) == ""  # a hidden year: no total


def test_studio_running_totals_match_the_engine():
    import gpec
    from charts import scenario as sc
    from core import formats
    from etl import catalog

    proj = gpec.project(
        catalog.default_population("branche"), gpec.Scenario.load(catalog.ROOT / "scenarios" / "1-reference.json")
    )
    line = sc.running_totals(proj.flows)
    total = proj.summary.set_index("family").loc["TOTAL"]
    assert line.startswith("Départs 2025–2034 : ")
    assert f"dont {formats.number(total['retirements_total'])} à la retraite" in line
    assert line.endswith(f"embauches externes : {formats.number(total['external_hires_total'])}")


def test_a_deck_picture_drops_value_labels_too_thin_to_read():
    import plotly.graph_objects as go

    from report import images

    def grouped(n_traces: int, n_categories: int) -> go.Figure:
        cats = [f"c{i}" for i in range(n_categories)]
        return go.Figure(
            [go.Bar(y=cats, x=list(range(n_categories)), orientation="h", text=cats) for _ in range(n_traces)]
        )

    crowded = images.deck_picture(grouped(4, 10), height=500).figure
    assert all(t.text is None for t in crowded.data)  # 40 bars in 500 px: labels would collide
    roomy = images.deck_picture(grouped(1, 5), height=500).figure
    assert all(t.text is not None for t in roomy.data)


def test_year_totals_and_hidden_labels_stay_on_the_native_chart():
    """The departures chart prints each year's total above its bars (from the full
    counts, "secret" when it would give a hidden cell back): the native chart keeps
    them under each year, and a hidden family's cell stays empty, not 0."""
    import pandas as pd

    from charts import ages
    from charts.common import hidden_marks

    data = pd.DataFrame(
        {
            "year": [2026, 2026, 2027, 2027],
            "family": ["gestion", "si", "gestion", "si"],
            "retirements": [9.4, None, 7.2, None],
            "suppressed": [False, True, False, True],
            "suppressed_label": ["", "< 5", "", "secret"],
            "year_total": [12.0, 12.0, None, None],
            "year_total_label": ["", "", "secret", "secret"],
        }
    )
    chart = native.from_figure(ages.retirements_chart(data))
    assert chart.kind == "column_stacked"
    assert chart.categories == ("2026\ntotal 12", "2027\ntotal secret")
    assert chart.number_format == "#,##0"  # expected values are fractional, the axis counts people
    si = next(s for s in chart.series if s.name == "Systèmes d'information")
    assert si.values == (None, None)  # hidden: no bar, its label is in the category
    rows = native.rows_of(ages.retirements_chart(data))
    assert rows["Total"].tolist() == ["12", "secret"]

    fig = bars("group", "h")
    fig.data[1].x = (2, None)  # s1 hidden at "b"
    hidden_marks(fig, ["b"], ["< 5"])
    assert native.from_figure(fig).categories == ("a", "b (< 5)")
    assert native.rows_of(fig).to_dict("list") == {"": ["a", "b"], "s0": [1.0, 2.0], "s1": [2.0, "< 5"]}


@pytest.mark.parametrize(
    "lo, hi, step", [(-25, 100, 25), (-500, 500, 250), (-1000, 2500, 500), (-2, 5, 1), (-20_000, 50_000, 10_000)]
)
def test_the_pyramid_ticks_fall_on_zero(lo, hi, step):
    assert native.pyramid_step(lo, hi) == step
    assert (hi - lo) / step >= 4 and (-lo / step).is_integer() and (hi / step).is_integer()


def test_a_hidden_band_of_a_pyramid_says_its_side():
    fig = go.Figure(layout=dict(barmode="relative"))
    fig.add_bar(y=["20-24", "25-29"], x=[None, -420], orientation="h", name="Hommes")
    fig.add_bar(y=["20-24", "25-29"], x=[None, 950], orientation="h", name="Femmes")
    fig.add_scatter(x=[-10, 10], y=["20-24", "20-24"], mode="text", text=["< 5", "secret"], meta="hidden")
    chart = native.from_figure(fig)
    assert chart.kind == "pyramid" and chart.major_unit == 250
    assert chart.categories == ("20-24 (Hommes < 5, Femmes secret)", "25-29")
