// The synthesis report a participant may add: Vivado/Vitis HLS's
// `<top>_csynth.xml`, or the dictionary hls4ml's report parser returns
// (hls4ml.report.parse_vivado_report / read_vivado_report), saved as JSON.
// Self-reported: shown next to the platform's estimate, never used to rank.
//
// csynth.xml (Vivado HLS 2019–2020, Vitis HLS 2020+):
//   profile/UserAssignments/{Part, TargetClockPeriod}
//   profile/PerformanceEstimates/SummaryOfTimingAnalysis/EstimatedClockPeriod
//   profile/PerformanceEstimates/SummaryOfOverallLatency/
//       {Best-caseLatency, Worst-caseLatency, Interval-min, Interval-max}
//   profile/AreaEstimates/Resources/{BRAM_18K, DSP48E | DSP, FF, LUT, URAM}
//   profile/AreaEstimates/AvailableResources/{… the same}
// hls4ml's dictionary uses the keys BestLatency, WorstLatency, IntervalMin,
// IntervalMax, BRAM_18K, DSP48E or DSP, FF, LUT, URAM and Available<key>,
// at the top level (older hls4ml) or under "CSynthesisReport".
import { InputError } from "../parse/input-error.ts";
import { parseJson } from "../parse/parse-json.ts";
import { find, parseXml, type XmlElement } from "./xml-elements.ts";

export interface ReportedResources {
  bram18k: number | null;
  dsp: number | null;
  ff: number | null;
  lut: number | null;
  uram: number | null;
}

export interface SynthesisReport extends ReportedResources {
  /** Always true: the platform did not run the synthesis. */
  selfReported: true;
  format: "csynth.xml" | "hls4ml";
  file: string;
  part: string | null;
  targetClockNs: number | null;
  estimatedClockNs: number | null;
  bestLatency: number | null;
  worstLatency: number | null;
  intervalMin: number | null;
  intervalMax: number | null;
  available: ReportedResources;
}

const RESOURCE_KEYS: [keyof ReportedResources, string[]][] = [
  ["bram18k", ["BRAM_18K"]],
  ["dsp", ["DSP48E", "DSP"]],
  ["ff", ["FF"]],
  ["lut", ["LUT"]],
  ["uram", ["URAM"]],
];

export function isReportFile(name: string): boolean {
  return /_csynth\.xml$/i.test(name) || /(^|\/)(hls4ml[-_])?report\.json$/i.test(name);
}

export function parseSynthesisReport(text: string, file: string): SynthesisReport {
  return file.toLowerCase().endsWith(".xml") ? fromCsynthXml(parseXml(text, file), file) : fromHls4mlJson(text, file);
}

/** A count: a whole number ≥ 0, or null for "undef"/"-"/missing (HLS writes undef for dataflow intervals). */
function count(value: unknown, what: string, file: string): number | null {
  if (value === undefined || value === null) return null;
  const text = String(value).trim();
  if (text === "" || text === "undef" || text === "-") return null;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new InputError(`${what} is "${text}", not a count`, file);
  return n;
}

function clock(value: unknown, what: string, file: string): number | null {
  if (value === undefined || value === null) return null;
  const n = Number(String(value).replace(/\s*ns$/, ""));
  if (!(n > 0) || !Number.isFinite(n))
    throw new InputError(`${what} is "${String(value)}", not a clock period in ns`, file);
  return n;
}

function fromCsynthXml(root: XmlElement, file: string): SynthesisReport {
  if (root.name !== "profile")
    throw new InputError(`the root element is <${root.name}>, a csynth.xml report has <profile>`, file);
  const latency = find(root, "PerformanceEstimates/SummaryOfOverallLatency");
  const resources = find(root, "AreaEstimates/Resources");
  if (!latency)
    throw new InputError("no PerformanceEstimates/SummaryOfOverallLatency section: is this a csynth.xml report?", file);
  if (!resources) throw new InputError("no AreaEstimates/Resources section: is this a csynth.xml report?", file);
  const text = (path: string) => find(root, path)?.text;
  const pick = (section: XmlElement | undefined, path: string): ReportedResources => {
    const out = {} as ReportedResources;
    for (const [key, names] of RESOURCE_KEYS) {
      const el = names.map((n) => section && find(section, n)).find(Boolean);
      out[key] = count(el?.text, `${path}/${names.join(" or ")}`, file);
    }
    return out;
  };
  return {
    selfReported: true,
    format: "csynth.xml",
    file,
    part: text("UserAssignments/Part") ?? null,
    targetClockNs: clock(text("UserAssignments/TargetClockPeriod"), "TargetClockPeriod", file),
    estimatedClockNs: clock(
      text("PerformanceEstimates/SummaryOfTimingAnalysis/EstimatedClockPeriod"),
      "EstimatedClockPeriod",
      file,
    ),
    bestLatency: count(find(latency, "Best-caseLatency")?.text, "Best-caseLatency", file),
    worstLatency: count(find(latency, "Worst-caseLatency")?.text, "Worst-caseLatency", file),
    intervalMin: count(find(latency, "Interval-min")?.text, "Interval-min", file),
    intervalMax: count(find(latency, "Interval-max")?.text, "Interval-max", file),
    ...pick(resources, "AreaEstimates/Resources"),
    available: pick(find(root, "AreaEstimates/AvailableResources"), "AreaEstimates/AvailableResources"),
  };
}

function fromHls4mlJson(text: string, file: string): SynthesisReport {
  const json = parseJson(text, file);
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw new InputError("must be a JSON object (hls4ml's parsed report)", file);
  const top = json as Record<string, unknown>;
  const r = (
    typeof top.CSynthesisReport === "object" && top.CSynthesisReport !== null ? top.CSynthesisReport : top
  ) as Record<string, unknown>;
  if (!("BestLatency" in r) && !RESOURCE_KEYS.some(([, names]) => names.some((n) => n in r)))
    throw new InputError(
      "no BestLatency and no resource keys (BRAM_18K, DSP, FF, LUT): is this hls4ml's parsed report?",
      file,
    );
  const pick = (prefix: string): ReportedResources => {
    const out = {} as ReportedResources;
    for (const [key, names] of RESOURCE_KEYS) {
      const name = names.find((n) => `${prefix}${n}` in r) ?? names[0];
      out[key] = count(r[`${prefix}${name}`], `${prefix}${name}`, file);
    }
    return out;
  };
  return {
    selfReported: true,
    format: "hls4ml",
    file,
    part: typeof r.Part === "string" ? r.Part : null,
    targetClockNs: clock(r.TargetClockPeriod, "TargetClockPeriod", file),
    estimatedClockNs: clock(r.EstimatedClockPeriod, "EstimatedClockPeriod", file),
    bestLatency: count(r.BestLatency, "BestLatency", file),
    worstLatency: count(r.WorstLatency, "WorstLatency", file),
    intervalMin: count(r.IntervalMin, "IntervalMin", file),
    intervalMax: count(r.IntervalMax, "IntervalMax", file),
    ...pick(""),
    available: pick("Available"),
  };
}
