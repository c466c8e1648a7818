// Hosting a labelled release blind: from the organizer's labelled pandas
// frame (the public top-tagging test.h5 with its 806 columns, the LHC
// Olympics R&D file with its label column), the participant file (the same
// layout, format and key, minus exactly the answer-bearing columns) and the
// sealed answer key (those columns only, in a pandas fixed frame under the
// same key, rows in the same order). Read and written a chunk of rows at a
// time, so a 1.3 GB file needs tens of megabytes. Refuses, before writing
// anything, a derivation that would leave a label behind.
import { InputError } from "../parse/input-error.ts";
import {
  describePandasFrame,
  type FrameColumnSpec,
  type FrameLayout,
  forEachStoredChunk,
  frameDtypeOf,
  PandasFrameWriter,
} from "../parse/pandas-hdf5.ts";

export interface BlindFrameSpec {
  input: string;
  key: string;
  /** The columns that carry the answer: removed from the participant file, kept in the key. */
  answerColumns: string[];
  /** Columns that must never reach participants (the challenge's known labels): each must be among answerColumns. */
  mustRemove: string[];
  participantOut: string;
  answerKeyOut: string;
  label: string;
}

export interface BlindFrameResult {
  format: FrameLayout["format"];
  nRows: number;
  participantColumns: string[];
  answerColumns: string[];
}

export async function deriveBlindFrame(spec: BlindFrameSpec): Promise<BlindFrameResult> {
  const layout = await describePandasFrame(spec.input, spec.key, spec.label);
  const names = layout.columns.map((c) => c.name);
  const absent = spec.answerColumns.filter((c) => !names.includes(c));
  if (absent.length)
    throw new InputError(
      `the frame "${spec.key}" has no column ${absent.join(", ")} to remove (its last columns: ${names.slice(-8).join(", ")})`,
      spec.label,
    );
  const leftBehind = spec.mustRemove.filter((c) => names.includes(c) && !spec.answerColumns.includes(c));
  if (leftBehind.length)
    throw new InputError(
      `${leftBehind.join(", ")} would be left in the participant file: ${leftBehind.length === 1 ? "it carries" : "they carry"} the answer; name ${leftBehind.length === 1 ? "it" : "them"} among the answer columns`,
      spec.label,
    );
  const kept = layout.columns.filter((c) => !spec.answerColumns.includes(c.name));
  if (kept.length === 0) throw new InputError("no column would be left for the participants", spec.label);
  // Checked before anything is written. Integer labels stay integers only when all of a frame's are (pandas' Int64Index).
  const specsOf = (cs: FrameLayout["columns"]): FrameColumnSpec[] => {
    const integers = cs.every((c) => /^(0|[1-9]\d*)$/.test(c.name));
    return cs.map((c) => ({ name: integers ? Number(c.name) : c.name, dtype: frameDtypeOf(c, spec.label) }));
  };
  const answers = spec.answerColumns.map((name) => layout.columns.find((c) => c.name === name)!);
  const participant = await PandasFrameWriter.open(spec.participantOut, spec.key, specsOf(kept), {
    format: layout.format,
    expectedRows: layout.nRows,
  });
  const key = await PandasFrameWriter.open(spec.answerKeyOut, spec.key, specsOf(answers), {
    format: "fixed",
    expectedRows: layout.nRows,
  });
  try {
    await forEachStoredChunk(spec.input, spec.key, names, spec.label, (columns, _first, n) => {
      participant.write(
        kept.map((c) => columns.get(c.name)!),
        n,
      );
      key.write(
        answers.map((c) => columns.get(c.name)!),
        n,
      );
    });
  } finally {
    participant.close();
    key.close();
  }
  return {
    format: layout.format,
    nRows: layout.nRows,
    participantColumns: kept.map((c) => c.name),
    answerColumns: answers.map((c) => c.name),
  };
}
