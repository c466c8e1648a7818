"""One contract: every route the client calls, and every field it reads, is declared by
the platform's /api/v1/openapi.json. A route or field the document does not declare fails
here before it fails a user."""

import json
import os
import re
import urllib.request

import pytest

SOURCE = os.path.join(os.path.dirname(__file__), "..", "unblind", "client.py")

#: The fields the client reads from each response schema (client.py and cli.py).
READS = {
    "ChallengeSummary": ["slug", "title", "acceptingSubmissions"],
    "DatasetFile": ["name", "size", "sha256", "url"],
    "Submission": ["id", "status", "scores", "error", "fileName", "createdAt"],
    "UploadStarted": ["id", "parts"],
    "Leaderboard": ["primaryMetric", "total", "rows"],
    "Receipt": ["sha256", "receivedAt", "canonical", "postUnblinding"],
}
ROW_FIELDS = ["rank", "participant", "scores", "interval", "tiedWithAbove", "submissions", "submittedAt", "submissionId"]


@pytest.fixture(scope="module")
def openapi(platform):
    with urllib.request.urlopen(f"{platform['url']}/api/v1/openapi.json") as res:
        return json.load(res)


NAMES = {"submission_id": "id", "slug": "slug", "box": "box", "id": "id"}


def template(path):
    """f"/challenges/{_q(slug)}/…" as the document writes it: /api/v1/challenges/{slug}/…."""
    path = re.sub(r"\{_q\((?:started\[')?(\w+)(?:'\])?\)\}", lambda m: "{" + NAMES.get(m.group(1), m.group(1)) + "}", path)
    return f"/api/v1{path}"


def client_routes():
    """Every path the client builds, and the method of each direct call."""
    text = open(SOURCE, encoding="utf-8").read()
    paths = {template(p) for p in re.findall(r'f?"(/[a-z][^"?]*)', text)}
    calls = {(m.lower(), template(p)) for m, p in re.findall(r'self\.api\.json\(\s*"(GET|POST|PUT|DELETE)",\s*f?"(/[^"?]*)', text)}
    assert len(paths) >= 10 and len(calls) >= 8, "the route scanner found too few calls"
    return paths, calls


def test_every_route_the_client_calls_is_declared(openapi):
    paths, calls = client_routes()
    for path in sorted(paths):
        assert path in openapi["paths"], f"{path} is not in the OpenAPI document"
    for method, path in sorted(calls):
        assert method in openapi["paths"][path], f"{method.upper()} {path} is not declared"


def test_every_field_the_client_reads_is_declared(openapi):
    schemas = openapi["components"]["schemas"]
    for name, fields in READS.items():
        declared = schemas[name].get("properties", {})
        for f in fields:
            assert f in declared, f"{name}.{f} is read by the client but not declared"
    row = schemas["Leaderboard"]["properties"]["rows"]["items"]["properties"]
    for f in ROW_FIELDS:
        assert f in row, f"Leaderboard.rows[].{f} is read by the client but not declared"
