// A worker thread of bootstrapRoc: computes resamples until none is left.
import { workerData } from "node:worker_threads";
import { runResamples, type RocBootstrapJob } from "./roc-bootstrap.ts";

runResamples(workerData as RocBootstrapJob);
