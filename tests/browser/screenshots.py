"""Screenshots of the demo's main pages at phone size, in English and Spanish (`make screenshots`).

    python -m tests.browser.screenshots [--out docs/screenshots]

Starts Mend on a throwaway SQLite database holding only the demo circle, logs in as
Sam (English) and María (Spanish) in Debian's Chromium, saves one 390×844 PNG of each
page (what a phone shows first) and writes an index, docs/screenshots/README.md.
Nothing leaves this machine; the database and the server go away at the end.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VIEWPORT = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Shot:
    slug: str
    title: str
    path: str  # a URL path, or "" when this person cannot see the page


def _environment(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",  # test keys and fast hashing: throwaway data only
        DATABASE_URL=f"sqlite:///{workdir / 'mend.sqlite3'}",
        MEND_MAIL_DIR=str(workdir / "mail"),
        PYTHONPATH=str(ROOT),
    )
    return env


def _prepare(env: dict[str, str]) -> dict[str, list[Shot]]:
    """Make the database with the demo, and the pages to take for each person (run in a child
    process so that this one never holds Django or the database while the browser runs)."""
    for command in (["migrate", "--noinput", "-v0"], ["demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    out = subprocess.run(
        [sys.executable, "-c", "from tests.browser.screenshots import _pages; _pages()"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    shots: dict[str, list[Shot]] = {}
    for line in out.splitlines():
        person, slug, title, path = line.split("\t")
        shots.setdefault(person, []).append(Shot(slug, title, path))
    return shots


def _pages() -> None:
    """Print, for Sam and María, one line per page: person, slug, title, path."""
    import django

    django.setup()
    from django.urls import reverse

    from checkins.models import TimeOut
    from circles.models import Member
    from mend.demo import demo_circle
    from reachout.models import Plan
    from repair.models import Rupture

    circle = demo_circle()
    c = circle.pk
    for person, email in (("sam", "sam@demo.mend.test"), ("maria", "maria@demo.mend.test")):
        me = Member.objects.get(circle=circle, user__email=email)
        other = Member.objects.get(
            circle=circle, user__email="alex@demo.mend.test" if person == "sam" else "sam@demo.mend.test"
        )
        ruptures = Rupture.objects.visible_to(me)
        repaired = ruptures.filter(status=Rupture.Status.REPAIRED).order_by("created_at").first()
        going = ruptures.filter(status=Rupture.Status.OPEN).first()
        plan = Plan.objects.visible_to(me).first()
        timeout = TimeOut.objects.visible_to(me).order_by("-created_at").first()
        rows = [
            ("home", "Circle home", reverse("circles:home", args=[c])),
            ("promises", "My promises", reverse("ledger:mine", args=[c])),
            ("promises-all", "All promises", reverse("ledger:circle_promises", args=[c])),
            (
                "relationship",
                "One relationship over months",
                reverse("ledger:relationship", args=[c, other.pk]),
            ),
            ("moments", "Small moments", reverse("ledger:moments", args=[c])),
            ("check-in", "Check-in", reverse("checkins:home", args=[c])),
            ("trends", "Check-in trends", reverse("checkins:trends", args=[c])),
            ("time-out", "A time-out", reverse("checkins:timeout", args=[c, timeout.pk]) if timeout else ""),
            ("repairs", "Repairs", reverse("repair:list", args=[c])),
            (
                "repair-finished",
                "A finished repair",
                reverse("repair:detail", args=[c, repaired.pk]) if repaired else "",
            ),
            (
                "repair-in-progress",
                "A repair in progress",
                reverse("repair:detail", args=[c, going.pk]) if going else "",
            ),
            ("time-to-repair", "Time to repair", reverse("repair:time", args=[c])),
            ("reach-out", "When they reach out", reverse("reachout:list", args=[c])),
            (
                "reach-out-plan",
                "A reach-out plan",
                reverse("reachout:plan", args=[c, plan.pk]) if plan else "",
            ),
            (
                "offers",
                "Offers to show change",
                reverse("reachout:offers", args=[c]) if person == "sam" else "",
            ),
            ("phrases", "Repair phrases", reverse("phrases:library", args=[c])),
            ("appreciations", "Appreciations", reverse("appreciations:list", args=[c])),
            ("notifications", "Notifications", reverse("notifications:list")),
        ]
        for slug, title, path in rows:
            print(f"{person}\t{slug}\t{title}\t{path}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(env: dict[str, str], port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("The server did not start.")


PEOPLE = {
    "sam": ("en", "sam@demo.mend.test", "sam-demo-2026"),
    "maria": ("es", "maria@demo.mend.test", "maria-demo-2026"),
}


def _take(base: str, shots: dict[str, list[Shot]], out: Path) -> dict[tuple[str, str], str]:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, OUTSIDE, OUTSIDE_PAGE

    saved = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for person, (lang, email, password) in PEOPLE.items():
            context = browser.new_context(
                base_url=base, viewport=VIEWPORT, locale=lang, timezone_id="America/New_York"
            )
            context.route(
                OUTSIDE, lambda route: route.fulfill(status=200, content_type="text/html", body=OUTSIDE_PAGE)
            )
            page = context.new_page()
            page.goto("/accounts/login/")
            page.fill("#id_login", email)
            page.fill("#id_password", password)
            page.press("#id_password", "Enter")
            page.wait_for_url(lambda url: "/accounts/login" not in url)
            for shot in shots[person]:
                if not shot.path:
                    continue
                page.goto(shot.path)
                page.wait_for_load_state("load")
                name = f"{lang}-{shot.slug}.png"
                page.screenshot(path=str(out / name), animations="disabled")
                saved[(shot.slug, lang)] = name
                print(f"  {name}")
            context.close()
        browser.close()
    return saved


def _index(shots: dict[str, list[Shot]], saved: dict, out: Path) -> None:
    lines = [
        "# Screenshots of the demo",
        "",
        "The demo circle (`make run`) at phone size (390×844), as Sam in English and as",
        "María in Spanish. Made by `make screenshots` (`python -m tests.browser.screenshots`);",
        "run it again after changing a page. A dash: that person cannot see such a page.",
        "",
        "| Page | English (Sam) | Español (María) |",
        "| --- | --- | --- |",
    ]

    def cell(slug, lang):
        name = saved.get((slug, lang))
        return f"[![{slug} {lang}]({name})]({name})" if name else "—"

    for shot in shots["sam"]:
        lines.append(f"| {shot.title} | {cell(shot.slug, 'en')} | {cell(shot.slug, 'es')} |")
    (out / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    out = parser.parse_args().out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mend-screenshots-") as workdir:
        env = _environment(Path(workdir))
        print("==> Making a throwaway database with the demo circle")
        shots = _prepare(env)
        port = _free_port()
        server = _serve(env, port)
        try:
            print(f"==> Taking screenshots into {out}")
            for old in out.glob("*.png"):
                old.unlink()
            saved = _take(f"http://127.0.0.1:{port}", shots, out)
        finally:
            server.terminate()
            server.wait(timeout=10)
        _index(shots, saved, out)
    print(f"==> {len(saved)} screenshots and {out / 'README.md'}")


if __name__ == "__main__":
    main()
