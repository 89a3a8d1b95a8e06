"""Event popups say what their figures measure and give the note in the reader's language."""

from __future__ import annotations

from map_layers.popups import event_popup, figure_label


def _row(**values):
    row = {
        "id": "battle_x",
        "kind": "battle",
        "title_en": "Battle X",
        "title_ar": "معركة إكس",
        "summary_en": "Something happened.",
        "summary_ar": "حدث شيء ما.",
        "start": "1904-08-25",
        "end": "1904-09-04",
        "source": "https://example.org/x",
    }
    row.update(values)
    return row


def test_figures_are_labelled_by_their_basis_in_both_languages():
    row = _row(strength_japan=125000, strength_russia=158000, strength_basis="combatants")
    row.update(casualties_japan=22922, casualties_russia=19112, casualties_basis="killed_wounded_missing")
    english = event_popup(row, "en")
    assert "<b>Men engaged:</b> Japan 125,000 · Russia 158,000" in english
    assert "<b>Casualties (killed, wounded, missing or captured):</b>" in english
    assert "<b>عدد المقاتلين في المعركة:</b>" in event_popup(row, "ar")


def test_a_csv_without_a_basis_keeps_the_plain_labels():
    assert "<b>Strength:</b>" in event_popup(_row(strength_japan=1000), "en")
    assert figure_label("casualties", "no-such-basis", "ar") == "الخسائر"


def test_the_note_is_in_the_popup_language_only():
    row = _row(note="Sources <differ>.", note_ar="تختلف المصادر <هنا>.")
    assert "Sources &lt;differ&gt;." in event_popup(row, "en")
    arabic = event_popup(row, "ar")
    assert "تختلف المصادر &lt;هنا&gt;." in arabic and "Sources" not in arabic
    # No English fallback in an Arabic popup (issue 18: nothing English in the Arabic page).
    assert "Sources" not in event_popup(_row(note="Sources <differ>."), "ar")
