"""The URL state of the map (``date``, ``lang``, ``layers``, ``view``, ``presenter``), parsed safely.

A bad parameter never breaks the page: it is replaced by its default and
reported as a short notice naming the parameter and what was expected.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from map_layers.events import FIRST_DAY, LAST_DAY
from map_layers.i18n import LANGS
from map_layers.mercator import view_bbox
from map_layers.timeslice import LAYERS

DEFAULT_DAY = date(1904, 2, 9)
MAX_PARAM = 200


@dataclass(frozen=True)
class View:
    """A map view as Leaflet states it: centre and zoom level."""

    lat: float
    lon: float
    zoom: int

    def bbox(self, width_px: int, height_px: int) -> tuple[float, float, float, float]:
        """The (west, south, east, north) a Web Mercator map of that many pixels shows."""
        return view_bbox(self.lat, self.lon, self.zoom, width_px, height_px)  # type: ignore[return-value]


@dataclass(frozen=True)
class MapState:
    """What a permalink restores."""

    day: date = DEFAULT_DAY
    lang: str = "en"
    layers: frozenset[str] = field(default_factory=lambda: frozenset(LAYERS))
    view: View | None = None
    presenter: bool = False


@dataclass(frozen=True)
class ParamProblem:
    name: str
    problem: str

    def __str__(self) -> str:
        return f"{self.name}: {self.problem}"


def parse_day(text: str) -> date:
    """A day within the map's period, or ``ValueError`` saying what is expected."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text[:30]!r} is not a date; expected YYYY-MM-DD") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{day} is outside {FIRST_DAY} to {LAST_DAY}")
    return day


def _parse_layers(text: str) -> frozenset[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in LAYERS]
    if unknown:
        shown = ", ".join(repr(n[:20]) for n in unknown[:3])
        raise ValueError(f"unknown layer {shown}; expected some of {', '.join(LAYERS)}")
    return frozenset(names)


def _parse_view(text: str) -> View:
    parts = text.split(",")
    if len(parts) != 3:
        raise ValueError("expected lat,lon,zoom, e.g. 39.5,125.0,5")
    try:
        lat, lon, zoom = float(parts[0]), float(parts[1]), float(parts[2])
    except ValueError:
        raise ValueError("expected three numbers lat,lon,zoom") from None
    if not (all(math.isfinite(v) for v in (lat, lon, zoom)) and -85 <= lat <= 85 and -180 <= lon <= 180):
        raise ValueError("lat must be within -85..85 and lon within -180..180")
    if not 2 <= zoom <= 10:
        raise ValueError("zoom must be within 2..10")
    return View(round(lat, 4), round(lon, 4), int(zoom))


def parse_params(params: Mapping[str, str | list[str]]) -> tuple[MapState, list[ParamProblem]]:
    """The state in ``params`` (e.g. ``st.query_params``) and the problems found."""
    state, problems = MapState(), []

    def value(name: str) -> str | None:
        raw = params.get(name)
        if isinstance(raw, list):
            raw = raw[-1] if raw else None
        return None if raw is None else str(raw)

    parsers: dict[str, tuple[str, Callable[[str], Any]]] = {
        "date": ("day", parse_day),
        "lang": ("lang", lambda v: _choice(v, LANGS)),
        "layers": ("layers", _parse_layers),
        "view": ("view", _parse_view),
        "presenter": ("presenter", _parse_flag),
    }
    for name, (attribute, parser) in parsers.items():
        text = value(name)
        if text is None:
            continue
        if len(text) > MAX_PARAM:
            problems.append(ParamProblem(name, f"value is {len(text)} characters long; ignored"))
            continue
        try:
            state = replace(state, **{attribute: parser(text.strip())})
        except ValueError as error:
            problems.append(ParamProblem(name, str(error)))
    return state, problems


def _parse_flag(text: str) -> bool:
    if text not in ("0", "1"):
        raise ValueError(f"{text[:20]!r} is not 0 or 1")
    return text == "1"


def _choice(text: str, allowed: tuple[str, ...]) -> str:
    if text not in allowed:
        raise ValueError(f"{text[:20]!r} is not one of {', '.join(allowed)}")
    return text


def to_params(state: MapState) -> dict[str, str]:
    """The query parameters that reopen ``state``."""
    params = {"date": state.day.isoformat(), "lang": state.lang}
    if state.layers != frozenset(LAYERS):
        params["layers"] = ",".join(name for name in LAYERS if name in state.layers)
    if state.view is not None:
        params["view"] = f"{state.view.lat},{state.view.lon},{state.view.zoom}"
    if state.presenter:
        params["presenter"] = "1"
    return params


def permalink_url(base_url: str, state: MapState) -> str:
    """The address that reopens ``state`` on the app at ``base_url``."""
    query = "&".join(f"{name}={value}" for name, value in to_params(state).items())
    return f"{base_url}?{query}"
