"use client";
// TrackML event display, drawn in the browser: the event's hits file comes
// straight from object storage through a presigned URL (no dataset bytes
// pass through the web server), and each hit is coloured by the track the
// participant gave it. Two views: x-y (transverse) and r-z (longitudinal).
// Next to them, the same views coloured by the true particles, once the
// phase has closed (before that they would be test labels).
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "~/components/providers.tsx";

export interface TrackDisplay {
  eventId: number;
  /** Dense track index per hit, in hit_id order. */
  track: number[];
  hitIds?: number[];
}

interface Hit {
  x: number;
  y: number;
  z: number;
  /** Position in the display's per-hit arrays. */
  i: number;
}

type Truth = { shown: false; reason: string } | { shown: true; particle: number[] };

const hitsFile = (eventId: number) => `event${String(eventId).padStart(9, "0")}-hits.csv`;
/** A colour per track or particle index; grey for noise (-1). */
const colour = (t: number) => (t < 0 ? "#bbb" : `hsl(${(t * 137.508) % 360} 70% 45%)`);

function parseHits(text: string, display: TrackDisplay): Hit[] {
  const lines = text.split("\n");
  const cols = lines[0].trim().split(",");
  const [ci, cx, cy, cz] = ["hit_id", "x", "y", "z"].map((c) => cols.indexOf(c));
  if ([ci, cx, cy, cz].some((i) => i < 0)) throw new Error("the hits file has no hit_id, x, y, z columns");
  const index = new Map((display.hitIds ?? display.track.map((_, i) => i + 1)).map((id, i) => [id, i]));
  const hits: Hit[] = [];
  for (let l = 1; l < lines.length; l++) {
    const f = lines[l].split(",");
    if (f.length < cols.length) continue;
    const i = index.get(Number(f[ci]));
    if (i !== undefined) hits.push({ x: Number(f[cx]), y: Number(f[cy]), z: Number(f[cz]), i });
  }
  return hits;
}

function draw(
  canvas: HTMLCanvasElement,
  points: { u: number; v: number; colour: string }[],
  range: { u: [number, number]; v: [number, number] },
  labels: [string, string],
) {
  const ctx = canvas.getContext("2d")!;
  const { width, height } = canvas;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, width, height);
  const pad = 28;
  const sx = (u: number) => pad + ((u - range.u[0]) / (range.u[1] - range.u[0])) * (width - 2 * pad);
  const sy = (v: number) => height - pad - ((v - range.v[0]) / (range.v[1] - range.v[0])) * (height - 2 * pad);
  for (const p of points) {
    ctx.fillStyle = p.colour;
    ctx.fillRect(sx(p.u) - 1, sy(p.v) - 1, 2, 2);
  }
  ctx.fillStyle = "#333";
  ctx.font = "12px system-ui";
  ctx.fillText(labels[0], width / 2 - 20, height - 6);
  ctx.save();
  ctx.translate(12, height / 2 + 20);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(labels[1], 0, 0);
  ctx.restore();
}

/** The x-y and r-z views of the hits, each hit coloured by `index` (a track or a particle). */
function drawViews(xy: HTMLCanvasElement, rz: HTMLCanvasElement, hits: Hit[], index: number[]) {
  const rMax = Math.max(...hits.map((h) => Math.hypot(h.x, h.y)));
  const zMax = Math.max(...hits.map((h) => Math.abs(h.z)));
  draw(
    xy,
    hits.map((h) => ({ u: h.x, v: h.y, colour: colour(index[h.i]) })),
    { u: [-rMax, rMax], v: [-rMax, rMax] },
    ["x (mm)", "y (mm)"],
  );
  draw(
    rz,
    hits.map((h) => ({ u: h.z, v: Math.hypot(h.x, h.y), colour: colour(index[h.i]) })),
    { u: [-zMax, zMax], v: [0, rMax] },
    ["z (mm)", "r (mm)"],
  );
}

export function EventDisplay({
  slug,
  submissionId,
  display,
}: {
  slug: string;
  submissionId: string;
  display: TrackDisplay;
}) {
  const trpc = useTRPC();
  const xy = useRef<HTMLCanvasElement>(null);
  const rz = useRef<HTMLCanvasElement>(null);
  const truthXy = useRef<HTMLCanvasElement>(null);
  const truthRz = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<{ hits: number; tracks: number; truth: Truth } | { error: string } | null>(null);
  const { mutateAsync: urlOf } = useMutation(trpc.dataset.urlByName.mutationOptions());
  const { mutateAsync: truthOf } = useMutation(trpc.submission.displayTruth.mutationOptions());

  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const [{ url: signed }, truth] = await Promise.all([
          urlOf({ slug, name: hitsFile(display.eventId) }),
          truthOf({ id: submissionId }),
        ]);
        const res = await fetch(signed);
        if (!res.ok) throw new Error(`storage answered ${res.status}`);
        const hits = parseHits(await res.text(), display);
        if (cancelled || !xy.current || !rz.current) return;
        drawViews(xy.current, rz.current, hits, display.track);
        setState({ hits: hits.length, tracks: new Set(hits.map((h) => display.track[h.i])).size, truth });
        if (truth.shown && truthXy.current && truthRz.current)
          drawViews(truthXy.current, truthRz.current, hits, truth.particle);
      } catch (error) {
        if (!cancelled) setState({ error: (error as Error).message });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [slug, submissionId, display, urlOf, truthOf]);

  const truth = state && "truth" in state ? state.truth : null;
  return (
    <div className="event-display" data-testid="event-display">
      <p className="muted">
        Test event {display.eventId}: every hit coloured by your track.{" "}
        {state && "hits" in state && (
          <span data-testid="event-display-count">
            {state.hits} hits in {state.tracks} tracks.
          </span>
        )}
        {state && "error" in state && <span className="error">Could not draw the event: {state.error}</span>}
      </p>
      <div className="event-views">
        <canvas ref={xy} width={420} height={420} aria-label="x-y view" />
        <canvas ref={rz} width={620} height={420} aria-label="r-z view" />
      </div>
      <p className="muted" data-testid="event-display-truth">
        {truth?.shown === true &&
          `The truth: every hit coloured by its true particle (${new Set(truth.particle.filter((p) => p >= 0)).size} particles; noise in grey).`}
        {truth?.shown === false && truth.reason}
      </p>
      <div className="event-views" hidden={truth?.shown !== true}>
        <canvas ref={truthXy} width={420} height={420} aria-label="x-y view, truth" />
        <canvas ref={truthRz} width={620} height={420} aria-label="r-z view, truth" />
      </div>
    </div>
  );
}
