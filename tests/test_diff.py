"""Semantic diffs of two versions of a brief, and the `briefgen diff` command over git history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefgen.brief.check import Checked, check
from briefgen.brief.load import load_bytes
from briefgen.diff.changes import BriefDiff
from briefgen.diff.compare import diff_briefs
from briefgen.diff.markdown_report import to_markdown
from briefgen.diff.text_report import to_json, to_text
from briefgen.diff.word_diff import word_diff
from helpers import EVERY_KEY, run
from test_git import Repo, git_env  # noqa: F401  (git_env: isolates git from the user's configuration)

BASE = """\
briefgen: 1
title: Sunday opening for libraries
authors: [A. Author]
date: 2025-02-14
summary: Opening on Sundays would add {sunday_visits} a year for {sunday_cost}, a modest sum for the council.
key_points:
  - Visits have grown for three years.
  - Costs are modest.
problem: Half of the branches close at weekends, when most working residents are free.
background: Libraries are run by the borough and share one catalogue across all of the branches in the area.
figures:
  sunday_visits: {label: Extra visits a year, value: 150000, unit: visits, source: survey}
  sunday_cost: {label: Yearly cost, value: 1200000, unit: GBP, source: report}
  cost_per_visit: {label: Cost per extra visit, formula: sunday_cost / sunday_visits, unit: GBP, decimals: 2, check: "< 10"}
  volunteer_cost: {label: Volunteer cost, value: 350000, unit: GBP, scale: none, source: survey}
sources:
  report: {title: Annual report}
  survey: {title: Residents' survey}
criteria:
  - {id: cost, label: Cost}
  - {id: reach, label: Reach}
options:
  - id: status_quo
    title: Stay closed
    summary: No change.
    ratings: {cost: good, reach: poor}
  - id: all_branches
    title: Open every branch
    summary: Staffed opening at all branches from noon to four.
    ratings: {cost: poor, reach: good}
  - id: volunteers
    title: Volunteer-led Sundays
    summary: Friends' groups open five branches.
    cost: volunteer_cost
    ratings: {cost: fair, reach: fair}
recommendation:
  options: [all_branches]
  text: Open every branch on Sundays from April.
annex: Visit counts come from door counters.
"""

NEW = """\
briefgen: 1
title: Sunday opening for libraries
authors: [A. Author]
date: 2025-03-01
status: review
summary: Opening on Sundays would add {sunday_visits} a year for {sunday_cost}, a large sum for the council.
key_points:
  - Visits have grown for three years.
  - Costs are higher than first thought.
  - Weekday evenings are an alternative.
problem: Half of the branches close at weekends, when most working residents are free.
background: Libraries are run by the council and share one catalogue across all of the branches in the area.
figures:
  sunday_visits: {label: Extra visits a year from Sunday opening, value: 150000, unit: visits, source: report, as_of: 2024}
  sunday_cost: {label: Yearly cost, value: 1600000, unit: GBP, source: report}
  cost_per_visit: {label: Cost per extra visit, formula: sunday_cost / sunday_visits, unit: GBP, decimals: 2, check: "< 10"}
  weekday_cost: {label: Weekday evening cost, value: 500000, unit: GBP, scale: none, source: survey}
sources:
  report: {title: Annual report}
  survey: {title: Residents' survey}
criteria:
  - {id: cost, label: Cost}
  - {id: reach, label: Reach}
options:
  - id: status_quo
    title: Stay closed on Sundays
    summary: No change.
    ratings: {cost: good, reach: poor}
  - id: all_branches
    title: Open every branch
    summary: Staffed opening at all branches from noon to five.
    ratings: {cost: {rating: poor, note: "{sunday_cost} a year"}, reach: fair}
  - id: weekday
    title: Open later on weekdays
    summary: Branches stay open until eight.
    cost: weekday_cost
    ratings: {cost: fair, reach: fair}
recommendation:
  options: [all_branches, weekday]
  text: Open every branch on Sundays from June.
annex: Visit counts come from door counters and the catalogue.
"""

EXPECTED_TEXT = """\
briefs/b.yaml: OLD → NEW
OLD: 0 errors; NEW: 1 error

Brief
  date: "2025-02-14" → "2025-03-01"
  status: "draft" → "review"

Figures
  ~ sunday_visits (Extra visits a year from Sunday opening): 150,000 visits
      label: "Extra visits a year" → "Extra visits a year from Sunday opening"
      source: "survey" → "report"
      as_of: (none) → "2024"
  ~ sunday_cost (Yearly cost): £1.2m → £1.6m
  ~ cost_per_visit (Cost per extra visit): £8.00 → £10.67
  + weekday_cost (Weekday evening cost): £500,000
  - volunteer_cost (Volunteer cost): £350,000

Checks
  now fails: check '< 10' fails: cost_per_visit is 10.666667

Options
  ~ status_quo: "Stay closed" → "Stay closed on Sundays"
  + weekday: "Open later on weekdays"
  - volunteers: "Volunteer-led Sundays"

Ratings
  all_branches / cost: poor (unchanged); note: (none) → "{sunday_cost} a year"
  all_branches / reach: good → fair

Recommendation
  options: all_branches → all_branches, weekday
  text: … on Sundays from [-April.-] {+June.+}

Text
  summary: … for {sunday_cost}, a [-modest-] {+large+} sum for the …
  key point 2: Costs are [-modest.-] {+higher than first thought.+}
  key point 3: {+Weekday evenings are an alternative.+}
  background: … run by the [-borough-] {+council+} and share one …
  annex: … come from door [-counters.-] {+counters and the catalogue.+}
  option all_branches summary: … from noon to [-four.-] {+five.+}"""


def checked(text: str, name: str = "briefs/b.yaml") -> Checked:
    """Load and check a brief from text."""
    return check(load_bytes(text.encode(), name))


def expected(old: str, new: str) -> str:
    """The representative diff's text with its side labels."""
    return EXPECTED_TEXT.replace("OLD", old).replace("NEW", new)


@pytest.fixture
def changed() -> BriefDiff:
    """The representative diff: every kind of change."""
    return diff_briefs(checked(BASE), checked(NEW), old_label="v1", new_label="v2")


def test_text_of_every_kind_of_change(changed: BriefDiff) -> None:
    assert to_text(changed, "briefs/b.yaml") == expected("v1", "v2")
    assert "\x1b[" not in to_text(changed, "briefs/b.yaml")


def test_colour_only_when_asked(changed: BriefDiff) -> None:
    coloured = to_text(changed, "briefs/b.yaml", color=True)
    assert "\x1b[31m[-April.-]\x1b[0m \x1b[32m{+June.+}\x1b[0m" in coloured


def test_markdown_has_headings_tables_and_escapes(changed: BriefDiff) -> None:
    md = to_markdown(changed, "briefs/b.yaml")
    lines = md.splitlines()
    assert lines[0] == "### Changes to briefs/b.yaml: v1 → v2"
    assert "v1: 0 errors · v2: 1 error" in lines
    assert (
        lines.index("#### Figures")
        < lines.index("#### Checks")
        < lines.index("#### Ratings")
        < lines.index("#### Text")
    )
    assert "| Change | Figure | Old | New | Also changed |" in lines
    assert "| changed | `sunday_cost` Yearly cost | £1.2m | £1.6m |  |" in lines
    assert "| added | `weekday_cost` Weekday evening cost |  | £500,000 |  |" in lines
    assert "| removed | `volunteer_cost` Volunteer cost | £350,000 |  |  |" in lines
    assert "| `all_branches` | `reach` | good | fair |  |" in lines
    assert '| `all_branches` | `cost` | poor | poor | (none) → "\\{sunday\\_cost\\} a year" |' in lines
    assert "- now fails: check '\\< 10' fails: cost\\_per\\_visit is 10.666667" in lines
    assert '- retitled `status_quo`: "Stay closed" → "Stay closed on Sundays"' in lines
    assert "- added `weekday`: Open later on weekdays" in lines
    assert "- removed `volunteers`: Volunteer-led Sundays" in lines
    assert "- options: all\\_branches → all\\_branches, weekday" in lines
    assert "- **summary**: … for \\{sunday\\_cost\\}, a ~~modest~~ **large** sum for the …" in lines
    assert "- **key point 3**: **Weekday evenings are an alternative.**" in lines


def test_json_is_stable_with_decimal_strings(changed: BriefDiff) -> None:
    text = to_json(changed)
    data = json.loads(text)
    assert text == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)
    assert (data["old_label"], data["new_label"], data["old_errors"], data["new_errors"]) == ("v1", "v2", 0, 1)
    assert data["empty"] is False
    cost = next(f for f in data["figures"] if f["id"] == "sunday_cost")
    assert cost == {
        "id": "sunday_cost",
        "status": "changed",
        "label": "Yearly cost",
        "old": "£1.2m",
        "new": "£1.6m",
        "old_value": "1200000",
        "new_value": "1600000",
        "fields": [],
    }
    assert next(f for f in data["figures"] if f["id"] == "cost_per_visit")["new_value"] == "10.666667"
    assert data["checks"] == [
        {
            "figure": "cost_per_visit",
            "check": "< 10",
            "status": "fails",
            "message": "check '< 10' fails: cost_per_visit is 10.666667",
        }
    ]
    assert [(o["id"], o["status"]) for o in data["options"]] == [
        ("status_quo", "retitled"),
        ("weekday", "added"),
        ("volunteers", "removed"),
    ]
    assert data["ratings"][1] == {
        "option": "all_branches",
        "criterion": "reach",
        "old": "good",
        "new": "fair",
        "old_note": None,
        "new_note": None,
    }
    assert data["recommendation"]["new_options"] == ["all_branches", "weekday"]
    assert data["texts"][0]["field"] == "summary"
    assert data["texts"][0]["diff"] == "… for {sunday_cost}, a [-modest-] {+large+} sum for the …"


def test_no_changes_in_substance() -> None:
    reflowed = BASE.replace("a modest sum for the council.", "a modest\n  sum   for the council.")
    same = diff_briefs(checked(BASE), checked(reflowed))
    assert same.empty
    assert to_text(same, "b.yaml") == "b.yaml: old → new\nold: 0 errors; new: 0 errors\nNo changes in substance"
    assert "No changes in substance" in to_markdown(same, "b.yaml")
    assert json.loads(to_json(same))["empty"] is True


def test_a_brief_that_did_not_exist() -> None:
    added = diff_briefs(None, checked(BASE))
    assert (added.old_errors, added.new_errors) == (None, 0)
    assert {f.status for f in added.figures} == {"added"} and len(added.figures) == 4
    assert [o.status for o in added.options] == ["added"] * 3
    text = to_text(added, "b.yaml")
    assert "old: no brief; new: 0 errors" in text
    assert (
        "  summary: {+Opening on Sundays would add {sunday_visits} a year for {sunday_cost}, a modest … (+4 words)+}"
        in text
    )
    removed = diff_briefs(checked(BASE), None)
    assert {f.status for f in removed.figures} == {"removed"} and removed.recommendation.new_options is None
    assert diff_briefs(None, None).empty


def test_both_sides_with_errors_use_the_partial_brief() -> None:
    old = BASE.replace("value: 150000, unit: visits", "value: true, unit: visits").replace(
        "title: Stay closed", "title: ["
    )
    new = BASE.replace("summary: No change.", "summary: No change to {nowhere}.")
    result = diff_briefs(checked(old.replace("title: [", "titel: x")), checked(new))
    assert (result.old_errors, result.new_errors) == (3, 1)
    assert [(f.id, f.status, f.old, f.new) for f in result.figures] == [
        ("sunday_visits", "added", None, "150,000 visits"),
        ("cost_per_visit", "changed", "?", "£8.00"),
    ]
    assert [(o.id, o.status) for o in result.options] == [("status_quo", "added")]
    bare = diff_briefs(checked("briefgen: 1\ntitle: Sunday opening for libraries\n"), checked(BASE))
    assert bare.old_errors == 5 and len(bare.figures) == 4 and "title" not in [c.field for c in bare.details]


def test_check_that_now_passes() -> None:
    failing = BASE.replace('check: "< 10"', 'check: "> 10"')
    result = diff_briefs(checked(failing), checked(failing.replace('check: "> 10"', 'check: "> 5"')))
    assert [(c.figure, c.check, c.status) for c in result.checks] == [("cost_per_visit", "> 10", "passes")]
    assert "  now passes: cost_per_visit: check '> 10'" in to_text(result, "b.yaml")


def test_figure_fields_and_unrounded_values() -> None:
    old = BASE.replace("value: 350000, unit: GBP, scale: none", "series: {2023: 350000, 2024: 350000}, unit: GBP")
    new = old.replace("{2023: 350000,", "{2023: 340000,").replace(
        "formula: sunday_cost / sunday_visits, unit: GBP", "formula: 'round(sunday_cost / sunday_visits, 1)', unit: EUR"
    )
    new = new.replace(
        "value: 1200000, unit: GBP, source: report}",
        "value: 1200000.4, unit: GBP, source: report, note: Includes heating and staff on every Sunday of the year.}",
    )
    text = to_text(diff_briefs(checked(old), checked(new)), "b.yaml")
    assert "  ~ volunteer_cost (Volunteer cost): £350,000 (2024) (2023: 350000 → 340000)" in text
    assert "  ~ sunday_cost (Yearly cost): £1.2m (1200000 → 1200000.4)" in text
    assert "      note: {+Includes heating and staff on every Sunday of the year.+}" in text
    assert '      formula: "sunday_cost / sunday_visits" → "round(sunday_cost / sunday_visits, 1)"' in text
    assert '      unit: "GBP" → "EUR"' in text
    assert "  ~ cost_per_visit (Cost per extra visit): £8.00 → €8.00" in text


def test_markdown_refuses_html_and_markup() -> None:
    result = diff_briefs(checked(BASE), checked(BASE.replace("title: Stay closed", 'title: "<b>Stay</b> | *closed*"')))
    md = to_markdown(result, "b.yaml")
    assert '- retitled `status_quo`: "Stay closed" → "\\<b\\>Stay\\</b\\> \\| \\*closed\\*"' in md
    assert "<b>" not in md


def test_word_diff_context_and_truncation() -> None:
    words = " ".join(f"w{i}" for i in range(40))
    assert word_diff(words, words.replace("w20", "X")) == [
        ("=", "… w17 w18 w19"),
        ("-", "w20"),
        ("+", "X"),
        ("=", "w21 w22 w23 …"),
    ]
    assert word_diff("a b", "a b c") == [("=", "a b"), ("+", "c")]
    long = word_diff("", " ".join(["word"] * 20))
    assert long == [("+", " ".join(["word"] * 12) + " … (+8 words)")]
    many = word_diff(words, " ".join(f"w{i}" if i % 5 else "X" for i in range(40)))
    assert sum(kind == "-" for kind, _ in many) == 4 and many[-1] == ("=", "(4 more changes)")
    assert many[-2] == ("=", "w16 w17 w18 …")
    assert word_diff("a  b\nc", "a b c") == [("=", "a b c")]


# The command, over a throwaway repository.


@pytest.fixture
def history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """A current repository: briefs/b.yaml absent at `empty`, in error at `broken` and `unreadable`, BASE at v1=HEAD."""
    repo = Repo(tmp_path / "repo")
    monkeypatch.chdir(repo.root)
    repo.write("README", "read me\n")
    repo.commit("start")
    repo.git("tag", "empty")
    for tag, text in (
        ("broken", BASE.replace("No change.", "No change to {nowhere}.")),
        ("unreadable", "title: [unclosed\n"),
        ("v1", BASE),
    ):
        repo.write("briefs/b.yaml", text)
        repo.commit(tag)
        repo.git("tag", tag)
    return repo


def test_cli_head_against_the_work_tree(history: Repo) -> None:
    result = run("diff", "briefs/b.yaml")
    assert (result.exit_code, result.output) == (
        0,
        "briefs/b.yaml: HEAD → work tree\nHEAD: 0 errors; work tree: 0 errors\nNo changes in substance\n",
    )
    history.write("briefs/b.yaml", NEW)
    result = run("diff", "briefs/b.yaml")
    assert (result.exit_code, result.output) == (0, expected("HEAD", "work tree") + "\n")


def test_cli_between_two_revisions_in_every_format(history: Repo) -> None:
    history.write("briefs/b.yaml", NEW)
    history.commit("new")
    assert run("diff", "briefs/b.yaml", "v1", "HEAD").output == expected("v1", "HEAD") + "\n"
    md = run("diff", "briefs/b.yaml", "v1", "HEAD", "--format", "md").output
    assert md.startswith("### Changes to briefs/b.yaml: v1 → HEAD\n\nv1: 0 errors · HEAD: 1 error\n")
    data = json.loads(run("diff", "briefs/b.yaml", "v1", "HEAD", "--format", "json").output)
    assert (data["old_label"], data["new_errors"], len(data["figures"])) == ("v1", 1, 5)


def test_cli_brief_absent_at_a_revision(history: Repo) -> None:
    result = run("diff", "briefs/b.yaml", "empty", "v1")
    assert result.exit_code == 0
    assert result.output.startswith(
        "briefs/b.yaml: empty → v1\nempty: no brief; v1: 0 errors\n"
        "note: briefs/b.yaml did not exist at empty\n\nBrief\n"
    )
    assert "  + cost_per_visit (Cost per extra visit): £8.00" in result.output


def test_cli_revision_with_errors(history: Repo) -> None:
    data = json.loads(run("diff", "briefs/b.yaml", "broken", "v1", "--format", "json").output)
    assert (data["old_errors"], data["new_errors"], data["notes"]) == (1, 0, [])
    assert data["texts"] == [
        {
            "field": "option status_quo summary",
            "old": "No change to {nowhere}.",
            "new": "No change.",
            "diff": "No [-change to {nowhere}.-] {+change.+}",
        }
    ]


def test_cli_revision_that_cannot_be_read(history: Repo) -> None:
    result = run("diff", "briefs/b.yaml", "unreadable", "v1")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[1] == "unreadable: 1 error; v1: 0 errors"
    assert lines[2].startswith(
        "note: unreadable: cannot be read, so it is compared as empty: briefs/b.yaml:2:1: error: not valid YAML"
    )
    assert "  + sunday_cost (Yearly cost): £1.2m" in lines


def test_cli_usage_errors(history: Repo, tmp_path: Path) -> None:
    result = run("diff", "briefs/b.yaml", "nope")
    assert result.exit_code == 2 and "unknown revision 'nope'" in result.output
    result = run("diff", "briefs/b.yaml", "v1", "nope2")
    assert result.exit_code == 2 and "unknown revision 'nope2'" in result.output
    outside = tmp_path / "plain"
    outside.mkdir()
    result = run("diff", outside / "b.yaml")
    assert result.exit_code == 2 and "is not inside a git work tree" in result.output
    assert run("diff", "briefs/b.yaml", "--format", "xml").exit_code == 2


def test_cli_renamed_and_deleted_brief(history: Repo) -> None:
    history.git("mv", "briefs/b.yaml", "briefs/c.yaml")
    history.commit("rename")
    result = run("diff", "briefs/c.yaml", "v1")
    assert (
        "note: briefs/c.yaml did not exist at v1" in result.output
        and "v1: no brief; work tree: 0 errors" in result.output
    )
    (history.root / "briefs" / "c.yaml").unlink()
    result = run("diff", "briefs/c.yaml")
    assert "note: briefs/c.yaml does not exist in the work tree" in result.output
    assert "  - sunday_cost (Yearly cost): £1.2m" in result.output


def test_cli_checks_images_as_of_each_revision(history: Repo) -> None:
    history.write("briefs/b.yaml", BASE.replace("annex: Visit", "annex: |\n  ![Map](images/map.png)\n\n  Visit"))
    history.write("briefs/images/map.png", (EVERY_KEY.parent / "images" / "branches.png").read_bytes())  # a real image
    history.commit("image")
    (history.root / "briefs" / "images" / "map.png").unlink()
    result = run("diff", "briefs/b.yaml")
    assert result.output.splitlines()[1] == "HEAD: 0 errors; work tree: 1 error"
