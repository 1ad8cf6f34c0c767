"""A compiled accept-check for the shipped JSON Schemas.

`jsonschema` is the reference and gives every error message; it is also slow (descending 400,000 values of the
Formula One tree through `$ref`s takes it ~15 s). Almost every file is valid, so the schema stage first asks
this compiled predicate "is it valid?" and only when the answer is no runs `jsonschema` to explain why.

The predicate implements the draft 2020-12 keywords the schemas use, with jsonschema's own semantics
(bool is not an integer, `pattern` is `re.search`, `enum`/`const` compare with `jsonschema._utils.equal`), and
asserts the formats of validator/load/numbers.py FORMATS with the functions jsonschema's format checker runs.
A schema using any keyword it does not know is not compiled at all (`compile_schema` returns None) and the
stage falls back to `jsonschema` alone, so the predicate can never be more lenient by omission. A
differential test (tests/test_loader.py, tests/test_trust_input.py) checks it against `jsonschema` on mutated
documents, every number form in every schema, the committed files and the bad-input corpus.
"""
from __future__ import annotations

import numbers
import re
from typing import Any, Callable

from referencing import Registry

from validator.load.numbers import FORMATS

Check = Callable[[Any], bool]

# Keywords jsonschema gives a meaning to (except `format`, which draft 2020-12 validators do not assert by default);
# any other key in a schema is an annotation both here and there.
# The assertion keywords of draft 2020-12 as jsonschema implements them (its Draft202012Validator.VALIDATORS,
# less `format`, which it does not assert by default); a test keeps the two equal. Listed here so that a valid
# file never imports jsonschema.
ASSERTED = {
    "$dynamicRef", "$ref", "additionalProperties", "allOf", "anyOf", "const", "contains", "dependentRequired",
    "dependentSchemas", "enum", "exclusiveMaximum", "exclusiveMinimum", "if", "items", "maxItems", "maxLength",
    "maxProperties", "maximum", "minItems", "minLength", "minProperties", "minimum", "multipleOf", "not", "oneOf",
    "pattern", "patternProperties", "prefixItems", "properties", "propertyNames", "required", "type",
    "unevaluatedItems", "unevaluatedProperties", "uniqueItems"}


def equal(one: Any, two: Any) -> bool:
    """JSON equality as JSON Schema means it (`const`, `enum`, `uniqueItems`): true is not 1, false is not 0."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return one == two
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(equal(a, b) for a, b in zip(one, two))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(equal(one[k], two[k]) for k in one)
    if isinstance(one, bool) or isinstance(two, bool):
        return type(one) is type(two) and one == two
    return one == two


class Unsupported(Exception):
    pass


def _always(_: Any) -> bool:
    return True


def _never(_: Any) -> bool:
    return False


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Number) and not isinstance(x, bool)


_TYPES: dict[str, Check] = {
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "string": lambda x: isinstance(x, str),
    # jsonschema's draft 2020-12 `integer` (an integral binary float counts); the loader never makes a float
    "integer": lambda x: (isinstance(x, int) and not isinstance(x, bool)) or (isinstance(x, float) and x.is_integer()),
    "number": _is_number,
    "boolean": lambda x: isinstance(x, bool),
    "null": lambda x: x is None,
}


class Compiler:
    def __init__(self, registry: Registry):
        self.registry = registry
        self.cache: dict[tuple[int, str], list[Check | None]] = {}

    def compile(self, schema: Any, base: str) -> Check:
        if schema is True:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, dict):
            raise Unsupported(f"schema {schema!r}")
        key = (id(schema), base)
        cell = self.cache.get(key)
        if cell is not None:  # compiled, or being compiled (a recursive $ref): call through the cell
            if cell[0] is not None:
                return cell[0]
            return lambda x: cell[0](x)  # type: ignore[misc]
        cell = self.cache[key] = [None]
        if "$id" in schema:
            base = schema["$id"]
        check = self._compile(schema, base)
        cell[0] = check
        return check

    def _compile(self, s: dict, base: str) -> Check:
        unknown = (set(s) & ASSERTED) - KNOWN  # keywords jsonschema ignores are ignored here too
        if unknown:
            raise Unsupported(", ".join(sorted(unknown)))
        checks: list[Check] = []
        single = s.get("type") if isinstance(s.get("type"), str) else None
        fused = False  # the type check folded into the string/object/array check below
        if "type" in s and single not in ("string", "object", "array"):
            checks.append(self._type(s["type"]))
        if "enum" in s:
            checks.append(self._enum(s["enum"]))
        if "const" in s:
            const = s["const"]
            checks.append(lambda x: equal(const, x))
        string = self._string(s, typed=single == "string")
        if string:
            checks.append(string)
            fused = fused or single == "string"
        number = self._number(s)
        if number:
            checks.append(number)
        obj = self._object(s, base, typed=single == "object")
        if obj:
            checks.append(obj)
            fused = fused or single == "object"
        arr = self._array(s, base, typed=single == "array")
        if arr:
            checks.append(arr)
            fused = fused or single == "array"
        if single in ("string", "object", "array") and not fused:
            checks.insert(0, self._type(single))
        if s.get("format") in FORMATS:  # asserted formats: the same functions jsonschema's checker runs
            checks.append(FORMATS[s["format"]][1])
        if "$ref" in s:
            checks.append(self._ref(s["$ref"], base))
        for sub in s.get("allOf", ()):
            checks.append(self.compile(sub, base))
        if "anyOf" in s:
            checks.append(_any([self.compile(sub, base) for sub in s["anyOf"]]))
        if "oneOf" in s:
            checks.append(_one([self.compile(sub, base) for sub in s["oneOf"]]))
        if "not" in s:
            negated = self.compile(s["not"], base)
            checks.append(lambda x: not negated(x))
        if "if" in s:
            cond = self.compile(s["if"], base)
            then = self.compile(s.get("then", True), base)
            else_ = self.compile(s.get("else", True), base)
            checks.append(lambda x: then(x) if cond(x) else else_(x))
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]
        if len(checks) == 2:
            a, b = checks
            return lambda x: a(x) and b(x)
        if len(checks) == 3:
            a, b, c = checks
            return lambda x: a(x) and b(x) and c(x)
        return lambda x: all(c(x) for c in checks)

    @staticmethod
    def _type(t: Any) -> Check:
        if isinstance(t, str):
            return _TYPES[t]
        subs = [_TYPES[x] for x in t]
        return lambda x: any(c(x) for c in subs)

    @staticmethod
    def _enum(values: list) -> Check:
        if all(isinstance(v, str) for v in values):
            allowed = frozenset(values)
            return lambda x: isinstance(x, str) and x in allowed
        return lambda x: any(equal(v, x) for v in values)

    @staticmethod
    def _string(s: dict, typed: bool = False) -> Check | None:
        parts: list[Check] = []
        if "minLength" in s:
            n = s["minLength"]
            parts.append(lambda x: len(x) >= n)
        if "maxLength" in s:
            m = s["maxLength"]
            parts.append(lambda x: len(x) <= m)
        if "pattern" in s:
            search = re.compile(s["pattern"]).search
            seen: dict[str, bool] = {}  # ids and keys repeat thousands of times

            def pattern(x: str) -> bool:
                ok = seen.get(x)
                if ok is None:
                    ok = seen[x] = search(x) is not None
                    if len(seen) > 100_000:
                        seen.clear()
                return ok

            parts.append(pattern)
        if not parts:
            return None
        if len(parts) == 1:
            p = parts[0]
            if typed:
                return lambda x: isinstance(x, str) and p(x)
            return lambda x: not isinstance(x, str) or p(x)
        if typed:
            return lambda x: isinstance(x, str) and all(p(x) for p in parts)
        return lambda x: not isinstance(x, str) or all(p(x) for p in parts)

    @staticmethod
    def _number(s: dict) -> Check | None:
        parts: list[Check] = []
        # written as jsonschema writes them (`instance < minimum` is an error), so NaN compares the same way
        if "minimum" in s:
            lo = s["minimum"]
            parts.append(lambda x: not x < lo)
        if "maximum" in s:
            hi = s["maximum"]
            parts.append(lambda x: not x > hi)
        if "exclusiveMinimum" in s:
            elo = s["exclusiveMinimum"]
            parts.append(lambda x: not x <= elo)
        if "exclusiveMaximum" in s:
            ehi = s["exclusiveMaximum"]
            parts.append(lambda x: not x >= ehi)
        if not parts:
            return None
        if len(parts) == 1:
            p = parts[0]
            return lambda x: not _is_number(x) or p(x)
        return lambda x: not _is_number(x) or all(p(x) for p in parts)

    def _object(self, s: dict, base: str, typed: bool = False) -> Check | None:
        keys = {"properties", "required", "additionalProperties", "patternProperties", "propertyNames",
                "minProperties", "maxProperties", "dependentRequired"}
        if not keys & set(s):
            return None
        props = {k: self.compile(v, base) for k, v in s.get("properties", {}).items()}
        patterns = [(re.compile(p).search, self.compile(v, base)) for p, v in s.get("patternProperties", {}).items()]
        additional_schema = s.get("additionalProperties", True)
        additional = None if additional_schema is True else self.compile(additional_schema, base)
        required = tuple(s.get("required", ()))
        names = self.compile(s["propertyNames"], base) if "propertyNames" in s else None
        min_p, max_p = s.get("minProperties", 0), s.get("maxProperties")
        dependent = {k: tuple(v) for k, v in s.get("dependentRequired", {}).items()}

        if not patterns and names is None and not dependent and max_p is None:
            # the common shape: properties, required, additionalProperties
            def plain(x: Any) -> bool:
                if not isinstance(x, dict):
                    return not typed
                for r in required:
                    if r not in x:
                        return False
                if len(x) < min_p:
                    return False
                get = props.get
                for k, v in x.items():
                    c = get(k)
                    if c is not None:
                        if not c(v):
                            return False
                    elif additional is not None and not additional(v):
                        return False
                return True

            return plain

        def check(x: Any) -> bool:
            if not isinstance(x, dict):
                return not typed
            for r in required:
                if r not in x:
                    return False
            if len(x) < min_p or (max_p is not None and len(x) > max_p):
                return False
            for k, v in x.items():
                c = props.get(k)
                matched = c is not None
                if matched and not c(v):
                    return False
                for search, pc in patterns:
                    if search(k) is not None:
                        matched = True
                        if not pc(v):
                            return False
                if not matched and additional is not None and not additional(v):
                    return False
                if names is not None and not names(k):
                    return False
                if dependent and k in dependent and any(d not in x for d in dependent[k]):
                    return False
            return True

        return check

    def _array(self, s: dict, base: str, typed: bool = False) -> Check | None:
        keys = {"items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"}
        if not keys & set(s):
            return None
        if "contains" in s:
            raise Unsupported("contains")
        prefix = [self.compile(v, base) for v in s.get("prefixItems", ())]
        items = self.compile(s["items"], base) if "items" in s else None
        min_i, max_i = s.get("minItems", 0), s.get("maxItems")
        unique = bool(s.get("uniqueItems", False))
        n_prefix = len(prefix)
        if not prefix and not unique and max_i is None and items is not None:
            def plain(x: Any) -> bool:
                if not isinstance(x, list):
                    return not typed
                if len(x) < min_i:
                    return False
                for v in x:
                    if not items(v):
                        return False
                return True

            return plain

        def check(x: Any) -> bool:
            if not isinstance(x, list):
                return not typed
            if len(x) < min_i or (max_i is not None and len(x) > max_i):
                return False
            for c, v in zip(prefix, x):
                if not c(v):
                    return False
            if items is not None:
                for v in (x[n_prefix:] if n_prefix else x):
                    if not items(v):
                        return False
            if unique:
                for i, a in enumerate(x):
                    for b in x[i + 1:]:
                        if equal(a, b):
                            return False
            return True

        return check

    def _ref(self, ref: str, base: str) -> Check:
        resolved = self.registry.resolver(base_uri=base).lookup(ref)
        return self.compile(resolved.contents, resolved.resolver._base_uri)


def _any(subs: list[Check]) -> Check:
    def check(x: Any) -> bool:
        for c in subs:
            if c(x):
                return True
        return False
    return check


def _one(subs: list[Check]) -> Check:
    def check(x: Any) -> bool:
        found = False
        for c in subs:
            if c(x):
                if found:
                    return False
                found = True
        return found
    return check


KNOWN = {"type", "enum", "const", "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum",
         "exclusiveMaximum", "properties", "required", "additionalProperties", "patternProperties", "propertyNames",
         "minProperties", "maxProperties", "dependentRequired", "items", "prefixItems", "minItems", "maxItems",
         "uniqueItems", "contains", "$ref", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "format"}


def compile_schema(schema: dict, registry: Registry) -> Check | None:
    """The accept-predicate of `schema`, or None when it uses something this compiler does not implement."""
    try:
        return Compiler(registry).compile(schema, schema.get("$id", ""))
    except Exception:  # noqa: BLE001 - Unsupported, or anything unexpected: jsonschema alone decides
        return None
