# Baseline track finder of the TrackML throughput phase: the demo's
# two-stage Hough transform for helices from the beam line (the same
# algorithm as challenges/trackml/baseline.ts), in numpy.
# Stage 1 votes in (phi0, kappa, coarse cot theta): a track of curvature
# kappa = q/R and azimuth phi0 passes a hit at (r, phi) when
# phi0 = phi - asin(r kappa / 2), and its cot theta lies within (z -+ 150 mm)/r
# for a vertex within 150 mm of z = 0; each hit joins its fullest cell.
# Stage 2, within a cell: z = z0 + s cot theta with s the transverse arc
# length; each hit votes once per z0 bin and joins its fullest (z0, cot theta)
# cell. Groups of fewer than 4 hits are noise (track 0).
#
# The platform runs it as: Model().predict(hits) for each event's hits
# (a pandas DataFrame: hit_id, x, y, z, volume_id, layer_id, module_id),
# returning one track id per hit.
import numpy as np

N_PHI, N_KAPPA, N_COT = 250, 151, 48
KAPPA_MAX = 1 / 220  # 1/mm
COT_MAX = 12.0
VERTEX_Z = 150.0
Z0_BINS = np.arange(-200, 201, 2, dtype=float)
COT_BIN = 0.04
MIN_HITS = 4
KAPPAS = -KAPPA_MAX + 2 * KAPPA_MAX * np.arange(N_KAPPA) / (N_KAPPA - 1)


def cot_bin(cot):
    return np.floor((cot + COT_MAX) / (2 * COT_MAX) * N_COT).astype(np.int64)


def fullest(cells, valid):
    """Each row's fullest cell among its valid ones (ties to the lowest cell); -1 when none."""
    counts = np.bincount(cells[valid])
    key = np.where(valid, counts[np.where(valid, cells, 0)].astype(np.int64) * (1 << 32) - cells, -1)
    best = key.argmax(axis=1)
    rows = np.arange(len(cells))
    return np.where(valid[rows, best], cells[rows, best], -1)


def fullest_in_slices(slices, n, size):
    """fullest() over cells given as slices (cells, valid) of n rows each, without holding them all at once."""
    counts = np.zeros(size, dtype=np.int64)
    for cells, valid in slices():
        counts += np.bincount(cells[valid], minlength=size)
    best_key = np.full(n, -1, dtype=np.int64)
    best_cell = np.full(n, -1, dtype=np.int64)
    rows = np.arange(n)
    for cells, valid in slices():
        key = np.where(valid, counts[np.where(valid, cells, 0)] * (1 << 32) - cells, -1)
        arg = key.argmax(axis=1)
        top = key[rows, arg]
        better = top > best_key
        best_key[better] = top[better]
        best_cell[better] = cells[rows, arg][better]
    return best_cell


def arc(r, kappa):
    if abs(kappa) < 1e-9:
        return r
    return 2 / abs(kappa) * np.arcsin(np.minimum(1, r * abs(kappa) / 2))


class Model:
    def predict(self, hits):
        x, y, z = (hits[c].to_numpy(dtype=float) for c in ("x", "y", "z"))
        r = np.hypot(x, y)
        phi = np.arctan2(y, x)
        s = r[:, None] * KAPPAS[None, :] / 2
        inside = np.abs(s) < 1
        phi0 = phi[:, None] - np.arcsin(np.clip(s, -0.999999, 0.999999))
        iphi = np.floor((phi0 + np.pi) / (2 * np.pi) * N_PHI).astype(np.int64) % N_PHI
        base = (iphi * N_KAPPA + np.arange(N_KAPPA)[None, :]) * N_COT
        lo = np.maximum(0, cot_bin((z - VERTEX_Z) / r))
        hi = np.minimum(N_COT - 1, cot_bin((z + VERTEX_Z) / r))
        width = int((hi - lo).max()) + 1

        # The (kappa, cot) cells a hit votes for, one cot offset at a time (n x N_KAPPA each).
        def slices():
            for j in range(width):
                yield base + (lo + j)[:, None], inside & ((lo + j) <= hi)[:, None]

        transverse = fullest_in_slices(slices, len(x), N_PHI * N_KAPPA * N_COT)

        track = np.zeros(len(x), dtype=np.int64)
        order = np.argsort(transverse, kind="stable")
        groups = np.split(order, np.flatnonzero(np.diff(transverse[order])) + 1)
        next_id = 1
        for members in groups:
            if len(members) < MIN_HITS or transverse[members[0]] < 0:
                continue
            kappa = KAPPAS[(transverse[members[0]] // N_COT) % N_KAPPA]
            arcs = arc(r[members], kappa)
            cot = np.rint((z[members][:, None] - Z0_BINS[None, :]) / arcs[:, None] / COT_BIN).astype(np.int64) + 50_000
            local = np.arange(len(Z0_BINS))[None, :] * 100_000 + cot
            _, inverse = np.unique(local, return_inverse=True)
            inverse = inverse.reshape(local.shape)
            longitudinal = fullest(inverse, np.ones_like(inverse, dtype=bool))
            for cell in np.unique(longitudinal):
                group = members[longitudinal == cell]
                if len(group) >= MIN_HITS:
                    track[group] = next_id
                    next_id += 1
        return track
