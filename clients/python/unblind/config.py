"""Where the client talks to and with which token: UNBLIND_URL / UNBLIND_TOKEN, else
~/.config/unblind/config.json (XDG_CONFIG_HOME respected), written by ``unblind login``
with mode 0600 -- the same file as the Node CLI's."""

import json
import os

from .errors import NotLoggedIn


def config_path():
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return os.path.join(base, "unblind", "config.json")


def load_config(url=None, token=None):
    saved = {}
    path = config_path()
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            saved = json.load(f)
    url = url or os.environ.get("UNBLIND_URL") or saved.get("url")
    token = token or os.environ.get("UNBLIND_TOKEN") or saved.get("token")
    if not url or not token:
        raise NotLoggedIn(
            "Not logged in: run `unblind login --url <url> --token <token>`, or set UNBLIND_URL and UNBLIND_TOKEN."
        )
    return url.rstrip("/"), token


def save_config(url, token):
    path = config_path()
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(json.dumps({"url": url, "token": token}, indent=2) + "\n")
    os.chmod(path, 0o600)
    return path
