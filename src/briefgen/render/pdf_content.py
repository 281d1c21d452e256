"""Rewrite a page's content: chosen marked content becomes artifacts, IDs are renumbered, nothing is left unmarked."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from briefgen.render.pdf_tree import PageMarks

PATH_START = frozenset({"m", "re"})
PATH_MORE = frozenset({"l", "c", "v", "y", "h", "W", "W*"})
PATH_PAINT = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"})
PAINT = frozenset({"Tj", "TJ", "'", '"', "sh", "INLINE IMAGE"})


@dataclass
class _State:
    """Numbering shared by a page and the forms it draws."""

    artifacts: dict[int, str | None]
    marks: PageMarks = field(default_factory=dict)
    changed: bool = False


def rewrite_page(pdf: Any, page: Any, artifacts: dict[int, str | None]) -> PageMarks:
    """Rewrite one page; return its marked-content IDs, old -> new (artifacts have none)."""
    import pikepdf  # noqa: PLC0415  pikepdf, only for PDFs

    state = _State(artifacts)
    ops = _rewrite(pikepdf.parse_content_stream(page), state, page.obj.get("/Resources"), [])
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))
    return state.marks


def _rewrite(ops: list[Any], state: _State, resources: Any, stack: list[bool]) -> list[Any]:
    """The operators with marked content renumbered or made artifacts, and unmarked paint wrapped as artifacts."""
    import pikepdf  # noqa: PLC0415  pikepdf, only for PDFs

    out: list[Any] = []
    path_at: int | None = None
    for operands, operator in ops:
        name = str(operator)
        if name in ("BDC", "BMC"):
            out.append(_begin(operands, operator, state, stack))
            continue
        if name == "EMC":
            if stack:
                stack.pop()
            out.append((operands, operator))
            continue
        bare = not stack
        if name in PATH_START and path_at is None:
            path_at = len(out)
        if name == "Do" and _tagged_form(resources, operands[0]):
            _rewrite_form(resources, operands[0], state, stack)
            out.append((operands, operator))
        elif bare and (name in PAINT or name == "Do"):
            out += [_artifact(), (operands, operator), ([], pikepdf.Operator("EMC"))]
        elif bare and name in PATH_PAINT:
            start = path_at if path_at is not None else len(out)
            out[start:] = [_artifact(), *out[start:], (operands, operator), ([], pikepdf.Operator("EMC"))]
        else:
            out.append((operands, operator))
        if name not in PATH_START and name not in PATH_MORE:
            path_at = None
    return out


def _begin(operands: list[Any], operator: Any, state: _State, stack: list[bool]) -> tuple[Any, Any]:
    """A BDC or BMC: a tagged sequence renumbered, or turned into an artifact."""
    import pikepdf  # noqa: PLC0415  pikepdf, only for PDFs

    tag = str(operands[0]) if operands else ""
    props = operands[1] if len(operands) > 1 else None
    inside_artifact = any(stack)
    if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
        mcid = int(props.MCID)
        if inside_artifact or mcid in state.artifacts:
            stack.append(True)
            kind = state.artifacts.get(mcid)
            attrs = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)
            if kind and not inside_artifact:
                attrs.Subtype = pikepdf.Name(kind)
            return [pikepdf.Name.Artifact, attrs], pikepdf.Operator("BDC")
        state.marks[mcid] = len(state.marks)
        props.MCID = state.marks[mcid]
        stack.append(False)
        return operands, operator
    stack.append(tag == "/Artifact" or inside_artifact)
    return operands, operator


def _artifact() -> tuple[list[Any], Any]:
    """The start of an artifact sequence."""
    import pikepdf  # noqa: PLC0415  pikepdf, only for PDFs

    return [pikepdf.Name.Artifact], pikepdf.Operator("BMC")


def _form(resources: Any, name: Any) -> Any:
    """The form XObject a Do draws, or None."""
    xobjects = resources.get("/XObject") if resources is not None else None
    form = xobjects.get(name) if xobjects is not None else None
    return form if form is not None and form.get("/Subtype") == "/Form" else None


def _tagged_form(resources: Any, name: Any) -> bool:
    """True for a form XObject whose own content is tagged (WeasyPrint draws an `opacity` group so)."""
    form = _form(resources, name)
    return form is not None and b"/MCID" in form.read_bytes()


def _rewrite_form(resources: Any, name: Any, state: _State, stack: list[bool]) -> None:
    """Renumber (or make artifacts of) the marked content inside a tagged form, as part of its page."""
    import pikepdf  # noqa: PLC0415  pikepdf, only for PDFs

    form = _form(resources, name)
    ops = _rewrite(pikepdf.parse_content_stream(form), state, form.get("/Resources") or resources, list(stack))
    form.write(pikepdf.unparse_content_stream(ops))
