"""No page or endpoint touches an entry queryset except through the Audience package.

Read over the source of every `views.py` and `api.py`: a queryset of an entry model
(any `AudienceEntry`) may be read there only after `visible_to` / `authored_by`, or by
handing it to `fetch_visible` / `fetch_authored` (which apply `visible_to`); a helper
may return it shaped (`select_related`, `prefetch_related`) for a door. A helper that returns a shaped, unscoped queryset
counts as that queryset wherever it is called.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps

from circles.audience import AudienceEntry

ROOT = Path(__file__).resolve().parents[2]
SCOPES = {"visible_to", "authored_by"}
SHAPES = {"select_related", "prefetch_related", "only", "defer", "order_by"}
DOORS = {"fetch_visible", "fetch_authored", "visible_for"}


def _entry_models() -> set[str]:
    return {m.__name__ for m in apps.get_models() if issubclass(m, AudienceEntry)}


def _chain(node: ast.AST) -> tuple[str | None, list[str]]:
    """For `Model.objects.a(...).b(...)`, return ("Model", ["a", "b"]) read inside out."""
    methods: list[str] = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            if node.attr == "objects" and isinstance(node.value, ast.Name):
                return node.value.id, list(reversed(methods))
            methods.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            return f"call:{node.id}", list(reversed(methods))
        else:
            return None, []


def _violations(path: Path, models: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(), str(path))
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    # Helpers returning a shaped, unscoped entry queryset.
    shapers = set()
    for fn in tree.body:
        if isinstance(fn, ast.FunctionDef):
            for ret in (n for n in ast.walk(fn) if isinstance(n, ast.Return) and n.value is not None):
                root, methods = _chain(ret.value)
                if root in models and set(methods) <= SHAPES:
                    shapers.add(fn.name)

    def handed_to_a_door(node: ast.AST) -> bool:
        parent = parents.get(node)
        if isinstance(parent, ast.Call) and node in parent.args:
            func = parent.func
            return (func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")) in DOORS
        return False

    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Attribute, ast.Call)):
            continue
        if isinstance(parents.get(node), (ast.Attribute, ast.Call)) and (
            getattr(parents[node], "func", None) is node or getattr(parents[node], "value", None) is node
        ):
            continue  # not the outermost link of a chain
        root, methods = _chain(node)
        if root is None:
            continue
        if root.startswith("call:"):
            if root[5:] not in shapers:
                continue
        elif root not in models:
            continue
        if SCOPES & set(methods):
            continue
        if handed_to_a_door(node):
            continue  # the door applies visible_to to whatever it is handed
        if set(methods) <= SHAPES and _is_return(node, parents):
            continue
        found.append(f"{path.parent.name}/{path.name}:{node.lineno} {ast.unparse(node)[:90]}")
    return found


def _is_return(node, parents) -> bool:
    return isinstance(parents.get(node), ast.Return)


def _sources() -> list[Path]:
    return sorted(
        p
        for name in ("views.py", "api.py")
        for p in ROOT.glob(f"*/{name}")
        if ".venv" not in p.parts and "circles/audience" not in str(p)
    )


def test_views_and_endpoints_reach_entries_only_through_the_audience_package():
    models = _entry_models()
    assert {"Appreciation", "Promise", "CheckIn", "Rupture", "Plan"} <= models
    found = [v for path in _sources() for v in _violations(path, models)]
    assert not found, "Unscoped entry querysets in views or endpoints:\n" + "\n".join(found)


def test_the_check_catches_an_unscoped_read(tmp_path):
    source = (ROOT / "appreciations" / "views.py").read_text() + (
        "\n\ndef _leak(request):\n    return list(Appreciation.objects.filter(circle=request.circle))\n"
        "\n\ndef _leak_through_a_helper(request):\n    return _visible_all().get(pk=1)\n"
        "\n\ndef _visible_all():\n    return Appreciation.objects.select_related('author')\n"
    )
    copy = tmp_path / "views.py"
    copy.write_text(source)
    found = _violations(copy, _entry_models())
    assert any("Appreciation.objects.filter(circle=request.circle)" in f for f in found)
    assert any("_visible_all().get(pk=1)" in f for f in found)
