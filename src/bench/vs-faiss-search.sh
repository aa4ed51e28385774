#!/usr/bin/env bash
# IVF-PQ search speed against Faiss on the same data set (issue 17): one thread each, residual codes,
# single-query and batched search at nprobe 8 and 16, CPU time per query and recall@10 of both, rounds
# alternating ours and Faiss in one session (src/bench/vs_faiss_search.py; the Java side is
# io.flinkdrift.bench.IvfPqSearchBenchmark).
#
# Usage: src/bench/vs-faiss-search.sh [KEY=VALUE ...], from the repository root, e.g.
#   src/bench/vs-faiss-search.sh n=100000        # 100k x 64, K = 1024, M = 16 (the defaults)
#   src/bench/vs-faiss-search.sh n=1000000       # 1M x 64: about 1 GB per side, a few minutes
# Keys (defaults): n=100000 d=64 K=1024 M=16 nq=2000 train=65536 iterations=10 pointsPerCentroid=64
# batch=256 rounds=3 nprobes=8,16. The data set is written once per shape under
# target/vs-faiss-search/n<N>-d<D>. Creates the virtual environment of src/bench/vs-faiss.sh
# (target/faiss-venv: faiss-cpu 1.15.1 and numpy) on first use, and builds the operators module's test
# classes.
set -euo pipefail

source src/bench/faiss-env.sh
n=100000
d=64
for arg in "$@"; do
    case "$arg" in
        n=*) n="${arg#n=}" ;;
        d=*) d="${arg#d=}" ;;
    esac
done
out="target/vs-faiss-search/n$n-d$d"
mkdir -p "$out"
"$venv/bin/python" src/bench/vs_faiss_search.py "$out" "$cp" "$@"
