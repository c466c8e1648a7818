"""``unblind <command>``: the same verbs, options, exit codes and output as the Node CLI
(apps/cli). Exit codes: 0 done; 1 refused or failed (the server's reason is printed);
2 usage; 3 the submission ended invalid or failed (with --wait)."""

import argparse
import csv
import io
import os
import sys

from .api import Api
from .client import Client, board_rows
from .config import save_config
from .errors import SubmissionFailed, UnblindError, UsageError
from .jsjson import js_number, stringify, to_precision

USAGE = """usage: unblind <command>
  login --url <url> --token <token>     check the token and save it
  challenges                            list the challenges
  download <slug> [--dest <dir>]        download and verify the files (resumes)
  submit <slug> <file> [--description <text>] [--phase <name>] [--wait]
  submit <slug> --code <folder|archive> [--phase <name>] [--wait]
                                        a program for a code phase: a folder is sent as a .tar.gz
  answer <slug> <box> <answer.json> [--scores <file>]
                                        answer a black box (sealed until it is opened); prints the receipt
  submissions <slug>                    your submissions
  leaderboard <slug> [--phase <name>] [--private] [--json | --csv]
                                        the leaderboard (every page; --private once revealed)
  select <submission-id> [--unselect]   choose a final submission for the private leaderboard
  unselect <submission-id>              drop it again
Settings: UNBLIND_URL, UNBLIND_TOKEN, or the file written by login."""


def _js_string(v):
    """JavaScript's String(v), as the Node CLI's cells print a value."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return js_number(v)
    if isinstance(v, list):
        return ",".join(_js_string(x) for x in v)
    if isinstance(v, dict):
        return "[object Object]"
    return str(v)


def _cell(v):
    """A table cell as the Node CLI prints it: integers whole, other numbers to 6 significant digits, '-' for none."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return js_number(v) if float(v).is_integer() else to_precision(v, 6)
    return "-" if v is None else _js_string(v)


def table(rows, columns):
    cells = [[_cell(get(r)) for _, get in columns] for r in rows]
    widths = [max([len(h)] + [len(c[i]) for c in cells]) for i, (h, _) in enumerate(columns)]
    line = lambda c: "  ".join(v.ljust(widths[i]) for i, v in enumerate(c)).rstrip()  # noqa: E731
    return "\n".join([line([h for h, _ in columns]), line(["-" * w for w in widths])] + [line(c) for c in cells])


def _parser():
    p = argparse.ArgumentParser(prog="unblind", add_help=False, usage=argparse.SUPPRESS)
    p.add_argument("positionals", nargs="*")
    for name in ("--url", "--token", "--dest", "--description", "--scores", "--phase", "--code"):
        p.add_argument(name)
    for name in ("--wait", "--json", "--csv", "--private", "--unselect", "--help"):
        p.add_argument(name, action="store_true")
    return p


def run(argv, out=print):
    """Runs one command; returns the exit code (errors are raised as UnblindError)."""
    values, unknown = _parser().parse_known_args(argv)
    if unknown:
        raise UsageError(f"Unknown option '{unknown[0]}'\n{USAGE}")
    command, *args = values.positionals or [None]
    if values.help or not command:
        out(USAGE)
        return 0 if command or values.help else 2

    def need(i, what):
        if len(args) <= i or not args[i]:
            raise UsageError(f"missing {what}\n{USAGE}")
        return args[i]

    if command == "login":
        if not values.url:
            raise UsageError(f"missing --url\n{USAGE}")
        if not values.token:
            raise UsageError(f"missing --token\n{USAGE}")
        url = values.url.rstrip("/")
        challenges = Api(url, values.token).json("GET", "/challenges")
        path = save_config(url, values.token)
        out(f"Logged in to {url}: the token works ({len(challenges)} challenge(s) visible). Saved to {path}.")
        return 0

    client = Client()
    if command == "challenges":
        rows = client.challenges()
        out(
            stringify(rows)
            if values.json
            else table(
                rows,
                [
                    ("slug", lambda r: r["slug"]),
                    ("open", lambda r: "yes" if r.get("acceptingSubmissions") else "no"),
                    ("title", lambda r: r["title"]),
                ],
            )
        )
        return 0
    if command == "download":
        slug = need(0, "<slug>")
        out("\n".join(client.download(slug, values.dest or slug)))
        return 0
    if command == "submit":
        slug = need(0, "<slug>")
        file = pack_code(values.code) if values.code else need(1, "<file>")
        if not os.path.isfile(file):
            raise UsageError(f"No such file: {file}")
        submission, code = client.submit(slug, file, description=values.description, phase=values.phase), 0
        if values.wait:
            try:
                submission = client.wait(submission["id"])
            except SubmissionFailed as e:
                sys.stderr.write(f"{e}\n")
                submission, code = e.submission, 3
        scores = submission.get("scores")
        out(
            stringify(submission)
            if values.json or not scores
            else table(
                [{"k": k, "v": v} for k, v in scores.items()],
                [("metric", lambda r: r["k"]), ("value", lambda r: r["v"])],
            )
        )
        return code
    if command == "answer":
        slug, box, file = need(0, "<slug>"), need(1, "<box>"), need(2, "<answer.json>")
        receipt = client.answer(slug, box, file, scores=values.scores)
        out(
            stringify(receipt)
            if values.json
            else f"{'post-unblinding answer received' if receipt.get('postUnblinding') else 'sealed'}: "
            f"receipt SHA-256 {receipt['sha256']} at {receipt['receivedAt']}\n{receipt['canonical']}"
        )
        return 0
    if command == "submissions":
        rows = client.submissions(need(0, "<slug>"))
        out(
            stringify(rows)
            if values.json
            else table(
                rows,
                [
                    ("id", lambda r: r["id"]),
                    ("status", lambda r: str(r["status"]).lower()),
                    ("file", lambda r: r.get("fileName")),
                    ("submitted", lambda r: r.get("createdAt")),
                    ("error", lambda r: (r.get("error") or {}).get("message")),
                ],
            )
        )
        return 0
    if command == "leaderboard":
        board = client.leaderboard_json(need(0, "<slug>"), phase=values.phase, private=values.private)
        metric = board["primaryMetric"]

        def interval(r):
            i = r.get("interval")
            return f"[{_cell(i['low'])}, {_cell(i['high'])}]" if i else None

        if values.json:
            out(stringify(board))
        elif values.csv:
            out(board_csv(board).rstrip("\n"))
        else:
            out(
                table(
                    board["rows"],
                    [
                        ("rank", lambda r: f"{r['rank']}{' ≈' if r.get('tiedWithAbove') else ''}"),
                        ("participant", lambda r: r["participant"]),
                        (metric, lambda r: r["scores"].get(metric)),
                        ("68% interval", interval),
                        ("submitted", lambda r: r["submittedAt"]),
                    ],
                )
            )
        return 0
    if command in ("select", "unselect"):
        sid = need(0, "<submission-id>")
        result = client.select(sid, selected=not (values.unselect or command == "unselect"))
        out(
            stringify(result)
            if values.json
            else f"{sid} {'selected' if result['selected'] else 'unselected'}: "
            f"{result['selectedCount']} of {result['maxSelections']} final submission(s) chosen"
        )
        return 0
    raise UsageError(f'unknown command "{command}"\n{USAGE}')


def pack_code(source):
    """A code submission: an archive as it is, or a folder packed as <folder>.tar.gz (regular files only, sorted)."""
    import tarfile
    import tempfile

    if os.path.isfile(source):
        return source
    if not os.path.isdir(source):
        raise UsageError(f"No such folder or archive: {source}")
    root = os.path.abspath(source)
    out = os.path.join(tempfile.mkdtemp(prefix="unblind-code-"), f"{os.path.basename(root)}.tar.gz")
    with tarfile.open(out, "w:gz") as tar:
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                if os.path.isfile(path) and not os.path.islink(path):
                    tar.add(path, arcname=os.path.relpath(path, root), recursive=False)
    return out


def board_csv(board):
    """The board as CSV: one row per participant, the flat columns of board_rows (as apps/cli/src/board-csv.ts)."""
    rows = board_rows(board)
    columns = list(dict.fromkeys(k for r in rows for k in r)) or ["rank", "participant"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([_js_string(r.get(c)) for c in columns])
    return buf.getvalue()


def main(argv=None):
    try:
        code = run(sys.argv[1:] if argv is None else argv)
    except UnblindError as e:
        sys.stderr.write(f"unblind: {e}\n")
        code = e.exit_code
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)


if __name__ == "__main__":
    main()
