"""The published API description is true: one name per schema, every error documented."""

from __future__ import annotations

import enum
import typing
from collections import defaultdict

import pydantic
import pytest

from mend.api import api


def _operations():
    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            yield from view.operations


def _schema_classes() -> dict[str, set[str]]:
    """Every model and choice set the API reads or answers with, by the name it is published under."""
    names: dict[str, set[str]] = defaultdict(set)
    seen: set = set()

    def walk(kind) -> None:
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            names[kind.__name__].add(f"{kind.__module__}.{kind.__qualname__}")
            return
        if isinstance(kind, type) and issubclass(kind, pydantic.BaseModel):
            if kind in seen:
                return
            seen.add(kind)
            names[kind.__name__].add(f"{kind.__module__}.{kind.__qualname__}")
            for field in kind.model_fields.values():
                walk(field.annotation)
        for arg in typing.get_args(kind):
            walk(arg)

    for operation in _operations():
        for model in getattr(operation, "models", []):
            walk(model)
        for model in operation.response_models.values():
            walk(model)
    return names


def test_no_two_schemas_share_a_name():
    names = _schema_classes()
    assert {"PromiseOut", "MemberStatus", "RuptureStatus", "PromiseState", "CheckInState"} <= set(names)
    shared = {name: sorted(where) for name, where in names.items() if len(where) > 1}
    assert shared == {}, f"rename one of each: {shared}"


@pytest.fixture(scope="module")
def document():
    return api.get_openapi_schema()


def test_every_operation_documents_its_errors(document):
    undocumented = [
        (method.upper(), path, sorted(str(code) for code in operation["responses"]))
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if not {"401", "404", "422"} <= {str(code) for code in operation["responses"]}
    ]
    assert undocumented == []


def test_every_published_schema_name_is_used_by_one_class(document):
    published = set(document["components"]["schemas"])
    names = _schema_classes()
    # Each component comes from exactly one class of that name (ninja also publishes the
    # wrappers it builds for bodies and query strings, which are not classes of ours).
    assert all(len(names.get(name, {name})) == 1 for name in published)
