"""Production settings pass Django's deployment checks (SECURITY.md check 15)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from lib.crypto import new_key_spec

BASE_DIR = Path(__file__).resolve().parents[2]


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """A clean environment (nothing from the test run) describing a production site."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "MEND_DEBUG": "false",
        "MEND_SECRET_KEY": secrets.token_urlsafe(64),
        "MEND_ALLOWED_HOSTS": "mend.example.org",
        "MEND_SITE_URL": "https://mend.example.org",
        "MEND_ENCRYPTION_KEYS": new_key_spec("prod1"),
        "DJANGO_SETTINGS_MODULE": "mend.settings",
        "MEND_ENV_FILE": "/nonexistent",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'mend.sqlite3'}",
    }
    env.update(overrides)
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "manage.py", *args]  # a fixed command: no outside input
    return subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120)


def test_deploy_checks_pass_with_no_warnings(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_deploy_checks_ask_for_the_site_address(tmp_path):
    env = production_env(tmp_path)
    del env["MEND_SITE_URL"]
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "mend.W005" in result.stderr + result.stdout


def test_deploy_checks_catch_a_weak_secret_key(tmp_path):
    env = production_env(tmp_path, MEND_SECRET_KEY="short")
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["MEND_SECRET_KEY"]
    result = manage(env, "check")
    assert result.returncode != 0
    assert "MEND_SECRET_KEY is not set" in result.stderr


def test_production_hashes_passwords_with_argon2id(tmp_path):
    code = "from django.contrib.auth.hashers import make_password; print(make_password('x'))"
    result = manage(production_env(tmp_path), "shell", "--no-startup", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("argon2$argon2id$")
