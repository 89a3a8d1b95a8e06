"""Static exports draw an army's legs carried by sea dotted and lighter, its marches as before."""

from __future__ import annotations

import json
from datetime import date

from map_layers import style
from map_layers.export import figure
from map_layers.export.static import render_snapshot
from map_layers.geodata import load_geodata
from map_layers.timeslice import slice_day


def test_sea_legs_are_drawn_in_the_sea_style_and_marches_in_the_march_style(tiny_geodata_dir, tiny_events, monkeypatch):
    path = tiny_geodata_dir / "movements.geojson"
    movements = json.loads(path.read_text(encoding="utf-8"))
    movements["features"][0]["properties"]["modes"] = ["sea", "land"]  # army_1: (120,38)->(121,38) by sea
    path.write_text(json.dumps(movements), encoding="utf-8")
    geo = load_geodata(tiny_geodata_dir)
    drawn: list[tuple[dict, list]] = []
    original = figure.MapFigure._add_lines

    def record(self, parts, look, layer):
        if layer == "tracks":
            drawn.append((look, [part.tolist() for part in parts]))
        return original(self, parts, look, layer)

    monkeypatch.setattr(figure.MapFigure, "_add_lines", record)
    day_slice = slice_day(geo, tiny_events, date(1904, 5, 21))
    render_snapshot(day_slice, geo, lang="ar", bbox=(118.0, 36.0, 126.0, 42.0), fmt="png")
    looks = [look for look, _ in drawn]
    assert looks == [style.sea_leg_style("japan", False), style.movement_style("japan", False)]
    sea_part, land_part = (parts[0] for _, parts in drawn)
    assert len(sea_part) == 2 and len(land_part) == 2 and sea_part[-1] == land_part[0]  # joined at the landing
    # Before the landing only the sea leg is travelled; a fleet is never marked (all its legs are at sea).
    drawn.clear()
    render_snapshot(slice_day(geo, tiny_events, date(1904, 5, 6)), geo, lang="en", bbox=(118, 36, 126, 42), fmt="png")
    assert [look for look, _ in drawn] == [style.sea_leg_style("japan", False)]
