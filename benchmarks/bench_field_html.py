"""Anki field HTML to Markdown on hostile fields: the time grows with the field, not its square.

Each of these fields once took minutes, while a part of the conversion
(Python's HTML parser rescanning from an unfinished tag, beautifulsoup4 on
unclosed `<br>`s, unclosed sounds and formulas) was quadratic. Each is
converted at half size (the baseline) and at full size, in the same run:
a linear conversion takes about 2x as long for twice the text, a quadratic
one 4x. Target: at most 2.5x for each.

Run: `make bench` or `cd benchmarks && ../.venv/bin/python bench_field_html.py`.
"""

from __future__ import annotations

import time

from endoquiz.anki.field_html import field_markdown

# (name, a piece of HTML, how many times the full-size field repeats it)
FIELDS = (
    (
        "lines",
        '<div><b>Bold</b> &amp; <i>it</i> <span style="color:red">r</span><br></div>',
        12_000,
    ),
    ("breaks", "<br>", 150_000),
    ("open comments", "<!--", 500_000),
    ("open tags", "<b", 500_000),
    ("open sounds", "[sound:", 300_000),
    ("open formulas", "\\(", 1_000_000),
    ("open quotes", '<img alt="', 200_000),
    ("deep lists", "<ul><li>", 100_000),
)
TARGET = 2.5


def seconds(html: str) -> float:
    """The best of three conversions of `html`."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        field_markdown(html)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    print("field HTML -> Markdown, half size (baseline) and full size, best of 3")
    for name, piece, times in FIELDS:
        half, full = seconds(piece * (times // 2)), seconds(piece * times)
        ratio = full / half
        verdict = "met" if ratio <= TARGET else "NOT met"
        print(
            f"  {name:14} {len(piece) * times / 1e6:5.2f} MB  {half * 1000:8.1f} ms -> "
            f"{full * 1000:8.1f} ms  ratio {ratio:.2f}x  (target <= {TARGET}x: {verdict})"
        )


if __name__ == "__main__":
    main()
