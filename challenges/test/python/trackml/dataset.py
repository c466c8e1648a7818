"""load_event and load_dataset as the trackml library documents them (a test stand-in)."""
import glob
import os
import re
import zipfile

import pandas

PARTS = ["hits", "cells", "particles", "truth"]
_EVENT_FILE = re.compile(r".*event\d{9}-[a-zA-Z]+\.csv(\.gz)?$")


def load_event(prefix, parts=PARTS):
    frames = []
    for part in parts:
        found = glob.glob(f"{prefix}-{part}.csv*")
        if len(found) != 1:
            raise Exception(f"{len(found)} files match {prefix}-{part}.csv*")
        frames.append(pandas.read_csv(found[0], header=0, index_col=False))
    return tuple(frames)


def _prefixes(names, skip, nevents):
    prefixes = sorted({name.split("-", 1)[0] for name in names if _EVENT_FILE.match(name)})
    prefixes = prefixes[skip:] if skip else prefixes
    return prefixes[:nevents] if nevents is not None else prefixes


def _event_id(prefix):
    return int(re.findall(r".*event(\d+)", prefix)[0])


def load_dataset(path, skip=None, nevents=None, parts=PARTS):
    if os.path.isdir(path):
        for prefix in _prefixes(os.listdir(path), skip, nevents):
            yield (_event_id(prefix),) + load_event(os.path.join(path, prefix), parts)
        return
    with zipfile.ZipFile(path) as archive:
        for prefix in _prefixes(archive.namelist(), skip, nevents):
            frames = tuple(
                pandas.read_csv(archive.open(f"{prefix}-{part}.csv"), header=0, index_col=False) for part in parts
            )
            yield (_event_id(prefix),) + frames
