"""The stress gallery: the example briefs and stress variants, built in every style, as PNG pages to look at.

    python bench/gallery.py [--out build/gallery] [--dpi 70]

Writes OUT/briefs/*.yaml (the stress variants), OUT/STYLE/*.pdf and OUT/STYLE/png/NAME-N.png, and
prints each PDF's page count. Look at every page after a change to a style or a template.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = (ROOT / "briefs" / "london-violent-crime.yaml", ROOT / "tests" / "data" / "every-key.yaml")
IMAGES = ROOT / "tests" / "data" / "images"
STYLES = ("default", "parliamentary", str(ROOT / "styles" / "committee"))
WORDS = (
    "The service reaches more people when it opens at the times they can come, and costs less per visit "
    "when it shares staff across sites; the evidence from the pilot areas points the same way."
)


def base(title: str) -> dict[str, Any]:
    """A small valid brief to grow a stress variant from."""
    return {
        "briefgen": 1,
        "title": title,
        "authors": [{"name": "A. Author", "role": "Policy adviser"}],
        "date": "2025-02-14",
        "status": "draft",
        "summary": f"{WORDS} Spending is {{spend}} [@report].",
        "problem": f"{WORDS}\n\n{WORDS}",
        "figures": {"spend": {"label": "Spending per branch", "value": 398500, "unit": "GBP", "source": "report"}},
        "sources": {"report": {"title": "Annual report 2024", "publisher": "Borough Council", "date": "2024"}},
        "options": [{"id": "carry_on", "title": "Carry on", "summary": "No change."}],
    }


def long_titles() -> dict[str, Any]:
    """Long titles, a long marking and a long reference: the running furniture must stay on one line."""
    brief = base(
        "A very long title for a briefing paper on the opening hours of branch libraries across the borough "
        "and what they cost: the case for Sunday opening"
    )
    brief.update(
        subtitle="A subtitle that is itself long enough to wrap onto a second line of the masthead",
        marking="OFFICIAL-SENSITIVE: not for circulation beyond the committee",
        reference="COMMITTEE-PAPER-2025-03-LIBRARIES-SUNDAY",
        organisation="The Example Policy Unit for Municipal Services",
    )
    brief["recommendation"] = {"options": ["carry_on"], "text": WORDS}
    return brief


def many_options(count: int = 8, criteria: int = 9) -> dict[str, Any]:
    """Eight options rated on nine criteria: the matrix is turned round past six criteria."""
    brief = base("Eight ways to open on Sundays")
    brief["criteria"] = [{"id": f"c{i}", "label": f"Criterion number {i + 1}"} for i in range(criteria)]
    ratings = ("good", "fair", "poor")
    brief["options"] = [
        {
            "id": f"o{n}",
            "title": f"Option title number {n + 1}",
            "summary": WORDS,
            "pros": ["Reaches more people.", "Uses staff already employed."],
            "cons": ["Costs more in the first year.", "Needs new rotas."],
            "ratings": {f"c{i}": ratings[(n + i) % 3] for i in range(criteria)},
        }
        for n in range(count)
    ]
    brief["recommendation"] = {"options": ["o1", "o4"], "text": f"{WORDS}\n\n{WORDS}"}
    return brief


def many_figures(count: int = 40) -> dict[str, Any]:
    """Forty figures, six of them key figures, from three sources."""
    brief = base("Forty figures on branch libraries")
    sources = {
        f"s{i}": {"title": f"Library statistics, table {i + 1}", "publisher": "Borough Council"} for i in range(3)
    }
    brief["sources"].update(sources)
    figures = {
        f"f{i}": {
            "label": f"Visits to branch number {i + 1}",
            "value": 1000 * (i + 3) + 17 * i,
            "unit": "visits",
            "source": f"s{i % 3}",
            "as_of": "2024",
            "key": i < 6,
        }
        for i in range(count)
    }
    figures["total"] = {"label": "Visits to the first two branches", "formula": "f0 + f1", "unit": "visits"}
    brief["figures"].update(figures)
    brief["background"] = " ".join(f"One branch had {{f{i}}}." for i in range(count)) + " Together {total}."
    brief["charts"] = [  # a bar chart no field places: it follows the background, its labels without the title's words
        {
            "id": "branches",
            "title": "Visits to each branch, 2024",
            "kind": "bar",
            "figures": [f"f{i}" for i in range(6)],
            "alt": "Visits rose with each branch number, from {f0} to {f5}.",
        }
    ]
    return brief


def line_chart() -> dict[str, Any]:
    """A twelve-point line chart of four series: direct labels, dashes and markers, a zero baseline."""
    brief = base("Visits by month at four branches")
    months = [f"2024-{m:02d}" for m in range(1, 13)]
    for k, name in enumerate(("Central", "North", "South", "East")):
        brief["figures"][f"b{k}"] = {
            "label": f"{name} branch visits",
            "series": {m: 9000 + 800 * k + 150 * i * (k + 1) for i, m in enumerate(months)},
            "unit": "visits",
            "source": "report",
        }
    brief["charts"] = [
        {
            "id": "months",
            "title": "Visits a month at four branches, 2024",
            "kind": "line",
            "figures": ["b0", "b1", "b2", "b3"],
            "alt": "Visits rose at all four branches through 2024.",
            "caption": "Door counts.",
        }
    ]
    brief["background"] = f"{WORDS}\n\n{{chart:months}}\n\n{WORDS}\n\n{WORDS}"
    return brief


def bare() -> dict[str, Any]:
    """A brief with no optional section at all."""
    brief = base("A brief with nothing optional")
    brief["summary"] = "A summary."
    brief["problem"] = "A problem."
    brief["figures"], brief["sources"] = {}, {}
    return brief


VARIANTS = {
    "stress-long-titles": long_titles,
    "stress-8-options-9-criteria": many_options,
    "stress-40-figures": many_figures,
    "stress-line-chart": line_chart,
    "stress-bare": bare,
}


def write_briefs(folder: Path) -> list[Path]:
    """The examples and the stress variants, written into one folder."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(IMAGES, folder / "images", dirs_exist_ok=True)
    paths = []
    for example in EXAMPLES:
        paths.append(folder / example.name)
        shutil.copyfile(example, paths[-1])
    for name, make in VARIANTS.items():
        paths.append(folder / f"{name}.yaml")
        paths[-1].write_text(yaml.safe_dump(make(), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return paths


def main() -> int:
    """Build the gallery and print each PDF's page count."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "gallery")
    parser.add_argument("--dpi", type=int, default=70)
    args = parser.parse_args()
    briefs = write_briefs(args.out / "briefs")
    for style in STYLES:
        out = args.out / Path(style).name
        command = [sys.executable, "-m", "briefgen", "build", *map(str, briefs), "-o", str(out)]
        subprocess.run([*command, "--style", style, "--to", "pdf", "--no-cache", "-q"], check=False, cwd=ROOT)
        (out / "png").mkdir(exist_ok=True)
        for pdf in sorted(out.glob("*.pdf")):
            subprocess.run(["pdftoppm", "-png", "-r", str(args.dpi), str(pdf), str(out / "png" / pdf.stem)], check=True)
            pages = len(list((out / "png").glob(f"{pdf.stem}-*.png")))
            print(f"{Path(style).name:14} {pdf.stem:32} {pages} pages")
    print(f"PNG pages are in {args.out}/<style>/png/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
