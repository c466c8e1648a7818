"""The Python client of Unblind: ``from unblind import Client``."""

from .client import Client
from .errors import ApiError, NotLoggedIn, SubmissionFailed, UnblindError

__all__ = ["Client", "ApiError", "NotLoggedIn", "SubmissionFailed", "UnblindError"]
__version__ = "0.1.0"
