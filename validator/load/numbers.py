"""One reading of every number: the only place a YAML scalar becomes an int, a decimal or an exact fraction.

* The loader reads a plain YAML integer (`12`) as an `int` and a plain decimal (`4.5`, `1.5e+3`) as a `Dec`, an
  exact decimal that keeps the digits as written; never a binary float. So `4.0` is a decimal, not an integer:
  where the schema asks for an integer (a position, a round, a lap count), `4.0` is refused with a message
  saying to write `4` (a decimal point where a whole number belongs is most likely a slip).
* Where a figure may be fractional (points, tables, factors), the schema accepts an integer, a decimal, or a
  quoted text `'0.14'`, `'1/7'`, `'1.5/2'`; its `format: exact-number` runs `read` below, the same function the
  model and the rule components turn the value into an exact `int`/`Fraction` with. What the schema accepts,
  the engine reads; what the engine cannot read, the schema refuses, located.

Every number is bounded before it is converted: at most `MAX_DIGITS` digits before and after the decimal point
(and `MAX_TEXT` characters of text), so no conversion can be slow, hit Python's int-string limit, or build a
number whose arithmetic is slow. Refusals carry a stable code:

* NUM001 a number out of range (too many digits, an exponent beyond the range);
* NUM002 a fraction with a zero denominator;
* SCHEMA001 a text that is not a number at all where one is required (a shape error like any other).
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

MAX_DIGITS = 18   # digits before, and after, the decimal point: |x| < 10**18, in steps of at most 10**-18
MAX_TEXT = 64     # characters of a number's text, checked before anything is converted
_LIMIT = 10 ** MAX_DIGITS

FORMAT = "exact-number"  # the JSON Schema `format` that asserts `read` succeeds (see validator/load/schema.py)

# what a quoted number may look like: an integer or decimal, optionally over an integer denominator
_TEXT = re.compile(r"(-?[0-9]+(?:\.[0-9]+)?)(?:/([0-9]+))?\Z")


class Dec(Decimal):
    """A plain YAML decimal, exactly as written (`4.50` keeps its two places). Shown as written in messages."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


class NumberError(ValueError):
    """A number that cannot be read; `code` is its finding code (NUM001, NUM002, SCHEMA001)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(text[:20] + "..." + text[-8:]) + f" ({len(text)} characters)"


def _too_long(text: str) -> NumberError:
    return NumberError("NUM001", f"{_shown(text)}: a number has at most {MAX_DIGITS} digits before and "
                                 f"{MAX_DIGITS} after the decimal point")


def _bounded_decimal(text: str) -> Decimal:
    """`text` (already known to be decimal syntax) as a Decimal within the bounds, else NUM001."""
    if len(text) > MAX_TEXT:
        raise _too_long(text)
    value = Dec(text)
    if not value.is_finite():
        raise NumberError("NUM001", f"{_shown(text)} is not a finite number")
    if value.adjusted() >= MAX_DIGITS or value.as_tuple().exponent < -MAX_DIGITS:
        raise _too_long(text)
    return value


def literal_int(text: str) -> int:
    """A plain YAML integer (`[-+]?(0|[1-9][0-9]*)`), bounded before conversion."""
    if len(text.lstrip("+-")) > MAX_DIGITS:
        raise _too_long(text)
    return int(text)


def literal_decimal(text: str) -> Dec:
    """A plain YAML decimal (`1.5`, `-0.0`, `1.5e+3`), exact, bounded before it is used."""
    try:
        return _bounded_decimal(text)  # type: ignore[return-value]
    except InvalidOperation:  # decimal syntax, but an exponent past what Decimal represents
        raise _too_long(text) from None


def _whole(x: Fraction) -> int | Fraction:
    return x.numerator if x.denominator == 1 else x


def read(value: Any) -> int | Fraction:
    """The exact value of a number as loaded: an int (whole) or a Fraction. Raises NumberError."""
    if isinstance(value, bool):
        raise NumberError("SCHEMA001", f"{value!r} is a boolean, not a number")
    if isinstance(value, int):
        if not -_LIMIT < value < _LIMIT:
            raise _too_long(str(value))
        return value
    if isinstance(value, Decimal):
        return _whole(Fraction(_bounded_decimal(str(value))))
    if isinstance(value, str):
        return _read_text(value)
    raise NumberError("SCHEMA001", f"a {type(value).__name__} is not a number")


def _read_text(text: str) -> int | Fraction:
    if len(text) > MAX_TEXT:
        raise _too_long(text)
    m = _TEXT.match(text)
    if m is None:
        raise NumberError("SCHEMA001", f"{_shown(text)} is not a number: write an integer, a decimal ('0.14') or a "
                                    f"fraction ('1/7')")
    top, bottom = m.groups()
    value = Fraction(_bounded_decimal(top))
    if bottom is not None:
        if len(bottom.lstrip("0")) > MAX_DIGITS:
            raise _too_long(text)
        denominator = int(bottom)
        if denominator == 0:
            raise NumberError("NUM002", f"{_shown(text)} divides by zero")
        value /= denominator
    return _whole(value)


def text_of(value: Any) -> str:
    """A number as printed in the source: digits as written (a decimal's places kept, never an exponent)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def conforms(value: Any) -> bool:
    """The `exact-number` format, as JSON Schema's `format` checker: True, or NumberError saying why not. A value
    of another type (a list, a boolean) is left to the schema's `type`."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        return True
    read(value)
    return True


def is_number(value: Any) -> bool:
    """`conforms` as a plain predicate (the compiled schema check)."""
    try:
        return conforms(value)
    except NumberError:
        return False


FORMATS = {FORMAT: (conforms, is_number)}  # format name -> (checker raising NumberError, predicate)
