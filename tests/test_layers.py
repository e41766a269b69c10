"""Dependencies point down only: no app imports one above it on the map in
lib/app_graph.py, no import closes a cycle, and no app hides an import of another inside
a function (docs/developers.md, "How the apps depend on each other")."""

from __future__ import annotations

from lib import app_graph


def test_every_package_is_on_the_map():
    assert app_graph.packages() == set(app_graph.apps())


def test_every_import_points_down():
    assert app_graph.problems(app_graph.scan()) == []


def test_the_allowed_exceptions_say_why():
    for reason in [*app_graph.UPWARD_ALLOWED.values(), *app_graph.INSIDE_FUNCTIONS_ALLOWED.values()]:
        assert reason.strip()


def _imports(source: str, app: str = "low") -> list[app_graph.Import]:
    return app_graph.imports_in(source, app, f"{app}/logic.py", ["high", "low", "base"])


def test_the_scan_finds_imports_at_the_top_and_inside_functions():
    found = _imports(
        "import base.env\n"
        "from low import models\n"  # its own app: not counted
        "from . import views\n"  # relative: its own app
        "try:\n    from high.models import Thing\nexcept ImportError:\n    pass\n"
        "def view():\n    from high import logic\n"
        "    def inner():\n        import base\n"
    )
    assert [(one.imported, one.module, one.line, one.in_function) for one in found] == [
        ("base", "base.env", 1, False),
        ("high", "high.models", 5, False),
        ("high", "high", 9, True),
        ("base", "base", 11, True),
    ]


def test_an_upward_import_a_cycle_and_a_hidden_import_are_each_refused():
    order = ["high", "low", "base"]
    upward = _imports("from high import logic\n")
    assert app_graph.problems(upward, order, {}, {}) == [
        "low imports high, which is above it: low/logic.py:1 high"
    ]
    # Two apps that import each other: whichever is listed lower imports one above it.
    cycle = app_graph.imports_in("import low\n", "high", "high/views.py", order) + upward
    assert len(app_graph.problems(cycle, order, {}, {})) == 1
    hidden = _imports("def f():\n    from base import env\n")
    assert "inside a function" in app_graph.problems(hidden, order, {}, {})[0]
    assert app_graph.problems(hidden, order, {}, {("low/logic.py", "base"): "breaks a cycle"}) == []


def test_an_exception_no_longer_needed_is_refused():
    stale = {("low", "high"): "ledger needed it once"}
    assert "no longer imports" in app_graph.problems([], ["high", "low"], stale, {})[0]


def test_the_map_in_the_developer_docs_is_current():
    docs = (app_graph.ROOT / "docs" / "developers.md").read_text(encoding="utf-8")
    assert app_graph.render(app_graph.scan()) in docs, (
        "Paste the output of `.venv/bin/python -m lib.app_graph` into docs/developers.md"
    )
