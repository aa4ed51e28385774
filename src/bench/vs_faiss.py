"""Replays the drifting stream written by DeDriftDriftBenchmark (out=DIR) through a one-thread Faiss
IndexIVFPQ rebuilt on the live vectors after every period, and prints recall@10 and CPU time per period
beside the Java variants of the same run (DIR/ours.tsv).

The Faiss index gets the Java index's parameters and training budget (stream.json): K lists, M bytes
of code (8-bit codewords), residual codes or not, `iterations` Lloyd iterations and at most
`pointsPerCentroid` training points per centroid for the coarse quantizer and for every PQ
sub-quantizer, nprobe, k = 10. Period 0 trains on period 0 (as the Java indexes do); every later
period adds its vectors, drops the period that left the window, and rebuilds: a new index trained on
the live vectors, which are then added. CPU time is time.process_time() of the rebuild (train + add),
one OpenMP thread. Recall@10 is |approximate top-10 ∩ exact top-10| / 10 (exact: IndexFlatL2 over the
same live vectors), averaged over the period's queries.

Usage: python vs_faiss.py DIR [VECTOR_DIR]; VECTOR_DIR holds the ours.tsv of a second run of the Java
variants (the Vector API kernel, src/bench/vs-faiss.sh KERNEL=both), whose CPU totals are added.
"""
import csv
import json
import sys
import time
from collections import defaultdict, deque

import faiss
import numpy as np


def rebuild(meta, vectors):
    quantizer = faiss.IndexFlatL2(meta["d"])
    index = faiss.IndexIVFPQ(quantizer, meta["d"], meta["K"], meta["M"], 8)
    index.by_residual = meta["residual"]
    for clustering in (index.cp, index.pq.cp):
        clustering.niter = meta["iterations"]
        clustering.max_points_per_centroid = meta["pointsPerCentroid"]
    index.train(vectors)
    index.add(vectors)
    index.nprobe = meta["nprobe"]
    return index


def recall_at_10(index, vectors, queries):
    exact = faiss.IndexFlatL2(vectors.shape[1])
    exact.add(vectors)
    _, truth = exact.search(queries, 10)
    _, found = index.search(queries, 10)
    return float(np.mean([len(set(t) & set(f)) / 10.0 for t, f in zip(truth, found)]))


def read_ours(directory):
    ours = defaultdict(dict)
    with open(f"{directory}/ours.tsv") as tsv:
        for row in csv.DictReader(tsv, delimiter="\t"):
            ours[int(row["period"])][row["variant"]] = (float(row["recall"]), float(row["cpu_ms"]),
                                                       int(row["reencoded"]))
    return ours


def main(directory, vector_directory=None):
    faiss.omp_set_num_threads(1)
    meta = json.load(open(f"{directory}/stream.json"))
    d, per_period, queries_per_period = meta["d"], meta["perPeriod"], meta["queries"]
    stream = np.fromfile(f"{directory}/stream.f32", dtype="<f4")
    period_floats = (per_period + queries_per_period) * d
    if stream.size != meta["periods"] * period_floats:
        sys.exit(f"stream.f32 holds {stream.size} floats, expected {meta['periods'] * period_floats}")
    ours = read_ours(directory)
    vector = read_ours(vector_directory) if vector_directory else None
    live = deque()
    totals = defaultdict(float)
    print(f"{meta}\n")
    print("| period | none | lazy | split | hybrid | our rebuild | Faiss rebuild "
          "| hybrid CPU ms | our rebuild CPU ms | Faiss rebuild CPU ms | hybrid / Faiss CPU "
          "| our rebuild / Faiss CPU | hybrid re-encoded (of live) |")
    print("|---:" * 13 + "|")
    for period in range(meta["periods"]):
        block = stream[period * period_floats:(period + 1) * period_floats].reshape(-1, d)
        vectors, queries = np.ascontiguousarray(block[:per_period]), np.ascontiguousarray(block[per_period:])
        live.append(vectors)
        if len(live) > meta["window"]:
            live.popleft()
        database = np.ascontiguousarray(np.concatenate(live)) if period > 0 else vectors
        start = time.process_time()
        index = rebuild(meta, database)
        faiss_ms = (time.process_time() - start) * 1e3
        faiss_recall = recall_at_10(index, database, queries)
        row = ours[period]
        recalls = " | ".join(f"{row[v][0]:.3f}" for v in ("none", "lazy", "split", "hybrid", "rebuild"))
        if period == 0:
            print(f"| 0 | {recalls} | {faiss_recall:.3f} | trained on period 0 | | | | | |")
            continue
        hybrid_ms, rebuild_ms = row["hybrid"][1], row["rebuild"][1]
        print(f"| {period} | {recalls} | {faiss_recall:.3f} | {hybrid_ms:,.0f} | {rebuild_ms:,.0f} "
              f"| {faiss_ms:,.0f} | {hybrid_ms / faiss_ms:.3f} | {rebuild_ms / faiss_ms:.2f} "
              f"| {row['hybrid'][2]:,} ({row['hybrid'][2] / len(database):.2f}) |")
        for name, value in (("hybrid_ms", hybrid_ms), ("rebuild_ms", rebuild_ms), ("faiss_ms", faiss_ms),
                            ("hybrid_recall", row["hybrid"][0]), ("rebuild_recall", row["rebuild"][0]),
                            ("faiss_recall", faiss_recall), ("periods", 1)):
            totals[name] += value
        if vector:
            totals["vector_hybrid_ms"] += vector[period]["hybrid"][1]
            totals["vector_rebuild_ms"] += vector[period]["rebuild"][1]
    same = vector is None or all(vector[p][v][0::2] == ours[p][v][0::2] for p in ours for v in ours[p])
    n = totals["periods"]
    if n:
        print(f"\nperiods 1-{int(n)}: mean recall@10 hybrid {totals['hybrid_recall'] / n:.4f}, "
              f"our rebuild {totals['rebuild_recall'] / n:.4f}, Faiss rebuild {totals['faiss_recall'] / n:.4f} "
              f"(hybrid - Faiss {100 * (totals['hybrid_recall'] - totals['faiss_recall']) / n:+.2f} points); "
              f"CPU s hybrid {totals['hybrid_ms'] / 1e3:.2f}, our rebuild {totals['rebuild_ms'] / 1e3:.2f}, "
              f"Faiss rebuild {totals['faiss_ms'] / 1e3:.2f}; Faiss rebuild / hybrid CPU "
              f"{totals['faiss_ms'] / totals['hybrid_ms']:.1f}x, our rebuild / Faiss rebuild CPU "
              f"{totals['rebuild_ms'] / totals['faiss_ms']:.2f}")
        if vector:
            print(f"Vector API kernel: CPU s hybrid {totals['vector_hybrid_ms'] / 1e3:.2f}, our rebuild "
                  f"{totals['vector_rebuild_ms'] / 1e3:.2f}; Faiss rebuild / hybrid CPU "
                  f"{totals['faiss_ms'] / totals['vector_hybrid_ms']:.1f}x, our rebuild / Faiss rebuild CPU "
                  f"{totals['vector_rebuild_ms'] / totals['faiss_ms']:.2f}; recall@10 and re-encodings of every "
                  f"variant and period {'identical to' if same else 'DIFFERENT from'} the scalar kernel's")


if __name__ == "__main__":
    main(*sys.argv[1:3])
