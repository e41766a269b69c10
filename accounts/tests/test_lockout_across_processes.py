"""The lockout and rate limits hold across three real server processes.

Three gunicorn processes on three ports of 127.0.0.1 share one SQLite file (sessions,
django-axes' failure records and, by default, the cache that holds allauth's counters),
as a clinic's processes behind one proxy would. Cookies ignore ports, so one
`requests.Session` is one browser whose requests land on whichever process we choose.
Everyone here comes from 127.0.0.1: one shared address, as in one home.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from email import message_from_string
from pathlib import Path

import pytest
import requests
from django.conf import settings

from accounts.tests.helpers import LOGIN_CODE, WRONG_PASSWORD
from tests.support import PASSWORD

ALICE, BOB, STRANGER = "alice@example.test", "bob@example.test", "nobody@example.test"
HOST = "127.0.0.1"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# The tables straight from the models (as pytest-django's --nomigrations does), which
# takes a second where replaying every migration takes many; the cache table the same
# way `migrate` makes it (accounts/migrations/0004_shared_cache_table.py).
SETUP = """
import django
from django.conf import settings

class NoMigrations(dict):
    def __contains__(self, app):
        return True

    def __getitem__(self, app):
        return None

settings.MIGRATION_MODULES = NoMigrations()
django.setup()
from django.core.management import call_command
call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)
call_command("createcachetable", verbosity=0)
from tests.support import make_user
make_user("alice")
make_user("bob")
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def server_environment(folder: Path) -> dict[str, str]:
    """Mend's own settings (not the test settings), on a fresh SQLite file, told it runs three processes."""
    keep = {name: value for name, value in os.environ.items() if name in ("PATH", "HOME", "LANG", "TMPDIR")}
    return keep | {
        "DJANGO_SETTINGS_MODULE": "mend.settings",
        "MEND_ENV_FILE": "/nonexistent-mend-env",
        "MEND_DEBUG": "true",  # plain HTTP on 127.0.0.1: no HTTPS redirect, no secure-only cookies
        "MEND_SECRET_KEY": "three-processes-test-key-" + "x" * 30,
        "MEND_ENCRYPTION_KEYS": os.environ["MEND_ENCRYPTION_KEYS"],
        "DATABASE_URL": f"sqlite:///{folder / 'mend.sqlite3'}",
        "MEND_MAIL_DIR": str(folder / "mail"),
        "MEND_HUEY_FILE": str(folder / "huey.sqlite3"),
        "MEND_COACH_LEARNED": "false",
        "MEND_PROCESSES": "3",
        "PYTHONPATH": str(settings.BASE_DIR),
    }


def wait_until_answering(port: int, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"the server on port {port} stopped: {process.stderr.read().decode()[-2000:]}"
            )
        try:
            if requests.get(f"http://{HOST}:{port}/accounts/login/", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.2)
    raise AssertionError(f"the server on port {port} did not answer in time")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)  # gunicorn: quick shutdown
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """Three gunicorn processes over one database; stopped however the tests end."""
    folder = tmp_path_factory.mktemp("three-processes")
    env = server_environment(folder)
    # The servers load Mend while the database is being made: they need it only to answer.
    setup = subprocess.Popen([sys.executable, "-c", SETUP], env=env, cwd=settings.BASE_DIR)
    ports = [free_port() for _ in range(3)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "mend.wsgi", "--bind", f"{HOST}:{port}", "--workers", "1"],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        assert setup.wait(timeout=60) == 0
        deadline = time.monotonic() + 30
        for port, process in zip(ports, processes, strict=True):
            wait_until_answering(port, process, deadline)
        yield type("Servers", (), {"ports": ports, "mail": folder / "mail"})
    finally:
        for process in [setup, *processes]:
            stop(process)


class Browser:
    """One person's browser; each request goes to the process (port) named."""

    def __init__(self, ports: list[int]):
        self.ports = ports
        self.session = requests.Session()

    def url(self, process: int, path: str) -> str:
        return f"http://{HOST}:{self.ports[process]}{path}"

    def post_form(self, process: int, path: str, data: dict) -> requests.Response:
        page = self.session.get(self.url(process, path), timeout=10)
        token = CSRF_FIELD.search(page.text).group(1)
        return self.session.post(
            self.url(process, path),
            data={"csrfmiddlewaretoken": token, **data},
            allow_redirects=False,
            timeout=10,
        )

    def log_in(self, process: int, email: str, password: str) -> requests.Response:
        return self.post_form(process, "/accounts/login/", {"login": email, "password": password})

    def signed_in(self, process: int) -> bool:
        response = self.session.get(self.url(process, "/settings/"), allow_redirects=False, timeout=10)
        return response.status_code == 200


def last_code_mailed_to(folder: Path, email: str) -> str:
    for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
        for raw in reversed(path.read_text().split("-" * 79)):
            if f"To: {email}" in raw:
                message = message_from_string(raw.strip())
                for part in message.walk():
                    if part.get_content_type() == "text/plain":
                        found = LOGIN_CODE.search(part.get_payload(decode=True).decode())
                        if found:
                            return found.group(1)
    raise AssertionError(f"no sign-in code was mailed to {email}")


def test_three_processes_share_the_lockout_and_leave_two_ways_in(servers):
    attacker, alice, bob = (Browser(servers.ports) for _ in range(3))

    # Five wrong passwords spread over the three processes (2 + 2 + 1): none of them
    # alone has seen five, so only a shared count can lock the pair.
    answers = [attacker.log_in(process, ALICE, WRONG_PASSWORD).status_code for process in (0, 1, 2, 0, 1)]
    assert answers == [200, 200, 200, 200, 429]  # the fifth failure is the one that locks

    for process in (0, 1, 2):
        locked = alice.log_in(process, ALICE, PASSWORD)
        assert locked.status_code == 429
        assert "You can still get in now" in locked.text
    assert not alice.signed_in(2)

    # Someone else at the same address is not touched by it.
    assert bob.log_in(1, BOB, PASSWORD).status_code == 302
    assert bob.signed_in(2)

    # Alice asks for a code on one process and enters it on another.
    asked = alice.post_form(0, "/accounts/login/code/", {"email": ALICE})
    assert asked.status_code == 302
    code = last_code_mailed_to(servers.mail, ALICE)
    entered = alice.post_form(2, "/accounts/login/code/confirm/", {"code": code})
    assert entered.status_code == 302
    assert alice.signed_in(1)


def test_three_processes_count_code_requests_together(servers):
    """allauth's counters (here: three code requests a minute per address) live in the shared cache.

    Each request comes from a fresh browser, as a script would send them (one browser
    waiting for its code is sent back to the code page instead of asking again).
    """
    answers = [
        Browser(servers.ports).post_form(process, "/accounts/login/code/", {"email": STRANGER})
        for process in (0, 1, 2, 0)
    ]
    assert [answer.status_code for answer in answers] == [302, 302, 302, 200]
    assert "Too many" in answers[-1].text


def test_gunicorn_refuses_to_start_several_workers_on_a_per_process_cache(tmp_path):
    (tmp_path / "per_process_settings.py").write_text(
        "from mend.settings import *  # noqa: F403\n"
        'CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}\n'
    )
    env = server_environment(tmp_path) | {
        "DJANGO_SETTINGS_MODULE": "per_process_settings",
        "PYTHONPATH": f"{settings.BASE_DIR}:{tmp_path}",
        "MEND_PROCESSES": "1",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "mend.wsgi",
        "--bind",
        f"{HOST}:{free_port()}",
        "--workers",
        "2",
    ]
    refused = subprocess.run(command, env=env, cwd=settings.BASE_DIR, capture_output=True, timeout=60)
    assert refused.returncode != 0
    assert "2 processes" in refused.stderr.decode()
    assert "LocMemCache" in refused.stderr.decode()
