"""Screenshots of the demo's main pages at phone size, in English and Spanish (`make screenshots`).

    python -m tests.browser.screenshots [--out docs/screenshots] [--everyone]

Starts Mend on a throwaway SQLite database holding only the demo circle, logs in as
Sam (English) and María (Spanish) in Debian's Chromium, saves one 390×844 PNG of each
page (what a phone shows first, its bottom bar at the bottom), one of the whole page for
a few long pages, and writes an index, docs/screenshots/README.md. `--everyone` takes
all four demo people's pages instead (into --out, no index), to check the demo.
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

# Everyone in the demo (for `--everyone`, a check of every person's pages), and the two
# whose pages are committed: Sam in English, María in Spanish.
EVERYONE = {
    "sam": ("en", "sam@demo.mend.test", "sam-demo-2026"),
    "maria": ("es", "maria@demo.mend.test", "maria-demo-2026"),
    "alex": ("en", "alex@demo.mend.test", "alex-demo-2026"),
    "jordan": ("en", "jordan@demo.mend.test", "jordan-demo-2026"),
}
PEOPLE = ("sam", "maria")
# Long pages also get one picture of the whole page, as it scrolls past on a phone.
WHOLE = ("home", "repair-in-progress")


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
    """Print, for each demo person, one line per page: person, slug, title, path.

    The main pages only (about thirty pictures in all, so the folder stays small)."""
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
    for person, (_lang, email, _password) in EVERYONE.items():
        me = Member.objects.get(circle=circle, user__email=email)
        # The relationship each person looks at most: Sam and Alex's, the others' with Sam.
        other_email = EVERYONE["alex" if person == "sam" else "sam"][1]
        other = Member.objects.get(circle=circle, user__email=other_email)
        ruptures = Rupture.objects.visible_to(me)
        repaired = ruptures.filter(status=Rupture.Status.REPAIRED).order_by("created_at").first()
        going = ruptures.filter(status=Rupture.Status.OPEN).first()
        plan = Plan.objects.visible_to(me).first()
        timeout = TimeOut.objects.visible_to(me).order_by("-created_at").first()
        rows = [
            ("home", "Circle home", reverse("circles:home", args=[c])),
            ("promises", "My promises", reverse("ledger:mine", args=[c])),
            (
                "relationship",
                "One relationship over months",
                reverse("ledger:relationship", args=[c, other.pk]),
            ),
            ("moments", "Small moments", reverse("ledger:moments", args=[c])),
            ("check-in", "Check-in", reverse("checkins:home", args=[c])),
            ("check-in-new", "Checking in: body first", reverse("checkins:new", args=[c])),
            ("promise-new", "Making a promise", reverse("ledger:new", args=[c])),
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


def _take(base: str, shots: dict[str, list[Shot]], out: Path, people, named) -> dict[tuple[str, str], str]:
    """Log in as each of `people` and save each page; `named(person, lang, slug)` is the file stem."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, OUTSIDE, OUTSIDE_PAGE

    saved = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for person in people:
            lang, email, password = EVERYONE[person]
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
                stem = named(person, lang, shot.slug)
                page.screenshot(path=str(out / f"{stem}.png"), animations="disabled")
                saved[(shot.slug, person)] = f"{stem}.png"
                print(f"  {stem}.png")
                if shot.slug in WHOLE:
                    _whole_page(page, out / f"{stem}-whole.png")
                    saved[(shot.slug + "-whole", person)] = f"{stem}-whole.png"
                    print(f"  {stem}-whole.png")
            context.close()
        browser.close()
    return saved


def _whole_page(page, path: Path) -> None:
    """The whole page as one tall phone screen. Playwright's full-page capture leaves the
    fixed bottom bar where the first screen ends, over the middle of the page; a window as
    tall as the page puts it at the bottom, where a phone shows it."""
    for _ in range(3):  # the page may grow a little when the window does
        height = page.evaluate("document.documentElement.scrollHeight")
        if height <= page.viewport_size["height"]:
            break
        page.set_viewport_size({"width": VIEWPORT["width"], "height": min(height, 6000)})
    page.screenshot(path=str(path), animations="disabled")
    page.set_viewport_size(VIEWPORT)


def _index(shots: dict[str, list[Shot]], saved: dict, out: Path) -> None:
    lines = [
        "# Screenshots of the demo",
        "",
        "The demo circle (`make run`) at phone size (390×844), as Sam in English and as",
        "María in Spanish: what the phone shows first, and for long pages the whole page too.",
        "Made by `make screenshots` (`python -m tests.browser.screenshots`); run it again",
        "after changing a page. A dash: that person cannot see such a page.",
        "",
        "| Page | English (Sam) | Español (María) |",
        "| --- | --- | --- |",
    ]

    def cell(slug, person):
        name = saved.get((slug, person))
        return f"[![{slug} {EVERYONE[person][0]}]({name})]({name})" if name else "—"

    for shot in shots["sam"]:
        lines.append(f"| {shot.title} | {cell(shot.slug, 'sam')} | {cell(shot.slug, 'maria')} |")
        if shot.slug in WHOLE:
            slug = shot.slug + "-whole"
            lines.append(f"| {shot.title} (whole page) | {cell(slug, 'sam')} | {cell(slug, 'maria')} |")
    (out / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument(
        "--everyone",
        action="store_true",
        help="all four demo people, named by person, no index (to check the demo; not committed)",
    )
    args = parser.parse_args()
    out = args.out.resolve()
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
            if args.everyone:
                saved = _take(
                    f"http://127.0.0.1:{port}", shots, out, EVERYONE, lambda who, _lang, slug: f"{who}-{slug}"
                )
            else:
                saved = _take(
                    f"http://127.0.0.1:{port}", shots, out, PEOPLE, lambda _who, lang, slug: f"{lang}-{slug}"
                )
        finally:
            server.terminate()
            server.wait(timeout=10)
        if not args.everyone:
            _index(shots, saved, out)
    print(f"==> {len(saved)} screenshots and {out / 'README.md'}")


if __name__ == "__main__":
    main()
