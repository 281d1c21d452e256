"""Safe formulas over figure ids: parsed with `ast`, checked, and run on Decimal, never eval'd."""

from __future__ import annotations

import ast
import operator
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import (
    MAX_EMAX,
    MAX_PREC,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DecimalException,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from functools import lru_cache
from typing import Any

from briefgen.brief.limits import number_problem, size_problem
from briefgen.errors import BriefgenError

FUNCTIONS = frozenset({"min", "max", "sum", "round", "latest"})
MAX_LENGTH = 2000
MAX_PLACES = 100
_HINT = "use + - * / ( ) and min, max, sum, round, latest"
_ALLOWED_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_OTHER_OPS = {
    ast.Pow: "**",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.BitAnd: "&",
    ast.Not: "not",
    ast.Invert: "~",
}
_NOT_ALLOWED = {
    ast.Compare: "comparisons are",
    ast.BoolOp: "`and` and `or` are",
    ast.IfExp: "`if … else` is",
    ast.Lambda: "`lambda` is",
    ast.Tuple: "commas outside a function call are",
    ast.List: "lists are",
    ast.Set: "sets are",
    ast.Dict: "mappings are",
    ast.JoinedStr: "text in quotes is",
    ast.NamedExpr: "`:=` is",
    ast.Starred: "`*` is",
}
_DECIMAL_INT = re.compile(r"[0-9](?:_?[0-9])*")  # not 0x1F, 0o17 or 0b11
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CHECK = re.compile(
    r"\s*(>=|<=|==|!=|>|<|~)\s*([-+]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*))\s*"
)
_CHECK_OPS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}
_PLACES_HINT = f"the second argument of round must be a whole number from -{MAX_PLACES} to {MAX_PLACES}, like 2"
_TOLERANCE = Decimal("0.01")
_ONE = Decimal(1)
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)

Instruction = tuple[Any, ...]  # postfix step; its last item is the offset to blame for a fault


class FormulaError(BriefgenError):
    """A fault in a formula or check, in plain words, at a character offset into its text."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class Formula:
    """A checked formula: its text, the figure ids it uses, and those used as series."""

    text: str
    names: frozenset[str]
    series_names: frozenset[str]


class _Source:
    """The formula text as parsed (line breaks made spaces, so it may span lines), and where it sits."""

    def __init__(self, text: str, lead: int) -> None:
        """Keep the text with each line break made as many spaces, so offsets into it stay the same."""
        self.text, self.lead = _LINE_BREAK.sub(lambda m: " " * len(m[0]), text), lead

    def at(self, col_bytes: int | None) -> int:
        """Return the character offset into the original text of an ast column (UTF-8 bytes)."""
        if col_bytes is None:
            return self.lead
        return self.lead + len(self.text.encode()[:col_bytes].decode("utf-8", "ignore"))

    def node(self, node: ast.AST) -> int:
        """Return the character offset where a node starts."""
        return self.at(getattr(node, "col_offset", None))

    def segment(self, node: ast.AST) -> str:
        """Return the source text of a node on one line, shortened for messages."""
        return " ".join((ast.get_source_segment(self.text, node) or "").split())[:40]


def _parse(text: str) -> tuple[ast.expr, _Source]:
    """Parse formula text into an ast expression, turning every failure into a FormulaError."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"formula is longer than {MAX_LENGTH:,} characters", MAX_LENGTH)
    stripped = text.strip()
    if not stripped:
        raise FormulaError("formula is empty", 0)
    source = _Source(stripped, len(text) - len(text.lstrip()))
    if "#" in stripped:
        raise FormulaError(f"`#` is not allowed in a formula; {_HINT}", source.lead + stripped.index("#"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(source.text, mode="eval").body, source
    except SyntaxError as exc:
        message = "formula is not valid arithmetic: " + re.split(r"\. (?:Perhaps|Maybe|Did)", exc.msg or "")[0]
        at = source.lead + exc.offset - 1 if exc.offset else len(text)
        raise FormulaError(message, min(at, len(text.rstrip()))) from None
    except ValueError as exc:
        raise FormulaError(f"formula is not valid arithmetic: {exc}", 0) from None
    except (RecursionError, MemoryError):
        raise FormulaError("formula is nested too deeply", 0) from None


def _not_allowed(node: ast.AST, source: _Source) -> FormulaError:
    """Describe in plain words a construct that formulas do not admit."""
    if isinstance(node, ast.Attribute):
        return FormulaError(f"`{source.segment(node)}`: attributes are not allowed", source.node(node))
    if isinstance(node, ast.UnaryOp):
        return FormulaError(f"`{_OTHER_OPS[type(node.op)]}` is not allowed in a formula; {_HINT}", source.node(node))
    if isinstance(node, ast.Subscript):
        return FormulaError(f"`{source.segment(node)}`: indexing with [ ] is not allowed", source.node(node))
    phrase = _NOT_ALLOWED.get(type(node)) or f"`{source.segment(node)}` is"
    return FormulaError(f"{phrase} not allowed in a formula; {_HINT}", source.node(node))


def _number(node: ast.Constant, source: _Source) -> Instruction:
    """Take a numeric literal exactly as written in the source text."""
    value = node.value
    if isinstance(value, bool) or value is None or value is Ellipsis:
        raise FormulaError(f"`{value}` is not allowed in a formula; use numbers and figure ids", source.node(node))
    if isinstance(value, (str, bytes)):
        raise FormulaError(f"text in quotes is not allowed in a formula; {_HINT}", source.node(node))
    if isinstance(value, complex):
        raise FormulaError("complex numbers are not allowed in a formula", source.node(node))
    if isinstance(value, int) and not _DECIMAL_INT.fullmatch(ast.get_source_segment(source.text, node) or ""):
        raise FormulaError(
            f"`{source.segment(node)[:20]}` is not a decimal number; write numbers like 8630000 or 12.5",
            source.node(node),
        )
    written = str(value) if isinstance(value, int) else ast.get_source_segment(source.text, node) or repr(value)
    number = Decimal(written.replace("_", ""))
    problem = number_problem(number)
    if problem:
        raise FormulaError(
            f"the number `{written[:20]}{'…' if len(written) > 20 else ''}` {problem}", source.node(node)
        )
    return ("num", number, source.node(node))


def _binary(node: ast.BinOp, source: _Source) -> tuple[list[ast.expr], Instruction]:
    """Check a binary operation; only + - * / are admitted."""
    symbol = _ALLOWED_OPS.get(type(node.op)) or _OTHER_OPS.get(type(node.op), "?")
    start = source.at(node.left.end_col_offset) - source.lead
    stop = source.node(node.right) - source.lead
    found = source.text.find(symbol, start, stop)
    offset = source.lead + found if found >= 0 else source.node(node)
    if type(node.op) not in _ALLOWED_OPS:
        raise FormulaError(f"`{symbol}` is not allowed in a formula; {_HINT}", offset)
    return [node.left, node.right], ("bin", symbol, offset)


def _places(node: ast.expr, source: _Source) -> int:
    """Read round's second argument: a whole number literal, possibly negative."""
    sign, inner = 1, node
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign, inner = (-1 if isinstance(node.op, ast.USub) else 1), node.operand
    value = inner.value if isinstance(inner, ast.Constant) else None
    if not isinstance(value, int) or isinstance(value, bool) or abs(value) > MAX_PLACES:
        raise FormulaError(_PLACES_HINT, source.node(node))
    return sign * value


def _call(node: ast.Call, source: _Source) -> tuple[list[ast.expr], Instruction]:
    """Check a call: only min, max, sum, round and latest, with plain arguments."""
    if not isinstance(node.func, ast.Name):
        raise FormulaError("only min, max, sum, round and latest can be called", source.node(node))
    name, offset, args = node.func.id, source.node(node), node.args
    if name not in FUNCTIONS:
        raise FormulaError(f"`{name}` is not a formula function; use min, max, sum, round or latest", offset)
    if node.keywords:
        raise FormulaError("keyword arguments are not allowed", source.node(node.keywords[0]))
    if starred := [arg for arg in args if isinstance(arg, ast.Starred)]:
        raise FormulaError("`*` arguments are not allowed", source.node(starred[0]))
    if name == "latest":
        if len(args) != 1 or not isinstance(args[0], ast.Name):
            raise FormulaError("`latest` takes one series name, like latest(visits)", offset)
        return [], ("latest", args[0].id, source.node(args[0]))
    if name == "round":
        if not 1 <= len(args) <= 2:
            raise FormulaError("`round` takes a number and the places to round to, like round(x, 2)", offset)
        return [args[0]], ("round", _places(args[1], source) if len(args) == 2 else 0, offset)
    if not args:
        raise FormulaError(f"`{name}` needs at least one argument", offset)
    return list(args), ("call", name, len(args), offset)


def _visit(node: ast.AST, source: _Source) -> tuple[list[ast.expr], Instruction | None]:
    """Check one node; return the children to run first and the instruction that follows them."""
    if isinstance(node, ast.Constant):
        return [], _number(node, source)
    if isinstance(node, ast.Name):
        if node.id in FUNCTIONS:
            raise FormulaError(f"`{node.id}` is a function; call it like {node.id}(…)", source.node(node))
        return [], ("ref", node.id, source.node(node))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return [node.operand], ("neg", source.node(node)) if isinstance(node.op, ast.USub) else None
    if isinstance(node, ast.BinOp):
        return _binary(node, source)
    if isinstance(node, ast.Call):
        return _call(node, source)
    raise _not_allowed(node, source)


@lru_cache(maxsize=1024)
def _to_postfix(text: str) -> tuple[Instruction, ...]:
    """Check formula text and turn it into postfix instructions, without recursion."""
    tree, source = _parse(text)
    program: list[Instruction] = []
    pending: list[ast.AST | Instruction | None] = [tree]
    while pending:
        item = pending.pop()
        if not isinstance(item, ast.AST):
            if item is not None:
                program.append(item)
            continue
        children, instruction = _visit(item, source)
        pending.append(instruction)
        pending.extend(reversed(children))
    return tuple(program)


def parse_formula(text: str) -> Formula:
    """Check a formula's syntax and return it with the figure ids it references."""
    program = _to_postfix(text)
    names = frozenset(ins[1] for ins in program if ins[0] in ("ref", "latest"))
    return Formula(text, names, frozenset(ins[1] for ins in program if ins[0] == "latest"))


def _context() -> Context:
    """Return a fresh decimal128-like context that traps overflow, invalid results and division by zero."""
    return Context(34, ROUND_HALF_EVEN, -6143, 6144, traps=[Overflow, InvalidOperation, DivisionByZero])


def _number_of(name: str, value: object, offset: int, ctx: Context) -> Decimal:
    """Check a looked-up value is a finite number and bring it into the context."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)) or not Decimal(value).is_finite():
        raise FormulaError(f"`{name}` is not a finite number", offset)
    return ctx.plus(Decimal(value))


def _fetch(ins: Instruction, lookup: Callable[[str], object], ctx: Context) -> Decimal:
    """Look up a figure (or the last value of a series for latest) for an instruction."""
    kind, name, offset = ins
    try:
        value = lookup(name)
    except KeyError:
        raise FormulaError(f"unknown figure `{name}`", offset) from None
    if kind == "ref":
        if isinstance(value, Mapping):
            raise FormulaError(f"`{name}` is a series; use latest({name})", offset)
        return _number_of(name, value, offset, ctx)
    if not isinstance(value, Mapping):
        raise FormulaError(f"`{name}` is not a series; latest() needs a series", offset)
    if not value:
        raise FormulaError(f"`{name}` has no values", offset)
    return _number_of(name, list(value.values())[-1], offset, ctx)


def _round(value: Decimal, places: int, ctx: Context) -> Decimal:
    """Round to places after the point (negative: to tens, hundreds…), half away from zero."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= -places or value.adjusted() + places + 1 > ctx.prec:
        return value
    rounded = value.quantize(Decimal((0, (1,), -places)), rounding=ROUND_HALF_UP, context=ctx)
    return rounded.quantize(_ONE, context=ctx) if places < 0 and rounded.adjusted() < ctx.prec else rounded


_BINARY = {"+": Context.add, "-": Context.subtract, "*": Context.multiply, "/": Context.divide}
_CALLS = {"min": min, "max": max}


def _step(ins: Instruction, stack: list[Decimal], lookup: Callable[[str], object], ctx: Context) -> None:
    """Run one instruction on the value stack."""
    kind = ins[0]
    if kind == "num":
        stack.append(ctx.plus(ins[1]))
    elif kind in ("ref", "latest"):
        stack.append(_fetch(ins, lookup, ctx))
    elif kind == "neg":
        stack.append(ctx.minus(stack.pop()))
    elif kind == "bin":
        right, left = stack.pop(), stack.pop()
        if ins[1] == "/" and not right:
            raise ZeroDivisionError
        stack.append(_BINARY[ins[1]](ctx, left, right))
    elif kind == "round":
        stack.append(_round(stack.pop(), ins[1], ctx))
    else:
        args = [stack.pop() for _ in range(ins[2])][::-1]
        total = args[0]
        for arg in args[1:]:
            total = ctx.add(total, arg)
        stack.append(total if ins[1] == "sum" else _CALLS[ins[1]](args))


def evaluate(formula: Formula, lookup: Callable[[str], Decimal | Mapping[str, Decimal]]) -> Decimal:
    """Evaluate a formula in Decimal, looking figure ids (and series for latest) up by name."""
    ctx, stack = _context(), list[Decimal]()
    for ins in _to_postfix(formula.text):
        try:
            _step(ins, stack, lookup, ctx)
        except ZeroDivisionError:
            raise FormulaError("division by zero", ins[-1]) from None
        except DecimalException:
            raise FormulaError("the result is not a finite number", ins[-1]) from None
    result = stack.pop()
    problem = size_problem(result)
    if problem:
        raise FormulaError(f"the result {problem}", 0)
    return result


@dataclass(frozen=True)
class Check:
    """A claim about a figure's unrounded value, like `> 14` or `~ 14.4` (within 1 %)."""

    op: str
    target: Decimal
    text: str

    def holds(self, value: Decimal) -> bool:
        """Tell whether the claim holds for a value."""
        if self.op == "~":
            gap = _EXACT.subtract(value, self.target).copy_abs()
            return gap <= _EXACT.multiply(_TOLERANCE, self.target.copy_abs())
        return _CHECK_OPS[self.op](value, self.target)


def parse_check(text: str) -> Check:
    """Parse a check like `> 14`, `>= 66` or `~ 14.4`."""
    match = _CHECK.fullmatch(text)
    if match is None:
        raise FormulaError("check must be an operator and a number, like `> 14`, `>= 66` or `~ 14.4`", 0)
    target = Decimal(match[2].replace("_", ""))
    problem = number_problem(target)
    if problem:
        raise FormulaError(f"the number in the check {problem}", match.start(2))
    return Check(match[1], target, text)
