"""The notebook API: plain values, a DataFrame when pandas is there, typed errors."""

import pytest

from unblind import ApiError, Client, SubmissionFailed


def test_leaderboard_is_a_dataframe_with_pandas_else_rows(platform):
    c = Client(url=platform["url"], token=platform["token"], progress=False)
    rows = c.leaderboard(platform["open"], as_frame=False)
    assert isinstance(rows, list)
    pd = pytest.importorskip("pandas")
    df = c.leaderboard(platform["open"])
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns[:2]) == ["rank", "participant"]
    assert len(df) == len(rows)


def test_submit_a_dataframe_and_wait_for_the_scores(platform):
    pd = pytest.importorskip("pandas")
    c = Client(url=platform["url"], token=platform["token"], progress=False)
    df = pd.DataFrame({"id": [0, 1, 2, 3], "score": [0.9, 0.2, 0.8, 0.1]})
    scores = c.submit(platform["open"], df, wait=True)
    assert scores["auc"] == 1


def test_errors_are_exceptions_with_the_servers_detail(platform, tmp_path):
    c = Client(url=platform["url"], token=platform["token"], progress=False)
    with pytest.raises(ApiError) as e:
        c.submissions("no-such-challenge")
    assert e.value.status == 404 and e.value.detail
    with pytest.raises(ApiError) as e:
        Client(url=platform["url"], token="unb_pat_wrong", progress=False).challenges()
    assert e.value.status == 401
    bad = tmp_path / "bad.csv"
    bad.write_text("id,score\n0,x\n")
    with pytest.raises(SubmissionFailed) as failed:
        c.submit(platform["open"], bad, wait=True)
    assert failed.value.submission["status"] == "INVALID" and "line 2" in failed.value.detail
