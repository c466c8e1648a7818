# The ingestion harness of a code phase: runs a participant's program on a
# phase's inputs inside the sandbox and writes its predictions, as the
# challenge's scorer reads them, on standard output. There is no truth
# anywhere in this sandbox; what the participant's code prints goes to the
# log (standard error), never into the predictions.
#
#   python3 -I unblind_ingest.py --interface trackml-events|table --submission FILE --inputs FILE
#                                [--train FILE] [--drop COL,COL] [--id-column id]
#
# The participant's program: a `model.py` (alone, or in a .zip/.tar/.tar.gz
# with its weights, at the top or in one folder) defining
#
#     class Model:
#         def fit(self, train_path): ...          # optional: the phase's training file
#         def predict(self, inputs): ...          # see the interfaces below
#
# Interfaces:
#   trackml-events  inputs: a zip of eventNNNNNNNNN-hits.csv files; predict(hits) gets one event's hits
#                   (a pandas DataFrame, the official columns) and returns one track id per hit (integers);
#                   written as event_id,hit_id,track_id.
#   table           inputs: one HDF5 (pandas) or CSV table; predict(table) gets the DataFrame without its
#                   id and answer columns and returns one score per row; written as id,score.
#
# Exit codes (read by the platform): 0 done; 10 no usable program (no model.py, no Model class);
# 11 the program raised an exception; 12 its output is not what the interface needs; 13 the phase's
# inputs cannot be read (the platform's or the organizers' fault, never the participant's).
import argparse
import io
import os
import sys
import tarfile
import tempfile
import traceback
import zipfile

NO_PROGRAM, EXCEPTION, BAD_OUTPUT, BAD_INPUTS = 10, 11, 12, 13
# The sandbox's private /tmp (TMPDIR elsewhere, as when the harness is run by hand).
SCRATCH = os.path.join(tempfile.gettempdir(), "code")


class Refused(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def unpack(submission):
    """The program's folder: model.py alone, or an archive unpacked into the sandbox's scratch space."""
    with open(submission, "rb") as f:
        head = f.read(512)
    os.makedirs(SCRATCH, exist_ok=True)
    if head[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(submission) as z:
            z.extractall(SCRATCH)
    elif head[:2] == b"\x1f\x8b" or head[257:262] == b"ustar":
        with tarfile.open(submission) as t:
            t.extractall(SCRATCH, members=[m for m in t.getmembers() if m.isfile() or m.isdir()])
    else:
        with open(submission, "rb") as src:
            source = src.read()
        try:
            source.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(NO_PROGRAM, "the submission is neither a model.py (text) nor a .zip/.tar/.tar.gz archive with one")
        with open(os.path.join(SCRATCH, "model.py"), "wb") as dst:
            dst.write(source)
    folder = SCRATCH
    entries = [e for e in os.listdir(folder) if e != "__MACOSX"]
    if "model.py" not in entries and len(entries) == 1 and os.path.isdir(os.path.join(folder, entries[0])):
        folder = os.path.join(folder, entries[0])
    if not os.path.isfile(os.path.join(folder, "model.py")):
        raise Refused(NO_PROGRAM, "no model.py in the submission (at its top or in its one folder)")
    return folder


def load_model(folder):
    sys.path.insert(0, folder)
    os.chdir(folder)
    import model as module  # noqa: the participant's program

    if not hasattr(module, "Model"):
        raise Refused(NO_PROGRAM, "model.py defines no class Model")
    return module.Model()


def event_inputs(path):
    import pandas as pd

    try:
        z = zipfile.ZipFile(path)
        names = sorted(n for n in z.namelist() if os.path.basename(n).endswith("-hits.csv"))
    except Exception as error:
        raise Refused(BAD_INPUTS, f"the inputs are not a zip of eventN-hits.csv files: {error}")
    with z:
        for name in names:
            try:
                event_id = int(os.path.basename(name)[len("event") : -len("-hits.csv")])
                with z.open(name) as f:
                    hits = pd.read_csv(f)
            except Exception as error:
                raise Refused(BAD_INPUTS, f"{name} cannot be read: {error}")
            yield event_id, hits


def run_events(model, inputs, out):
    import numpy as np

    out.write("event_id,hit_id,track_id\n")
    for event_id, hits in event_inputs(inputs):
        labels = np.asarray(model.predict(hits))
        if labels.shape != (len(hits),):
            raise Refused(BAD_OUTPUT, f"event {event_id}: predict returned shape {labels.shape}, not ({len(hits)},)")
        if not np.issubdtype(labels.dtype, np.integer):
            if not np.issubdtype(labels.dtype, np.floating) or not np.all(np.isfinite(labels)) or np.any(labels % 1):
                raise Refused(BAD_OUTPUT, f"event {event_id}: track ids must be integers")
            labels = labels.astype(np.int64)
        buf = io.StringIO()
        np.savetxt(buf, np.column_stack([np.full(len(hits), event_id), hits["hit_id"].to_numpy(), labels]), fmt="%d", delimiter=",")
        out.write(buf.getvalue())


def read_table(path):
    import pandas as pd

    try:
        with open(path, "rb") as f:
            hdf5 = f.read(8) == b"\x89HDF\r\n\x1a\n"
        if not hdf5:
            return pd.read_csv(path)
        with pd.HDFStore(path, "r") as store:
            keys = store.keys()
            return store.get("/table" if "/table" in keys else keys[0])
    except Exception as error:
        raise Refused(BAD_INPUTS, f"the inputs table cannot be read: {error}")


def run_table(model, inputs, out, drop, id_column):
    import numpy as np

    table = read_table(inputs)
    ids = table[id_column].to_numpy() if id_column in table.columns else np.arange(len(table))
    features = table.drop(columns=[c for c in [id_column, *drop] if c in table.columns])
    scores = np.asarray(model.predict(features), dtype=float).reshape(-1)
    if scores.shape != (len(table),):
        raise Refused(BAD_OUTPUT, f"predict returned {scores.shape[0]} scores for {len(table)} rows")
    if not np.all(np.isfinite(scores)):
        raise Refused(BAD_OUTPUT, "predict returned a score that is not a finite number")
    out.write("id,score\n")
    for i, s in zip(ids, scores):
        out.write(f"{i},{s!r}\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--interface", required=True, choices=["trackml-events", "table"])
    parser.add_argument("--submission", required=True)
    parser.add_argument("--inputs", required=True)
    parser.add_argument("--train")
    parser.add_argument("--drop", default="")
    parser.add_argument("--id-column", default="id")
    args = parser.parse_args()
    # The program runs in its own folder: the inputs are named absolutely first.
    for name in ("submission", "inputs", "train"):
        if getattr(args, name):
            setattr(args, name, os.path.abspath(getattr(args, name)))
    # The predictions keep the real standard output; the program's prints go to the log.
    out = os.fdopen(os.dup(1), "w", buffering=1 << 20)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        model = load_model(unpack(args.submission))
        if args.train and hasattr(model, "fit"):
            model.fit(args.train)
        if args.interface == "trackml-events":
            run_events(model, args.inputs, out)
        else:
            run_table(model, args.inputs, out, [c for c in args.drop.split(",") if c], args.id_column)
        out.flush()
    except Refused as refused:
        print(f"unblind: {refused}", file=sys.stderr)
        return refused.code
    except BaseException:  # noqa: the participant's exception, SystemExit included
        traceback.print_exc()
        return EXCEPTION
    return 0


if __name__ == "__main__":
    sys.exit(main())
