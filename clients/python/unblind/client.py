"""``Client``: every verb of the CLI as a function for scripts and notebooks.
Functions return plain Python values (or a pandas DataFrame for a leaderboard,
when pandas is installed) and raise typed errors; they never exit."""

import hashlib
import io
import json
import os
import time
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

from .api import USER_AGENT, Api
from .config import load_config
from .errors import SubmissionFailed, UnblindError, UsageError
from .progress import Progress

#: Files from this size go in parts straight to object storage (as the Node CLI; UNBLIND_MULTIPART_MIN_BYTES).
PARTS_FROM_BYTES = int(os.environ.get("UNBLIND_MULTIPART_MIN_BYTES") or 64 * 1024 * 1024)
_q = lambda s: urllib.parse.quote(str(s), safe="")  # noqa: E731


def _sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class Client:
    """A client of one Unblind platform.

    ``Client()`` takes UNBLIND_URL and UNBLIND_TOKEN, else the file ``unblind login`` wrote;
    ``Client(url=…, token=…)`` names them. ``progress``: progress lines on stderr (default: in a
    terminal only, so none in a notebook unless asked)."""

    def __init__(self, url=None, token=None, progress=None, timeout=60):
        self.url, token = load_config(url, token)
        self.api = Api(self.url, token, timeout=timeout)
        self.progress = progress

    # -- reading ------------------------------------------------------------------------
    def challenges(self):
        """The challenges the token may see."""
        return self.api.json("GET", "/challenges")

    def challenge(self, slug):
        return self.api.json("GET", f"/challenges/{_q(slug)}")

    def files(self, slug):
        """The files the token may download: name, size, sha256 and a short-lived URL."""
        return self.api.json("GET", f"/challenges/{_q(slug)}/files")

    def submissions(self, slug):
        """Your submissions to a challenge, newest first."""
        return self.api.json("GET", f"/challenges/{_q(slug)}/submissions")

    def submission(self, submission_id):
        return self.api.json("GET", f"/submissions/{_q(submission_id)}")

    def box(self, slug, box):
        """A black box: your receipts; after the opening, the key and everyone's pulls."""
        return self.api.json("GET", f"/challenges/{_q(slug)}/boxes/{_q(box)}")

    def leaderboard_json(self, slug, phase=None, private=False):
        """The whole board as the API gives it (every page), rows included."""
        query = {**({"phase": phase} if phase else {}), **({"board": "private"} if private else {}), "limit": "1000"}
        base = f"/challenges/{_q(slug)}/leaderboard?{urllib.parse.urlencode(query)}"
        board = self.api.json("GET", base)
        while len(board["rows"]) < board["total"]:
            page = self.api.json("GET", f"{base}&offset={len(board['rows'])}")
            if not page["rows"]:
                break
            board["rows"].extend(page["rows"])
        return board

    def leaderboard(self, slug, phase=None, private=False, as_frame=None):
        """The board's rows, flat: rank, participant, each metric, the interval, submittedAt.

        A pandas DataFrame when pandas is installed (``as_frame=False``: a list of dicts)."""
        rows = board_rows(self.leaderboard_json(slug, phase=phase, private=private))
        if as_frame is False:
            return rows
        try:
            import pandas as pd
        except ImportError:
            if as_frame:
                raise UnblindError("as_frame=True needs pandas") from None
            return rows
        return pd.DataFrame(rows)

    # -- downloading ----------------------------------------------------------------------
    def download(self, slug, dest=None):
        """Every file the token may download into ``dest`` (default: ./<slug>): resumed from a
        ``.part`` file, verified by SHA-256, skipped when already there. Returns the paths."""
        dest = os.path.abspath(dest or slug)
        os.makedirs(dest, exist_ok=True)
        saved = []
        for f in self.files(slug):
            target = os.path.join(dest, os.path.basename(f["name"]))
            if os.path.exists(target) and os.path.getsize(target) == f["size"] and _sha256_of(target) == f["sha256"]:
                self._note(f"{f['name']}: already downloaded and verified")
                saved.append(target)
                continue
            part = target + ".part"
            self._fetch(f, part)
            actual = _sha256_of(part)
            if actual != f["sha256"]:
                os.remove(part)
                raise UnblindError(
                    f"{f['name']}: SHA-256 MISMATCH. Expected {f['sha256']}, got {actual}. "
                    "The file was not kept; report this to the organizers."
                )
            os.replace(part, target)
            saved.append(target)
        return saved

    def _fetch(self, f, part):
        have = os.path.getsize(part) if os.path.exists(part) else 0
        headers = {"user-agent": USER_AGENT}
        if 0 < have < f["size"]:
            headers["range"] = f"bytes={have}-"
        try:
            res = urllib.request.urlopen(urllib.request.Request(f["url"], headers=headers), timeout=self.api.timeout)
        except OSError as e:
            raise UnblindError(f"{f['name']}: download failed ({e})") from None
        resumed = res.status == 206
        progress = Progress(f["name"], f["size"], self.progress)
        progress.add(have if resumed else 0)
        with res, open(part, "ab" if resumed else "wb") as out:
            for chunk in iter(lambda: res.read(1 << 20), b""):
                out.write(chunk)
                progress.add(len(chunk))
        progress.finish(f"(resumed at {have} bytes)" if resumed else "")

    # -- submitting -----------------------------------------------------------------------
    def submit(self, slug, data, wait=False, description=None, file_name=None, poll_seconds=0.5, phase=None):
        """Submits a file (a path), or a pandas DataFrame (sent as CSV without its index).

        ``phase``: the phase by name (a code phase takes a program: model.py or an archive);
        by default the open standard phase.

        ``wait=False``: the submission's record. ``wait=True``: follows it to its end and
        returns its scores; an INVALID or FAILED submission raises SubmissionFailed."""
        if hasattr(data, "to_csv"):
            body = data.to_csv(index=False).encode("utf-8")
            name = file_name or "submission.csv"
            created = self._post_file(slug, io.BytesIO(body), len(body), name, description, phase)
        else:
            path = os.fspath(data)
            if not os.path.isfile(path):
                raise UsageError(f"No such file: {path}")
            size = os.path.getsize(path)
            name = file_name or os.path.basename(path)
            if size >= PARTS_FROM_BYTES:
                created = self._upload_in_parts(slug, path, size, name, description, phase)
            else:
                with open(path, "rb") as f:
                    created = self._post_file(slug, f, size, name, description, phase)
        self._note(f"submission {created['id']}: {created['status'].lower()}")
        if not wait:
            return created
        return self.wait(created["id"], poll_seconds)["scores"]

    def wait(self, submission_id, poll_seconds=0.5):
        """The submission once scored; SubmissionFailed when it ends INVALID or FAILED."""
        delay = poll_seconds
        while True:
            s = self.submission(submission_id)
            if s["status"] == "SCORED":
                return s
            if s["status"] in ("INVALID", "FAILED"):
                raise SubmissionFailed(s)
            time.sleep(delay)
            delay = min(delay * 1.5, 5)

    def _post_file(self, slug, stream, size, name, description, phase=None):
        boundary = f"unblind-{uuid.uuid4()}"
        safe = name.replace('"', "")
        fields = [("description", description), ("phase", phase)]
        head = (
            "".join(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n{value}\r\n'
                for field, value in fields
                if value
            )
            + f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{safe}"\r\n'
            + "Content-Type: application/octet-stream\r\n\r\n"
        ).encode("utf-8")
        tail = f"\r\n--{boundary}--\r\n".encode()
        progress = Progress(f"uploading {name}", size, self.progress)
        body = _Body(head, stream, tail, progress)
        res = self.api.json(
            "POST",
            f"/challenges/{_q(slug)}/submissions",
            body=body,
            headers={
                "content-type": f"multipart/form-data; boundary={boundary}",
                "content-length": str(len(head) + size + len(tail)),
                "idempotency-key": str(uuid.uuid4()),
            },
        )
        progress.finish("sent")
        return res

    def _upload_in_parts(self, slug, path, size, name, description, phase=None):
        started = self.api.json(
            "POST",
            f"/challenges/{_q(slug)}/uploads",
            {
                "fileName": name,
                "size": size,
                **({"description": description} if description else {}),
                **({"phase": phase} if phase else {}),
            },
            headers={"idempotency-key": str(uuid.uuid4())},
        )
        if "parts" not in started:
            return started  # made already by an earlier try with this key
        progress = Progress(f"uploading {name}", size, self.progress)

        def put(part):
            for attempt in (1, 2, 3):
                try:
                    with open(path, "rb") as f:
                        f.seek(part["offset"])
                        data = f.read(part["size"])
                    req = urllib.request.Request(part["url"], data=data, method="PUT")
                    with urllib.request.urlopen(req, timeout=self.api.timeout) as res:
                        etag = res.headers.get("etag")
                    if not etag:
                        raise OSError("the object store answered without an ETag")
                    progress.add(part["size"])
                    return {"partNumber": part["partNumber"], "etag": etag}
                except OSError as e:
                    if attempt == 3:
                        raise UnblindError(
                            f"part {part['partNumber']} could not be sent to the object store after 3 attempt(s): {e}"
                        ) from None
                    time.sleep(0.5 * attempt)

        todo = [p for p in started["parts"] if not p.get("done")]
        with ThreadPoolExecutor(4) as pool:
            parts = sorted(pool.map(put, todo), key=lambda p: p["partNumber"])
        progress.finish("sent")
        return self.api.json("POST", f"/uploads/{_q(started['id'])}/complete", {"parts": parts})

    # -- choices and answers --------------------------------------------------------------
    def select(self, submission_id, selected=True):
        """Chooses (or with selected=False, drops) a final submission for the private board."""
        return self.api.json("PUT", f"/submissions/{_q(submission_id)}/selection", {"selected": selected})

    def unselect(self, submission_id):
        return self.select(submission_id, selected=False)

    def answer(self, slug, box, answer, scores=None):
        """Answers a black box (a dict, or the path of a JSON file); sealed until the opening.
        ``scores``: an optional per-event anomaly-score file. Returns the receipt."""
        if isinstance(answer, (str, os.PathLike)):
            try:
                with open(answer, encoding="utf-8") as f:
                    text = f.read()
            except OSError as e:
                raise UnblindError(f"cannot read {answer}: {e.strerror}") from None
        else:
            text = json.dumps(answer)
        route = f"/challenges/{_q(slug)}/boxes/{_q(box)}/answers"
        if scores is None:
            return self.api.json("POST", route, body=text.encode("utf-8"), headers={"content-type": "application/json"})
        boundary = f"unblind-{uuid.uuid4()}"
        with open(scores, "rb") as f:
            content = f.read()
        body = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="answer"\r\n\r\n{text}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{os.path.basename(scores)}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode("utf-8") + content + f"\r\n--{boundary}--\r\n".encode()
        return self.api.json("POST", route, body=body, headers={"content-type": f"multipart/form-data; boundary={boundary}"})

    def _note(self, line):
        if self.progress is not False:
            import sys

            sys.stderr.write(line + "\n")


class _Body(io.RawIOBase):
    """head + the file's bytes + tail, read in chunks (urllib streams a file-like body)."""

    def __init__(self, head, stream, tail, progress):
        self.pieces = [io.BytesIO(head), stream, io.BytesIO(tail)]
        self.progress = progress

    def readable(self):
        return True

    def read(self, n=-1):
        while self.pieces:
            chunk = self.pieces[0].read(1 << 20 if n is None or n < 0 else n)
            if chunk:
                if self.pieces[0] is not None and len(self.pieces) == 2:
                    self.progress.add(len(chunk))
                return chunk
            self.pieces.pop(0)
        return b""


def board_rows(board):
    """A board's rows flattened for a table: rank, participant, the metrics, the interval."""
    rows = []
    for r in board["rows"]:
        interval = r.get("interval") or {}
        rows.append(
            {
                "rank": r["rank"],
                "participant": r["participant"],
                **{k: v for k, v in r["scores"].items() if not isinstance(v, (dict, list))},
                "intervalLow": interval.get("low"),
                "intervalHigh": interval.get("high"),
                "tiedWithAbove": r.get("tiedWithAbove"),
                "submissions": r.get("submissions"),
                "submittedAt": r["submittedAt"],
                "submissionId": r["submissionId"],
            }
        )
    return rows
