"""The range of numbers briefgen accepts, so no number can make Decimal arithmetic or printing blow up.

A number in a brief (a `value`, a series value, a number written in a formula or a check) has at most
15 digits before the point and 15 after it (trailing zeros after the point do not count): it is below
10**15 in size and a multiple of 10**-15. A formula's result must be below 10**15 in size too; it may
have more places, as it is rounded when printed. Inside a formula, arithmetic runs in a bounded
decimal context (34 digits, exponents within ±6144), so no intermediate step can grow without limit.
"""

from __future__ import annotations

from decimal import Decimal

MAX_DIGITS_BEFORE_POINT = 15
MAX_DIGITS_AFTER_POINT = 15
LIMIT_TEXT = "1,000,000,000,000,000 (10^15)"


def size_problem(number: Decimal) -> str | None:
    """Why a number is too large or not finite, or None when its size is fine."""
    if not number.is_finite():
        return "is not a finite number"
    if number and number.adjusted() >= MAX_DIGITS_BEFORE_POINT:
        return f"is too large; numbers must be smaller than {LIMIT_TEXT} in size"
    return None


def number_problem(number: Decimal) -> str | None:
    """Why a written number is outside the accepted range, or None when it is inside it."""
    problem = size_problem(number)
    if problem or not number:
        return problem
    _, digits, exponent = number.as_tuple()
    trailing = 0
    for digit in reversed(digits):
        if digit:
            break
        trailing += 1
    if -(int(exponent) + trailing) > MAX_DIGITS_AFTER_POINT:
        return f"has too many decimal places; write at most {MAX_DIGITS_AFTER_POINT} digits after the point"
    return None
