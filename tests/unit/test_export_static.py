"""Static exports: each format is what it claims, Arabic renders, hostile text stays text."""

from __future__ import annotations

import io
import shutil
import subprocess
import warnings
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from PIL import Image, ImageChops

from map_layers.caption import caption_lines, date_lines, julian_text
from map_layers.events import read_events
from map_layers.export.static import nice_scale, render_snapshot, source_domains
from map_layers.i18n import format_day
from map_layers.legend import legend_entries
from map_layers.timeslice import slice_day
from tests.conftest import event_row, events_csv

BBOX = (118.0, 36.0, 126.0, 42.0)
DAY = date(1904, 5, 5)
HOSTILE = "<script>alert(1)</script>"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def day_slice(tiny_geodata, tiny_events):
    return slice_day(tiny_geodata, tiny_events, DAY)


def svg_text(document: bytes) -> str:
    root = ET.fromstring(document)
    return " ".join("".join(node.itertext()) for node in root.iter(f"{SVG}text"))


def test_png_has_signature_and_requested_size(day_slice, tiny_geodata):
    png = render_snapshot(day_slice, tiny_geodata, lang="en", bbox=BBOX, fmt="png", size=(800, 500))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.size == (800, 500)


def test_svg_parses_and_holds_the_date(day_slice, tiny_geodata):
    svg = render_snapshot(
        day_slice, tiny_geodata, lang="en", bbox=BBOX, fmt="svg", permalink="http://x/?date=1904-05-05"
    )
    text = svg_text(svg)
    heading, _ = date_lines(DAY, "en")
    assert heading in text
    assert "Legend" in text and "http://x/?date=1904-05-05" in text


def test_pdf_has_one_page(day_slice, tiny_geodata, tmp_path):
    pdf = render_snapshot(day_slice, tiny_geodata, lang="en", bbox=BBOX, fmt="pdf")
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page>") >= 1
    # poppler's pdftoppm is a test requirement (tools/setup.sh --test installs poppler-utils)
    assert shutil.which("pdftoppm"), "pdftoppm not found: install poppler-utils (bash tools/setup.sh --test)"
    (tmp_path / "map.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "20", str(tmp_path / "map.pdf"), str(tmp_path / "page")], check=True)
    (page,) = tmp_path.glob("page*.png")
    with Image.open(page) as image:
        lightest, darkest = image.convert("L").getextrema()
    assert darkest - lightest > 100  # a page with a drawing on it, not a blank one


def test_arabic_text_is_kept_verbatim_in_svg(day_slice, tiny_geodata):
    svg = render_snapshot(day_slice, tiny_geodata, lang="ar", bbox=BBOX, fmt="svg")
    text = svg_text(svg)
    assert format_day(DAY, "ar") in text
    assert "دليل الخريطة" in text  # "Legend"
    legend = next(node for node in ET.fromstring(svg).iter(f"{SVG}text") if "دليل الخريطة" in "".join(node.itertext()))
    assert "text-anchor: end" in legend.get("style", "")  # the Arabic margin is right-aligned


def test_arabic_png_draws_arabic_glyphs(day_slice, tiny_geodata):
    """Two titles of five different Arabic letters each must look different, top right.

    Without a font that has Arabic glyphs, matplotlib draws one box per letter (and warns):
    both titles would then be the same five boxes, pixel for pixel.
    """

    def render(title: str) -> Image.Image:
        png = render_snapshot(day_slice, tiny_geodata, lang="ar", bbox=BBOX, fmt="png", size=(640, 400), title=title)
        return Image.open(io.BytesIO(png)).convert("RGB")

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        war, peace = render("الحرب"), render("السلم")
    assert war.size == (640, 400)
    assert not [w for w in caught if "missing from font" in str(w.message)]
    changed = ImageChops.difference(war, peace).getbbox()
    assert changed is not None, "the titles rendered alike: Arabic letters drawn as boxes"
    left, _, _, bottom = changed
    assert left > 640 / 2 and bottom < 400 / 5  # the title, right-aligned at the top (right to left)


def test_hostile_csv_text_is_literal_in_svg(tiny_geodata):
    table = read_events(events_csv(event_row(id="evil", start="1904-05-05", title_en=HOSTILE, source=HOSTILE)))
    assert table.ok, table.problems
    piece = slice_day(tiny_geodata, table.events, DAY)
    svg = render_snapshot(piece, tiny_geodata, lang="en", bbox=BBOX, fmt="svg", title=HOSTILE)
    root = ET.fromstring(svg)
    assert not [node for node in root.iter() if node.tag.endswith("script")]
    assert HOSTILE in svg_text(svg)
    assert b"&lt;script&gt;" in svg


def test_dollar_signs_in_titles_are_text_not_mathtext(tiny_geodata):
    title = r"Loan of $5 million, \frac{bad$"  # two dollars: mathtext would fail on this and abort the export
    table = read_events(events_csv(event_row(id="loan", start="1904-05-05", title_en=title)))
    piece = slice_day(tiny_geodata, table.events, DAY)
    svg = render_snapshot(piece, tiny_geodata, lang="en", bbox=BBOX, fmt="svg", title=title)
    assert title in svg_text(svg)
    png = render_snapshot(piece, tiny_geodata, lang="en", bbox=BBOX, fmt="png")
    assert png.startswith(b"\x89PNG")


def test_unknown_format_and_bad_bbox_are_refused(day_slice, tiny_geodata):
    with pytest.raises(ValueError, match="format"):
        render_snapshot(day_slice, tiny_geodata, lang="en", bbox=BBOX, fmt="jpeg")
    with pytest.raises(ValueError, match="bbox"):
        render_snapshot(day_slice, tiny_geodata, lang="en", bbox=(126, 36, 118, 42), fmt="png")


def test_legend_names_every_symbol_kind_shown(day_slice):
    kinds = {entry.kind for entry in legend_entries(day_slice, "en")}
    assert {"territory", "railway", "head", "event", "event_state", "side"} <= kinds
    texts = " ".join(entry.text for entry in legend_entries(day_slice, "en"))
    assert "Siege" in texts and "Battle" in texts


def test_margin_texts(day_slice):
    lines = caption_lines(day_slice, "en")
    assert lines[0] == "Under way: Battle X"  # the siege; the one-day battle of 1 May is fading
    assert any(line.startswith("On the move: First Army") for line in lines)
    assert julian_text(date(1904, 5, 5), "en").endswith(format_day(date(1904, 4, 22), "en"))
    assert "29" in julian_text(date(1900, 3, 13), "en")  # 29 Feb 1900 exists only in the Julian calendar
    assert "Meiji 37" in date_lines(DAY, "en")[1]
    assert source_domains(day_slice.events) == ["example.org"]


def test_scale_bar_is_round_and_about_a_fifth_of_the_width():
    km, length, lat = nice_scale((118.0, 36.0, 126.0, 42.0))
    assert km in (50, 100, 200)
    assert 0.5 < length < 8 * 0.2 + 1e-9
    assert lat == 39.0
