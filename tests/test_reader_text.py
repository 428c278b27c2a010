"""The text reader: a block per line, renderers' list and heading markers off the text."""

from __future__ import annotations

from cleaner.readers.text import read_text

PROSE = (
    "The council voted on Tuesday to extend the library's opening hours through the winter, "
    "after residents collected more than two thousand signatures in support."
)


def _blocks(text: str) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in read_text(text).blocks]


def test_markers_come_off_and_make_items() -> None:
    assert _blocks("* Apples\n  o Pears\n3. Plums\n## Fruit") == [
        ("item", "Apples"),
        ("item", "Pears"),
        ("item", "Plums"),
        ("heading", "Fruit"),
    ]


def test_stacked_and_deeply_indented_markers_come_off_as_the_output_reads_again() -> None:
    raw = "• 1. Step one\n" + " " * 60 + "2. Step two\n- # Step three"
    first = _blocks(raw)
    assert first == [("item", "Step one"), ("item", "Step two"), ("item", "Step three")]
    again = [text for _, text in _blocks("\n".join(text for _, text in first))]
    assert again == ["Step one", "Step two", "Step three"]


def test_a_bulleted_copy_of_a_heading_names_the_title() -> None:
    doc = read_text(f"- Opening hours extended\nMenu\nOpening hours extended\n{PROSE}")
    assert doc.metadata.title == "Opening hours extended"
