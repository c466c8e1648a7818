"use client";
// TrackML event display, drawn in the browser: the event's hits file comes
// straight from object storage through a presigned URL (no dataset bytes
// pass through the web server), and each hit is coloured by the track the
// participant gave it. Two views: x-y (transverse) and r-z (longitudinal).
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
  track: number;
}

const hitsFile = (eventId: number) => `event${String(eventId).padStart(9, "0")}-hits.csv`;
const colour = (t: number) => `hsl(${(t * 137.508) % 360} 70% 45%)`;

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
    if (i !== undefined) hits.push({ x: Number(f[cx]), y: Number(f[cy]), z: Number(f[cz]), track: display.track[i] });
  }
  return hits;
}

function draw(canvas: HTMLCanvasElement, points: { u: number; v: number; track: number }[], range: { u: [number, number]; v: [number, number] }, labels: [string, string]) {
  const ctx = canvas.getContext("2d")!;
  const { width, height } = canvas;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, width, height);
  const pad = 28;
  const sx = (u: number) => pad + ((u - range.u[0]) / (range.u[1] - range.u[0])) * (width - 2 * pad);
  const sy = (v: number) => height - pad - ((v - range.v[0]) / (range.v[1] - range.v[0])) * (height - 2 * pad);
  for (const p of points) {
    ctx.fillStyle = colour(p.track);
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

export function EventDisplay({ slug, display }: { slug: string; display: TrackDisplay }) {
  const trpc = useTRPC();
  const xy = useRef<HTMLCanvasElement>(null);
  const rz = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<{ hits: number; tracks: number } | { error: string } | null>(null);
  const url = useMutation(trpc.dataset.urlByName.mutationOptions());
  const { mutateAsync } = url;

  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const { url: signed } = await mutateAsync({ slug, name: hitsFile(display.eventId) });
        const res = await fetch(signed);
        if (!res.ok) throw new Error(`storage answered ${res.status}`);
        const hits = parseHits(await res.text(), display);
        if (cancelled || !xy.current || !rz.current) return;
        const rMax = Math.max(...hits.map((h) => Math.hypot(h.x, h.y)));
        const zMax = Math.max(...hits.map((h) => Math.abs(h.z)));
        draw(xy.current, hits.map((h) => ({ u: h.x, v: h.y, track: h.track })), { u: [-rMax, rMax], v: [-rMax, rMax] }, ["x (mm)", "y (mm)"]);
        draw(rz.current, hits.map((h) => ({ u: h.z, v: Math.hypot(h.x, h.y), track: h.track })), { u: [-zMax, zMax], v: [0, rMax] }, ["z (mm)", "r (mm)"]);
        setState({ hits: hits.length, tracks: new Set(hits.map((h) => h.track)).size });
      } catch (error) {
        if (!cancelled) setState({ error: (error as Error).message });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [slug, display, mutateAsync]);

  return (
    <div className="event-display" data-testid="event-display">
      <p className="muted">
        Test event {display.eventId}: every hit coloured by your track.{" "}
        {state && "hits" in state && <span data-testid="event-display-count">{state.hits} hits in {state.tracks} tracks.</span>}
        {state && "error" in state && <span className="error">Could not draw the event: {state.error}</span>}
      </p>
      <div className="event-views">
        <canvas ref={xy} width={420} height={420} aria-label="x-y view" />
        <canvas ref={rz} width={620} height={420} aria-label="r-z view" />
      </div>
    </div>
  );
}
