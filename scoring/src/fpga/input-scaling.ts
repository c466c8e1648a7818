// Standardisation of the jet features, upstream of the firmware.
//
// The hls4ml jet dataset holds raw values (masses in GeV, multiplicities in
// particles), and its tutorials standardise them with scikit-learn's
// `StandardScaler` before the network: x' = (x − mean_) / scale_, with the
// population standard deviation (ddof = 0). The FPGA receives x'. A
// submission says so in its manifest (`inputScaling`: the scaler's `mean_`
// and `scale_`); the scorer applies it in float before the model's input
// type, and it costs no FPGA resources, as in the tutorials. Without it the
// model receives the raw values (fold the scaling into the first layer and
// declare a wide enough `input` type).

export interface InputScaling {
  /** StandardScaler's `mean_`, one per input. */
  mean: number[];
  /** StandardScaler's `scale_` (the standard deviation, 1 where it is 0), one per input. */
  scale: number[];
}

/** What StandardScaler.fit learns from rows × width values (row-major). */
export function fitStandardScaler(values: ArrayLike<number>, width: number): InputScaling {
  const n = values.length / width;
  const mean = Array.from({ length: width }, (_, k) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += values[i * width + k];
    return s / n;
  });
  const scale = mean.map((m, k) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (values[i * width + k] - m) ** 2;
    return Math.sqrt(s / n) || 1;
  });
  return { mean, scale };
}

/** StandardScaler.transform, in float64 rounded to the float32 the model reads. */
export function standardise(values: Float32Array, { mean, scale }: InputScaling): Float32Array {
  const width = mean.length;
  return Float32Array.from(values, (v, i) => (v - mean[i % width]) / scale[i % width]);
}
