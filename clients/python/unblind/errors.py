"""Typed errors: what the server said (its problem document), never a process exit."""


class UnblindError(Exception):
    """Any error of the client; the CLI prints it and exits with ``exit_code``."""

    exit_code = 1


class UsageError(UnblindError):
    exit_code = 2


class NotLoggedIn(UnblindError):
    """No URL or token: run ``unblind login`` or set UNBLIND_URL and UNBLIND_TOKEN."""


class ApiError(UnblindError):
    """A refusal of the server, with its HTTP status and problem document (RFC 9457)."""

    def __init__(self, status, title, detail, retry_after=None):
        self.status = status
        self.title = title
        self.detail = detail
        self.retry_after = retry_after
        retry = f" (retry after {retry_after} s)" if retry_after else ""
        super().__init__(f"{status} {title}: {detail}{retry}")


class SubmissionFailed(UnblindError):
    """A submission that ended INVALID or FAILED (``wait=True``): its record and the located reason."""

    exit_code = 3

    def __init__(self, submission):
        self.submission = submission
        error = submission.get("error") or {}
        self.detail = error.get("message") or "no details"
        super().__init__(f"submission {submission['id']} is {submission['status'].lower()}: {self.detail}")
