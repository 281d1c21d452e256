"""Mutated briefs: the builder only ever raises its own error type, never anything else."""
from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.errors import BriefError
from briefgen.load import load_bytes
from briefgen.render import render_markdown
from briefgen.validate import check
from conftest import EVERY_KEY, EXAMPLE

SEEDS = [EVERY_KEY.read_text(encoding="utf-8"), EXAMPLE.read_text(encoding="utf-8")]
JUNK = st.sampled_from(["", "~", "[]", "{}", "- x", "1e999", ".nan", "!!str x", "*a", "&a x", "'", '"', "{x}",
                        "{chart:x}", "[@x]", "[^1]", "0x1F", "2019-02-30", "yes", "::", "\t", "\x00", "é", "{{",
                        "|", ">", "%YAML 1.1", "---", "...", "? x", "<script>", "![](../x)", "\\", "#"])


def build(text: str | bytes) -> None:
    """Run the whole pipeline to Markdown; BriefError is the only allowed failure."""
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    try:
        checked = check(load_bytes(raw, "fuzz.yaml", Path("/nonexistent/fuzz.yaml")))
    except BriefError:
        return
    if not checked.errors:
        render_markdown(checked)


def mutate_tree(data: object, draw: st.DrawFn) -> object:
    """Drop keys, swap types or insert junk somewhere in a parsed brief."""
    if isinstance(data, dict) and data:
        key = draw(st.sampled_from(sorted(map(str, data))))
        action = draw(st.sampled_from(["drop", "swap", "deeper", "junk"]))
        copy = dict(data)
        if action == "drop":
            copy.pop(key)
        elif action == "swap":
            copy[key] = draw(st.sampled_from([[], {}, 1, "text", None, True, 1.5, [1, "x"]]))
        elif action == "junk":
            copy[draw(st.text(min_size=1, max_size=8))] = draw(st.text(max_size=20))
        else:
            copy[key] = mutate_tree(copy[key], draw)
        return copy
    if isinstance(data, list) and data:
        index = draw(st.integers(0, len(data) - 1))
        copy = list(data)
        copy[index] = mutate_tree(copy[index], draw)
        return copy
    return draw(st.sampled_from([None, 0, -1, "", "x", "{nope}", [], {}]))


FAST = settings(max_examples=int(__import__("os").environ.get("BRIEFGEN_FUZZ_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(seed=st.sampled_from(SEEDS), data=st.data())
def test_tree_mutations(seed: str, data: st.DataObject) -> None:
    tree = yaml.safe_load(seed)
    build(yaml.safe_dump(mutate_tree(tree, data.draw), allow_unicode=True))


@FAST
@given(seed=st.sampled_from(SEEDS), cut=st.floats(0, 1))
def test_truncated_anywhere(seed: str, cut: float) -> None:
    build(seed[: int(len(seed) * cut)])


@FAST
@given(seed=st.sampled_from(SEEDS), where=st.floats(0, 1), junk=JUNK)
def test_junk_inserted_anywhere(seed: str, where: float, junk: str) -> None:
    at = int(len(seed) * where)
    build(seed[:at] + junk + seed[at:])


@FAST
@given(raw=st.binary(max_size=200))
def test_arbitrary_bytes(raw: bytes) -> None:
    build(raw)
