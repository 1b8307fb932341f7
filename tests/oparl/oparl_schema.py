"""Validating OParl objects against the official 1.1 schemas vendored in ./schema (CC BY-SA 4.0).

The official files name embedded objects with a custom `"schema": "File.json"` key and
external lists with `"references": "externalList"`; they are rewritten to `$ref` here so
that `jsonschema` checks embedded objects too. Formats `url`, `date` and `date-time`
are checked as OParl defines them (date-time with offset, without fractions).
"""

import json
import re
from functools import cache
from pathlib import Path

from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SCHEMA_DIR = Path(__file__).parent / "schema"
DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
DATE = re.compile(r"^\d{4}-\d\d-\d\d$")

checker = FormatChecker(formats=())
checker.checks("url")(lambda value: not isinstance(value, str) or value.startswith(("http://", "https://")))
checker.checks("date")(lambda value: not isinstance(value, str) or bool(DATE.match(value)))
checker.checks("date-time")(lambda value: not isinstance(value, str) or bool(DATE_TIME.match(value)))


def _convert(node):
    if isinstance(node, dict):
        if node.get("type") == "object" and "schema" in node:
            return {"$ref": node["schema"]}
        return {key: _convert(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_convert(value) for value in node]
    return node


@cache
def raw(type_name):
    return json.loads((SCHEMA_DIR / f"{type_name}.json").read_text())


@cache
def _registry():
    resources = [
        (path.name, Resource.from_contents(_convert(json.loads(path.read_text())), default_specification=DRAFT7))
        for path in SCHEMA_DIR.glob("*.json")
    ]
    return Registry().with_resources(resources)


@cache
def validator(type_name):
    return Draft7Validator({"$ref": f"{type_name}.json"}, registry=_registry(), format_checker=checker)


def errors(data):
    """Schema violations of an OParl object, by the type it names."""
    type_name = data["type"].rsplit("/", 1)[-1]
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator(type_name).iter_errors(data)
    ]
