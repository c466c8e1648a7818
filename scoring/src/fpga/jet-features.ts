// The hls4ml jet-tagging benchmark's shape (Duarte et al. 2018,
// arXiv:1804.06913; the OpenML dataset "hls4ml_lhc_jets_hlf"): 16
// high-level substructure features of a jet in, 5 classes out.
export const JET_FEATURES = [
  "j_zlogz",
  "j_c1_b0_mmdt",
  "j_c1_b1_mmdt",
  "j_c1_b2_mmdt",
  "j_c2_b1_mmdt",
  "j_c2_b2_mmdt",
  "j_d2_b1_mmdt",
  "j_d2_b2_mmdt",
  "j_d2_a1_b1_mmdt",
  "j_d2_a1_b2_mmdt",
  "j_m2_b1_mmdt",
  "j_m2_b2_mmdt",
  "j_n2_b1_mmdt",
  "j_n2_b2_mmdt",
  "j_mass_mmdt",
  "j_multiplicity",
] as const;

/**
 * Output order of the model: gluon, light quark, top, W, Z, as in the hls4ml
 * jet dataset and its tutorials (the labels sorted: g, q, t, w, z), so that a
 * model trained there needs no permutation here.
 */
export const JET_CLASSES = ["g", "q", "t", "W", "Z"] as const;
