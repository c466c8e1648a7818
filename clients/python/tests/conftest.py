"""The suite runs against a running platform (test/e2e/python-client.spec.ts starts it
and prepares it): UNBLIND_URL and UNBLIND_TOKEN, the open and closed challenges' slugs,
and the client as installed (UNBLIND_CLI, the venv's `unblind`)."""

import os
import subprocess

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def _env(name):
    value = os.environ.get(name)
    if not value:
        pytest.skip(f"{name} is not set: run through test/e2e/python-client.spec.ts (npm run test:e2e)")
    return value


@pytest.fixture(scope="session")
def platform():
    return {
        "url": _env("UNBLIND_URL"),
        "token": _env("UNBLIND_TOKEN"),
        "open": _env("UNBLIND_TEST_OPEN"),
        "closed": _env("UNBLIND_TEST_CLOSED"),
        "limited": _env("UNBLIND_TEST_LIMITED"),
        "split": _env("UNBLIND_TEST_SPLIT"),
        "cli": os.environ.get("UNBLIND_CLI", "unblind"),
    }


@pytest.fixture
def home(tmp_path):
    """A config directory of its own for each test (login writes there)."""
    d = tmp_path / "config"
    d.mkdir()
    return str(d)


def run(cli, args, home, url="", token="", cwd=None):
    """One CLI call: (exit code, stdout, stderr)."""
    env = {**os.environ, "XDG_CONFIG_HOME": home, "UNBLIND_URL": url, "UNBLIND_TOKEN": token}
    r = subprocess.run(cli.split() + args, capture_output=True, text=True, env=env, cwd=cwd)
    return r.returncode, r.stdout, r.stderr


@pytest.fixture
def py(platform, home):
    """The Python CLI, logged in through the environment."""
    return lambda *args: run(platform["cli"], list(args), home, platform["url"], platform["token"])


@pytest.fixture
def node(platform, home):
    """The Node CLI (apps/cli), the same call."""
    return lambda *args: run("npx --no-install unblind", list(args), home, platform["url"], platform["token"], cwd=REPO)
