"""A progress line on stderr for long transfers: in a terminal only, unless asked for."""

import sys
import time


class Progress:
    def __init__(self, label, total, show=None):
        self.label = label
        self.total = total
        self.done = 0
        self.show = sys.stderr.isatty() if show is None else show
        self.last = 0.0

    def add(self, n):
        self.done += n
        now = time.monotonic()
        if self.show and (now - self.last > 0.2 or self.done >= self.total):
            self.last = now
            pct = 100 * self.done / self.total if self.total else 100
            sys.stderr.write(f"\r{self.label}: {pct:5.1f} % of {self.total} bytes")
            sys.stderr.flush()

    def finish(self, note=""):
        if self.show:
            sys.stderr.write(f"\r{self.label}: done {note}\n".replace(" \n", "\n"))
            sys.stderr.flush()
