"""Every verb of the Python CLI against a running platform, the error paths, and the
Node CLI's output for the same calls (one contract, two clients)."""

import hashlib
import json
import os
import re
import stat

from conftest import run

CSV = "id,score\n0,0.9\n1,0.2\n2,0.8\n3,0.1\n"


def test_login_saves_the_token_owner_only(platform, home):
    code, out, err = run(platform["cli"], ["login", "--url", platform["url"], "--token", platform["token"]], home)
    assert code == 0, err
    path = os.path.join(home, "unblind", "config.json")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert json.load(open(path))["token"] == platform["token"]
    assert "the token works" in out
    # The saved login serves the next call, without the environment.
    code, out, _ = run(platform["cli"], ["challenges"], home)
    assert code == 0 and platform["open"] in out


def test_a_wrong_or_stopped_token_is_refused_with_the_servers_reason(platform, home):
    code, _, err = run(platform["cli"], ["challenges"], home, platform["url"], "unb_pat_wrong")
    assert code == 1
    assert "401" in err and "not a valid Unblind token" in err


def test_usage_errors_exit_2(py):
    code, _, err = py("submit")
    assert code == 2 and "missing <slug>" in err
    code, _, err = py("challenges", "--bogus")
    assert code == 2 and "Unknown option '--bogus'" in err


def test_challenges_json_is_the_node_clis(py, node):
    for args in (["challenges", "--json"], ["challenges"]):
        p, n = py(*args), node(*args)
        assert p[0] == n[0] == 0, (p[2], n[2])
        assert p[1] == n[1]


def test_download_verifies_skips_and_resumes(py, platform, tmp_path):
    dest = tmp_path / "data"
    code, out, err = py("download", platform["open"], "--dest", str(dest))
    assert code == 0, err
    files = out.split()
    assert files and all(os.path.exists(f) for f in files)
    code, _, err = py("download", platform["open"], "--dest", str(dest))
    assert "already downloaded and verified" in err
    # Interrupted half-way: the .part file is resumed from where it stopped, and verified.
    first = files[0]
    content = open(first, "rb").read()
    os.remove(first)
    open(first + ".part", "wb").write(content[: len(content) // 2])
    from unblind import Client

    import io
    import contextlib

    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        Client(progress=True).download(platform["open"], str(dest))
    assert open(first, "rb").read() == content
    assert not os.path.exists(first + ".part")
    assert f"(resumed at {len(content) // 2} bytes)" in buf.getvalue()


def test_submit_wait_prints_the_scores_and_an_invalid_file_exits_3_with_its_place(py, platform, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(CSV)
    code, out, err = py("submit", platform["open"], str(good), "--wait")
    assert code == 0, err
    assert out.splitlines()[0].split() == ["metric", "value"]
    assert any(line.split()[:2] == ["auc", "1"] for line in out.splitlines())
    bad = tmp_path / "bad.csv"
    bad.write_text("id,score\n0,0.9\n1,high\n")
    code, out, err = py("submit", platform["open"], str(bad), "--wait", "--json")
    assert code == 3
    record = json.loads(out)
    assert record["status"] == "INVALID"
    assert record["error"]["line"] == 3 and record["error"]["column"] == 2
    assert "bad.csv (line 3, column 2)" in err


def test_submissions_and_leaderboard_agree_with_the_node_cli(py, node, platform):
    for args in (
        ["submissions", platform["open"], "--json"],
        ["submissions", platform["open"]],
        ["leaderboard", platform["open"], "--json"],
        ["leaderboard", platform["open"]],
        ["leaderboard", platform["open"], "--csv"],
    ):
        p, n = py(*args), node(*args)
        assert p[0] == n[0] == 0, (args, p[2], n[2])
        assert p[1] == n[1], args
    code, out, _ = py("leaderboard", platform["open"], "--csv")
    assert out.splitlines()[0].startswith("rank,participant,")


def test_select_unselect_and_the_private_board_before_its_reveal(py, platform, tmp_path):
    f = tmp_path / "s.csv"
    f.write_text(CSV)
    code, out, err = py("submit", platform["split"], str(f), "--wait", "--json")
    assert code == 0, err
    sid = json.loads(out)["id"]
    code, out, err = py("select", sid)
    assert code == 0, err
    assert out.startswith(f"{sid} selected: ")
    code, out, err = py("unselect", sid)
    assert code == 0 and out.startswith(f"{sid} unselected: ")
    code, _, err = py("leaderboard", platform["split"], "--private")
    assert code == 1 and "403" in err and "sealed" in err


def test_a_closed_phase_and_the_daily_limit_are_refused_with_the_servers_reason(py, platform, tmp_path):
    f = tmp_path / "s.csv"
    f.write_text(CSV)
    code, _, err = py("submit", platform["closed"], str(f))
    assert code == 1 and "closed" in err.lower(), err
    # One a day on the limited challenge: the second is refused with when to try again.
    code, _, err = py("submit", platform["limited"], str(f))
    assert code == 0, err
    code, _, err = py("submit", platform["limited"], str(f))
    assert code == 1 and "429" in err and "retry after" in err


def test_answer_prints_the_receipt(py, platform, tmp_path):
    f = tmp_path / "answer.json"
    f.write_text(json.dumps({"pValue": 0.3, "nSignal": {"value": 0, "sigma": 10}, "description": "nothing seen"}))
    code, out, err = py("answer", "lhco-2020", "Black box 3", str(f))
    assert code == 0, err
    first, canonical = out.split("\n", 1)
    assert re.match(r"^(sealed|post-unblinding answer received): receipt SHA-256 [0-9a-f]{64} at \S+$", first)
    # The receipt is the SHA-256 of the canonical answer it prints.
    assert hashlib.sha256(canonical.rstrip("\n").encode() + b"\n").hexdigest() == first.split()[-3]
    code, out, _ = py("answer", "lhco-2020", "Black box 3", str(f), "--json")
    assert code == 0 and json.loads(out)["box"] == "Black box 3"


def test_an_answer_to_a_challenge_without_boxes_is_refused(py, platform, tmp_path):
    # The open challenge has no black box: the refusal names it.
    f = tmp_path / "answer.json"
    f.write_text(json.dumps({"pValue": 0.5, "nSignal": {"value": 0, "sigma": 1}}))
    code, _, err = py("answer", platform["open"], "Box 1", str(f))
    assert code == 1 and "404" in err and 'No black box "Box 1"' in err


def test_submit_code_packs_a_folder_and_sends_an_archive_as_it_is(py, node, platform, tmp_path):
    model = tmp_path / "model"
    (model / "weights").mkdir(parents=True)
    (model / "model.py").write_text("class Model:\n    def predict(self, X):\n        return X[:, 0]\n")
    (model / "weights" / "w.npy").write_bytes(b"\x93NUMPY")
    names = lambda: {s["id"]: s["fileName"] for s in json.loads(py("submissions", platform["open"], "--json")[1])}  # noqa: E731
    for cli in (py, node):
        code, out, err = cli("submit", platform["open"], "--code", str(model), "--json")
        assert code == 0, err
        record = json.loads(out)
        assert record["size"] > 0 and names()[record["id"]] == "model.tar.gz"
    import tarfile

    archive = tmp_path / "mine.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(model / "model.py", arcname="model.py")
    code, out, err = py("submit", platform["open"], "--code", str(archive), "--json")
    assert code == 0, err
    assert names()[json.loads(out)["id"]] == "mine.tar.gz"
    code, _, err = py("submit", platform["open"], "--code", str(tmp_path / "nowhere"))
    assert code == 2 and "No such folder or archive" in err
