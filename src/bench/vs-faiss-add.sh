#!/usr/bin/env bash
# IVF-PQ training and batched add against Faiss on one data set: AddTrainBenchmark writes the data
# (IvfPqBenchmark's mixture; default 100k x 64, K = 1024, M = 16, residual codes, 10 Lloyd iterations
# on at most 64 points per centroid) to target/vs-faiss-add/base.f32, then ROUNDS rounds (default 3)
# alternate one JVM of ours (one warm-up pass, then a measured one: train + addAll, thread CPU time)
# and one Python process of Faiss 1.15.1 IndexIVFPQ (faiss-cpu, OpenMP/BLAS threads = 1, same
# budget, Faiss's random init; src/bench/vs_faiss_add.py). Ours runs twice per round, with the scalar
# kernel and with the Vector API kernel (--add-modules jdk.incubator.vector; docs/ann.md, "Kernels").
# Prints every pass, then the medians of train CPU s and add vectors/s per side and the same-round
# ratios to Faiss.
#
# Usage: src/bench/vs-faiss-add.sh [ROUNDS=3] [KEY=VALUE ...], from the repository root; KEY=VALUE go
# to AddTrainBenchmark (n, d, K, M, residual, iterations, pointsPerCentroid). Creates the virtual
# environment target/faiss-venv as src/bench/vs-faiss.sh does, and builds the operators test classes.
set -euo pipefail

rounds=3
args=()
for arg in "$@"; do
    case "$arg" in
        ROUNDS=*) rounds="${arg#ROUNDS=}" ;;
        *) args+=("$arg") ;;
    esac
done
source src/bench/faiss-env.sh
out="target/vs-faiss-add"
rm -rf "$out"
# writes the data set (and add.json) before the first timed round
java -cp "$cp" io.flinkdrift.bench.AddTrainBenchmark "${args[@]}" out="$out" warmup=0 passes=0
log="$out/passes.txt"
for ((round = 1; round <= rounds; round++)); do
    java -Xmx4g -cp "$cp" io.flinkdrift.bench.AddTrainBenchmark "${args[@]}" out="$out" 2>/dev/null \
        | sed 's/^ours /scalar /' | tee -a "$log"
    java -Xmx4g --add-modules jdk.incubator.vector -cp "$cp" io.flinkdrift.bench.AddTrainBenchmark "${args[@]}" \
        out="$out" 2>/dev/null | sed 's/^ours /vector /' | tee -a "$log"
    "$venv/bin/python" src/bench/vs_faiss_add.py "$out" | tee -a "$log"
done
"$venv/bin/python" - "$log" "$out/add.json" <<'PY'
import json, re, statistics, sys
rows = {"scalar": [], "vector": [], "faiss": []}
for line in open(sys.argv[1]):
    side, *fields = line.split()
    rows[side].append({k: float(v) for k, v in (f.split("=") for f in fields)})
print(f"\n{json.load(open(sys.argv[2]))}, {len(rows['faiss'])} rounds, medians (range):")
def cell(values, fmt):
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}-{fmt.format(max(values))})"
for key, fmt in (("train_cpu_s", "{:.2f}"), ("add_vps", "{:,.0f}")):
    faiss = [r[key] for r in rows["faiss"]]
    line = f"{key}: Faiss {cell(faiss, fmt)}"
    for kernel in ("scalar", "vector"):
        ours = [r[key] for r in rows[kernel]]
        ratio = [o / f for o, f in zip(ours, faiss)]
        line += f" | {kernel} {cell(ours, fmt)}, / Faiss {cell(ratio, '{:.2f}')}"
    print(line)
PY
