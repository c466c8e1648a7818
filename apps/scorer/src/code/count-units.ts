// The test units a code run predicted, counted by the platform from the
// predictions the scorer has accepted (so exactly the truth's units): a
// TrackML event is one distinct event_id (the harness writes each event's
// rows together), a table row one line after the header.
import { createReadStream } from "node:fs";
import type { CodePhaseSettings } from "@unblind/scoring/ingestion/code-phase-config.ts";

const NEWLINE = 10;
const COMMA = 44;

export async function countUnits(file: string, iface: CodePhaseSettings["interface"]): Promise<number> {
  let lines = 0;
  let events = 0;
  let previous = "";
  let field = "";
  let inFirstField = true;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === NEWLINE) {
        lines++;
        inFirstField = true;
        field = "";
      } else if (inFirstField && lines > 0 && iface === "trackml-events") {
        if (c !== COMMA) field += String.fromCharCode(c);
        else {
          inFirstField = false;
          if (field !== previous) events++;
          previous = field;
        }
      }
    }
  }
  return iface === "trackml-events" ? events : Math.max(0, lines - 1);
}
