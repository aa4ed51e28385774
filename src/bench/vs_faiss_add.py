"""Faiss side of src/bench/vs-faiss-add.sh: trains a one-thread Faiss IndexIVFPQ on the data set that
AddTrainBenchmark wrote (DIR/base.f32, parameters in DIR/add.json) with the same budget (K lists, M
bytes of 8-bit codes, residual or not, `iterations` Lloyd iterations and at most `pointsPerCentroid`
training points per centroid for the coarse quantizer and every PQ sub-quantizer; Faiss's own
initialisation, random distinct points), then adds all n vectors in one batched `add`. CPU time is
time.process_time() (one OpenMP/BLAS thread). Prints `faiss train_cpu_s=... add_cpu_s=... add_vps=...`
per pass.

Usage: python vs_faiss_add.py DIR [PASSES]
"""
import json
import sys
import time

import faiss
import numpy as np


def main(directory, passes):
    faiss.omp_set_num_threads(1)
    meta = json.load(open(f"{directory}/add.json"))
    n, d = meta["n"], meta["d"]
    data = np.fromfile(f"{directory}/base.f32", dtype="<f4")
    if data.size != n * d:
        sys.exit(f"base.f32 holds {data.size} floats, expected {n * d}")
    data = np.ascontiguousarray(data.reshape(n, d))
    for _ in range(passes):
        quantizer = faiss.IndexFlatL2(d)
        index = faiss.IndexIVFPQ(quantizer, d, meta["K"], meta["M"], 8)
        index.by_residual = meta["residual"]
        for clustering in (index.cp, index.pq.cp):
            clustering.niter = meta["iterations"]
            clustering.max_points_per_centroid = meta["pointsPerCentroid"]
        start = time.process_time()
        index.train(data)
        trained = time.process_time()
        index.add(data)
        added = time.process_time()
        assert index.ntotal == n
        print(f"faiss train_cpu_s={trained - start:.3f} add_cpu_s={added - trained:.3f} "
              f"add_vps={n / (added - trained):.0f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1)
