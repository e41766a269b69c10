"""Which of Mend's apps import which, and whether every import points down.

    .venv/bin/python -m lib.app_graph

prints the apps from the top of the map to the bottom, each with the apps it imports,
and exits with status 1 when an import points up (or sideways into an app listed
above it: the order below is total, so no cycle can form) or an app imports another
inside a function. `tests/test_layers.py` runs the same checks.

It reads the source with `ast` and runs nothing, so it needs no settings or database.
It counts `import x` and `from x import y` at any depth of a module: at its top, under
`if`/`try`, and inside functions (those are marked `*`). An app's own `tests/` are left
out: tests may drive the whole site on purpose. Dependencies that are not imports
(URL includes by string, settings, template tags and `{% include %}`) are not counted.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# From the top of the map to the bottom. An app may import only apps listed after it,
# whether in its own layer or a lower one; so the site shell may use every feature, a
# feature may use the one it builds on (repair makes ledger promises), and nothing below
# knows what is built on it. A new app goes in the lowest place its imports allow.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("site shell", ("mend", "home", "workspace")),
    ("features", ("checkins", "reachout", "repair", "ledger", "appreciations", "measures", "phrases")),
    ("services", ("coach_web", "practices", "notifications", "safety")),
    ("foundation", ("access_log", "circles", "accounts", "audit")),
    ("base", ("lib", "coach", "charts")),
)

# Top-level packages that are not apps, so are not on the map.
NOT_APPS = {
    "tests": "the cross-cutting tests drive the whole site on purpose",
    "bench": "benchmarks drive the whole site on purpose",
}

# Imports allowed to point up, as {(importer, imported): why}. Keep it empty: move the
# code down instead, or let the lower app offer a hook (a signal, a registry) that the
# higher one fills.
UPWARD_ALLOWED: dict[tuple[str, str], str] = {}

# Cross-app imports allowed inside a function, as {("path/to/file.py", "module"): why}.
# Only to break a real import cycle, with a comment at the import saying so.
INSIDE_FUNCTIONS_ALLOWED: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Import:
    """One import of another app: where it is written and what it names."""

    importer: str  # the app whose file holds the import
    imported: str  # the app it names
    module: str  # the module as written, e.g. "ledger.queries"
    path: str  # relative to the repository, with forward slashes
    line: int
    in_function: bool

    def where(self) -> str:
        return f"{self.path}:{self.line} {self.module}"


def apps() -> list[str]:
    """Every app on the map, from the top down."""
    return [app for _layer, members in LAYERS for app in members]


def packages(root: Path = ROOT) -> set[str]:
    """The repository's top-level Python packages that should be apps on the map."""
    return {path.parent.name for path in root.glob("*/__init__.py") if path.parent.name not in NOT_APPS}


def _source_files(root: Path, app: str) -> Iterator[Path]:
    for path in sorted((root / app).rglob("*.py")):
        if "tests" not in path.relative_to(root).parts:
            yield path


def _imported_modules(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module]
    return []  # relative imports stay inside their own app


def _walk(node: ast.AST, in_function: bool = False) -> Iterator[tuple[ast.AST, bool]]:
    for child in ast.iter_child_nodes(node):
        yield child, in_function
        inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        yield from _walk(child, inside)


def imports_in(source: str, app: str, path: str, known: Iterable[str]) -> list[Import]:
    """The imports of other known apps in one file of `app`."""
    known = set(known)
    found = []
    for node, in_function in _walk(ast.parse(source, filename=path)):
        for module in _imported_modules(node):
            target = module.split(".")[0]
            if target in known and target != app:
                found.append(Import(app, target, module, path, node.lineno, in_function))
    return found


def scan(root: Path = ROOT, names: Iterable[str] | None = None) -> list[Import]:
    """Every import of one app by another across the apps' source (tests left out)."""
    names = list(apps() if names is None else names)
    found = []
    for app in names:
        for path in _source_files(root, app):
            relative = path.relative_to(root).as_posix()
            found.extend(imports_in(path.read_text(encoding="utf-8"), app, relative, names))
    return found


def edges(found: Iterable[Import]) -> dict[str, set[str]]:
    """{app: the apps it imports}."""
    graph: dict[str, set[str]] = {}
    for one in found:
        graph.setdefault(one.importer, set()).add(one.imported)
    return graph


def problems(
    found: list[Import],
    order: list[str] | None = None,
    upward_allowed: dict[tuple[str, str], str] | None = None,
    inside_allowed: dict[tuple[str, str], str] | None = None,
) -> list[str]:
    """What breaks the rules, one sentence each; empty when the map holds."""
    order = apps() if order is None else order
    upward_allowed = UPWARD_ALLOWED if upward_allowed is None else upward_allowed
    inside_allowed = INSIDE_FUNCTIONS_ALLOWED if inside_allowed is None else inside_allowed
    rank = {app: index for index, app in enumerate(order)}
    found_out = []
    upward = sorted(
        {(one.importer, one.imported) for one in found if rank[one.imported] < rank[one.importer]}
    )
    for importer, imported in upward:
        if (importer, imported) not in upward_allowed:
            where = [one.where() for one in found if (one.importer, one.imported) == (importer, imported)]
            found_out.append(f"{importer} imports {imported}, which is above it: {', '.join(where)}")
    for pair in sorted(set(upward_allowed) - set(upward)):
        found_out.append(f"{pair[0]} no longer imports {pair[1]}: remove it from UPWARD_ALLOWED")
    hidden = {(one.path, one.module): one for one in found if one.in_function}
    for key, one in sorted(hidden.items()):
        if key not in inside_allowed:
            found_out.append(
                f"{one.where()} is imported inside a function: import it at the top, "
                "or list it in INSIDE_FUNCTIONS_ALLOWED with the cycle it breaks"
            )
    for path, module in sorted(set(inside_allowed) - set(hidden)):
        found_out.append(f"{path} no longer imports {module} in a function: remove it from the list")
    return found_out


def render(found: list[Import]) -> str:
    """The map as text: layers from the top down, each app with what it imports."""
    graph = edges(found)
    hidden = {(one.importer, one.imported) for one in found if one.in_function}
    width = max(len(app) for app in apps())
    lines = []
    for layer, members in LAYERS:
        lines.append(layer)
        for app in members:
            targets = sorted(graph.get(app, ()), key=apps().index)
            named = [target + ("*" if (app, target) in hidden else "") for target in targets]
            lines.append(f"  {app:<{width}}  -> {' '.join(named) or '(no other app)'}")
    if hidden:
        lines.append("")
        lines.append("* imported inside a function:")
        lines.extend(f"  {one.where()}" for one in found if one.in_function)
    return "\n".join(lines)


def main() -> int:
    found = scan()
    print(render(found))
    unplaced = sorted(packages() - set(apps()))
    found_out = [f"{name} is not on the map: add it to LAYERS in lib/app_graph.py" for name in unplaced]
    found_out += problems(found)
    if found_out:
        print("\nProblems:", *found_out, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
