from datetime import date

from map_layers.charts import figures_chart, timeline_chart


def test_timeline_has_every_event_and_a_rule_that_moves_by_month(tiny_events):
    spec = timeline_chart(tiny_events, date(1904, 5, 6), "en")
    rule = spec["layer"][-1]
    assert rule["mark"]["type"] == "rule" and rule["data"]["values"] == [{"day": "1904-05-01"}]
    assert timeline_chart(tiny_events, date(1904, 5, 30), "en") == spec  # same month: same chart
    assert timeline_chart(tiny_events, date(1904, 6, 1), "en") != spec
    datasets = spec["datasets"].values()
    assert sorted(row["id"] for rows in datasets for row in rows if "id" in row) == sorted(tiny_events["id"])
    assert spec["params"][0]["name"] == "pick"


def test_figures_chart_only_for_events_with_figures(tiny_events):
    row = tiny_events.iloc[0].copy()
    assert figures_chart(row, "en") is None
    row["strength_japan"], row["casualties_russia"] = 1200, 340
    chart = figures_chart(row, "ar").to_dict()
    values = next(iter(chart["datasets"].values()))
    assert {v["side"] for v in values} == {"اليابان", "روسيا"}


def test_figures_chart_names_what_the_figures_measure(tiny_events):
    row = tiny_events.iloc[0].copy()
    row["strength_russia"], row["strength_basis"] = 158000, "combatants"
    row["casualties_japan"], row["casualties_basis"] = 3451, "killed_captured"
    values = next(iter(figures_chart(row, "en").to_dict()["datasets"].values()))
    assert {v["measure"] for v in values} == {"Men engaged", "Losses (killed and captured)"}
    values = next(iter(figures_chart(row, "ar").to_dict()["datasets"].values()))
    assert {v["measure"] for v in values} == {"عدد المقاتلين في المعركة", "الخسائر (قتلى وأسرى)"}
