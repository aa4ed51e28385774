"""IVF-PQ search speed against Faiss on one data set: the driver of src/bench/vs-faiss-search.sh.

Writes (once per shape, into DIR) a Gaussian mixture of low intrinsic dimension, the model of
IvfPqBenchmark: 256 means ~ N(0, 9 I), each vector a mean plus U g with a shared d x 8 Gaussian U and
g ~ N(0, I/4), plus N(0, 0.01 I) noise; n base vectors (base.f32; the first `train` rows are the
training set of both sides) and `nq` queries (queries.f32), little-endian float32, row-major; and the
exact top-10 of every query (IndexFlatL2).

Faiss: IndexIVFPQ(IndexFlatL2, d, K, M, 8) with residual codes (its default, which with L2 uses the
precomputed tables of type 1), `iterations` Lloyd iterations and at most `pointsPerCentroid` training
points per centroid for the coarse quantizer and every PQ sub-quantizer; trained on the first `train`
rows, then every row added. Ours: io.flinkdrift.bench.IvfPqSearchBenchmark with the same budget, a
subprocess answering one command per line. One thread each (OMP/BLAS threads = 1).

After one untimed warm-up round, timed rounds alternate ours and Faiss: per round and per nprobe, single-query (every query on its own:
IvfPqIndex.search(float[], ...); Faiss index.search on a 1-row array), then batched (`batch` queries
per call). CPU time: the Java thread's (ThreadMXBean) and this process's (time.process_time). Faiss's
single-query figure includes the Python call; "net" subtracts the same loop of calls to a 1-vector
IndexFlatL2 (the binding's overhead per call, measured in the same round). Prints queries/s and CPU
microseconds per query, medians (min-max) over the rounds, the ratio Faiss CPU / ours CPU per round
(> 1: ours is faster), and recall@10 of both.

Usage: python vs_faiss_search.py DIR CLASSPATH n=100000 d=64 K=1024 M=16 nq=2000 train=65536
       iterations=10 pointsPerCentroid=64 batch=256 rounds=3 nprobes=8,16
"""
import json
import os
import statistics
import subprocess
import sys
import time

import faiss
import numpy as np


def mixture(n, d, seed_model, seed_stream, chunk=100_000):
    model = np.random.default_rng(seed_model)
    means = model.normal(0, 3, (256, d)).astype(np.float32)
    basis = model.normal(0, 1, (d, 8)).astype(np.float32)
    stream = np.random.default_rng(seed_stream)
    out = np.empty((n, d), dtype=np.float32)
    for start in range(0, n, chunk):
        rows = min(chunk, n - start)
        component = stream.integers(0, 256, rows)
        latent = stream.normal(0, 0.5, (rows, 8)).astype(np.float32)
        noise = stream.normal(0, 0.1, (rows, d)).astype(np.float32)
        out[start:start + rows] = means[component] + latent @ basis.T + noise
    return out


def data(directory, p):
    meta_path = f"{directory}/data.json"
    shape = {key: p[key] for key in ("n", "d", "nq")}
    if os.path.exists(meta_path) and json.load(open(meta_path)) == shape:
        base = np.fromfile(f"{directory}/base.f32", dtype="<f4").reshape(p["n"], p["d"])
        queries = np.fromfile(f"{directory}/queries.f32", dtype="<f4").reshape(p["nq"], p["d"])
        truth = np.fromfile(f"{directory}/truth.i64", dtype="<i8").reshape(p["nq"], 10)
        return base, queries, truth
    os.makedirs(directory, exist_ok=True)
    base = mixture(p["n"], p["d"], 1, 2)
    queries = mixture(p["nq"], p["d"], 1, 3)
    exact = faiss.IndexFlatL2(p["d"])
    exact.add(base)
    _, truth = exact.search(queries, 10)
    base.astype("<f4").tofile(f"{directory}/base.f32")
    queries.astype("<f4").tofile(f"{directory}/queries.f32")
    truth.astype("<i8").tofile(f"{directory}/truth.i64")
    json.dump(shape, open(meta_path, "w"))
    return base, queries, truth


def recall(found, truth):
    return float(np.mean([len(set(f) & set(t)) / 10.0 for f, t in zip(found, truth)]))


def main():
    directory, classpath = sys.argv[1], sys.argv[2]
    p = dict(n=100_000, d=64, K=1024, M=16, nq=2000, train=65536, iterations=10, pointsPerCentroid=64,
             batch=256, rounds=3, nprobes="8,16")
    for arg in sys.argv[3:]:
        key, value = arg.split("=", 1)
        p[key] = value if key == "nprobes" else int(value)
    nprobes = [int(v) for v in p["nprobes"].split(",")]
    faiss.omp_set_num_threads(1)
    base, queries, truth = data(directory, p)
    print(f"data: n={p['n']} d={p['d']} queries={p['nq']} K={p['K']} M={p['M']} train={p['train']} "
          f"iterations={p['iterations']} pointsPerCentroid={p['pointsPerCentroid']} batch={p['batch']}", flush=True)

    java = subprocess.Popen(
        ["java", "-Xms2g", f"-Xmx{max(4, 8 * p['n'] * p['d'] * 4 // 2**30 + 3)}g", "-cp", classpath,
         "io.flinkdrift.bench.IvfPqSearchBenchmark", f"dir={directory}"]
        + [f"{key}={p[key]}" for key in ("d", "K", "M", "train", "iterations", "pointsPerCentroid", "batch")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(command):
        java.stdin.write(command + "\n")
        java.stdin.flush()
        line = java.stdout.readline().strip()
        if not line:
            sys.exit(f"the Java side ended on '{command}'")
        return line

    def faiss_cpu(run):
        start = time.process_time()
        run()
        return time.process_time() - start

    start = time.process_time()
    quantizer = faiss.IndexFlatL2(p["d"])
    index = faiss.IndexIVFPQ(quantizer, p["d"], p["K"], p["M"], 8)
    for clustering in (index.cp, index.pq.cp):
        clustering.niter = p["iterations"]
        clustering.max_points_per_centroid = p["pointsPerCentroid"]
    index.train(base[:p["train"]])
    trained = time.process_time()
    index.add(base)
    added = time.process_time()
    ready = java.stdout.readline().strip()
    print(f"ours:  {ready}")
    print(f"faiss: train_cpu_s={trained - start:.3f} add_cpu_s={added - trained:.3f} "
          f"use_precomputed_table={index.use_precomputed_table}", flush=True)
    del base
    rows = [queries[q:q + 1] for q in range(p["nq"])]
    batches = [queries[b:b + p["batch"]] for b in range(0, p["nq"], p["batch"])]
    tiny = faiss.IndexFlatL2(p["d"])
    tiny.add(queries[:1])

    def single(target):
        for row in rows:
            target.search(row, 10)

    def batched():
        for part in batches:
            index.search(part, 10)

    results = {}
    for nprobe in nprobes:  # warm-up, not timed: the JIT compiles the search path
        index.nprobe = nprobe
        for mode in ("single", "batched"):
            ask(f"{mode} {nprobe}")
        single(index)
        batched()
    for round_number in range(p["rounds"]):
        for nprobe in nprobes:
            index.nprobe = nprobe
            r = results.setdefault(nprobe, dict(ours_single=[], faiss_single=[], faiss_single_net=[],
                                                ours_batched=[], faiss_batched=[]))
            first_ours = round_number % 2 == 0
            for mode in ("single", "batched"):
                def run_ours():
                    r[f"ours_{mode}"].append(float(ask(f"{mode} {nprobe}").split("=")[1]))

                def run_faiss():
                    if mode == "single":
                        cpu = faiss_cpu(lambda: single(index))
                        overhead = faiss_cpu(lambda: single(tiny))
                        r["faiss_single"].append(cpu)
                        r["faiss_single_net"].append(cpu - overhead)
                    else:
                        r["faiss_batched"].append(faiss_cpu(batched))

                for run in ((run_ours, run_faiss) if first_ours else (run_faiss, run_ours)):
                    run()
        print(f"round {round_number + 1} of {p['rounds']} done", flush=True)

    nq = p["nq"]

    def summary(values):
        per_query = [v / nq * 1e6 for v in values]
        return (f"{statistics.median(per_query):8.2f} ({min(per_query):.2f}-{max(per_query):.2f}) us  "
                f"{nq / statistics.median(values):9.0f} q/s")

    print()
    print("CPU microseconds per query, median (min-max) of the rounds; queries/s of CPU time; "
          "ratio = Faiss CPU / ours CPU per round, median (min-max)")
    for nprobe in nprobes:
        r = results[nprobe]
        ids_path = f"{directory}/ours-ids.i64"
        ask(f"ids {nprobe} {ids_path}")
        ours_ids = np.fromfile(ids_path, dtype="<i8").reshape(nq, 10)
        index.nprobe = nprobe
        _, faiss_ids = index.search(queries, 10)
        print(f"nprobe={nprobe}: recall@10 ours {recall(ours_ids, truth):.4f} · Faiss {recall(faiss_ids, truth):.4f}")
        for name, ours_key, faiss_key in (("single", "ours_single", "faiss_single"),
                                          ("single (Faiss net of call)", "ours_single", "faiss_single_net"),
                                          ("batched", "ours_batched", "faiss_batched")):
            ratios = [f / o for f, o in zip(r[faiss_key], r[ours_key])]
            print(f"  {name:27s} ours  {summary(r[ours_key])}")
            print(f"  {'':27s} Faiss {summary(r[faiss_key])}   ratio {statistics.median(ratios):.2f} "
                  f"({min(ratios):.2f}-{max(ratios):.2f})")
    java.stdin.write("quit\n")
    java.stdin.flush()
    java.wait()


if __name__ == "__main__":
    main()
