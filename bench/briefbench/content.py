"""Benchmark briefs, generated from the repository's own briefs."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
EVERY_KEY = ROOT / "tests" / "data" / "every-key.yaml"
LONDON = ROOT / "briefs" / "london-violent-crime.yaml"
SEEDS = {"every-key": EVERY_KEY, "london": LONDON}
CORE_FIGURES = (
    "london_population",
    "glasgow_population",
    "population_ratio",
    "borough_officer_cut",
    "mopac_budget_increase",
)
CHART_REF = re.compile(r"(?<!\{)\{chart:[^{}]*\}(?!\})")
OPTION_REF = re.compile(r"(?<!\{)\{option:[^{}]*\}(?!\})")

Brief = dict[str, Any]


class _Dumper(yaml.SafeDumper):
    """Safe dumper that writes multi-line strings as literal blocks."""


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    """Literal block style for multi-line strings, the default otherwise."""
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)


def load(path: Path) -> Brief:
    """A brief parsed with PyYAML's safe loader."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _map_strings(value: Any, change: Any) -> Any:
    """Apply `change` to every string inside nested dicts and lists."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, dict):
        return {k: _map_strings(v, change) for k, v in value.items()}
    if isinstance(value, list):
        return [_map_strings(v, change) for v in value]
    return value


def _drop_chart_refs(text: str) -> str:
    """Remove {chart:id} placements and the blank lines they leave."""
    return re.sub(r"\n{3,}", "\n\n", CHART_REF.sub("", text)).strip("\n") + ("\n" if "\n" in text else "")


def without_charts(brief: Brief) -> Brief:
    """The same brief with no `charts:` and no {chart:...} placements."""
    bare = {k: v for k, v in brief.items() if k != "charts"}
    return _map_strings(bare, _drop_chart_refs)


def retitled(brief: Brief, title: str) -> Brief:
    """The brief with another title."""
    return {**brief, "title": title}


def write(brief: Brief, path: Path, seed: Path) -> Path:
    """Write a brief as YAML, with the seed's images folder beside it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(brief, Dumper=_Dumper, sort_keys=False, allow_unicode=True), encoding="utf-8")
    copy_images(seed.parent, path.parent)
    return path


def copy_images(source: Path, target: Path) -> None:
    """Copy a seed's images/ folder (as writable files) when it has one."""
    images = source / "images"
    if images.is_dir() and not (target / "images").exists():
        shutil.copytree(images, target / "images", copy_function=shutil.copyfile)


def variants() -> dict[str, tuple[Brief, Path]]:
    """Each seed with and without charts: name -> (brief, seed path)."""
    found = {}
    for name, path in SEEDS.items():
        brief = load(path)
        found[name] = (brief, path)
        found[f"{name}-nocharts"] = (without_charts(brief), path)
    return found


def folder(target: Path, count: int) -> Path:
    """`count` chart-free briefs, alternating the two seeds, each with its own title."""
    seeds = [(without_charts(load(path)), path) for path in SEEDS.values()]
    for i in range(count):
        brief, seed = seeds[i % len(seeds)]
        write(retitled(brief, f"{brief['title']} (no. {i + 1})"), target / f"brief-{i + 1:03d}.yaml", seed)
    return target


def core() -> Brief:
    """About one page: London's chart-free brief cut to one unrated option, five figures, no annex."""
    brief = without_charts(load(LONDON))
    for key in ("background", "annex", "key_points", "recommendation", "criteria"):
        brief.pop(key, None)
    brief["options"] = [{k: v for k, v in brief["options"][0].items() if k != "ratings"}]
    brief["figures"] = {k: v for k, v in brief["figures"].items() if k in CORE_FIGURES}
    return brief


def grown(units: int) -> Brief:
    """The core brief plus `units` repeats of an option, a figure and an annex section."""
    london = without_charts(load(LONDON))
    brief = core()
    if units:
        brief["figures"], brief["criteria"] = dict(london["figures"]), london["criteria"]
    parts = []
    for i in range(units):
        option = copy.deepcopy(london["options"][i % len(london["options"])])
        option = _map_strings(option, lambda s: OPTION_REF.sub("another option", s))
        option["id"] = f"{option['id']}_{i + 1}"
        option["title"] = f"{option['title']}, variant {i + 1}"
        brief["options"].append(option)
        brief["figures"][f"extra_{i + 1}"] = {
            "label": f"Extra officers in part {i + 1}",
            "value": 100 * (i + 1),
            "unit": "officers",
            "source": "hall-oped",
        }
        parts.append(f"## Part {i + 1}\n\n{london['background'].strip()}\n\nThis part adds {{extra_{i + 1}}}.\n")
    if parts:
        brief["annex"] = "\n".join(parts)
    return brief


def units_for(pages: int, base_pages: int, probe_units: int, probe_pages: int) -> int:
    """Units of growth expected to give `pages`, from two calibration builds."""
    per_unit = max(probe_pages - base_pages, 1) / probe_units
    return max(0, round((pages - base_pages) / per_unit))
