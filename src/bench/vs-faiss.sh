#!/usr/bin/env bash
# DeDrift against a one-thread Faiss rebuild on the same drifting stream: runs DeDriftDriftBenchmark
# (none, lazy, split, hybrid and our rebuild, one thread, CPU time) with out=DIR, then replays the
# stream it wrote through Faiss IndexIVFPQ (faiss-cpu 1.15.1, OpenMP threads = 1, same K, M, nprobe and
# k-means budget), rebuilt on the live vectors after every period, and prints recall@10 and maintenance
# CPU time per period side by side (src/bench/vs_faiss.py). KERNEL=both (default) runs our variants
# twice, with the scalar kernel and with the Vector API kernel (--add-modules jdk.incubator.vector;
# docs/ann.md, "Kernels"), and adds the second run's CPU totals; KERNEL=scalar or KERNEL=vector runs one.
#
# Usage: src/bench/vs-faiss.sh [KEY=VALUE ...], from the repository root; the arguments go to
# DeDriftDriftBenchmark (e.g. angle=0.10 K=4096 maintenancePerPeriod=5). Creates a virtual environment
# under target/faiss-venv (python3 -m venv; pip install faiss-cpu==1.15.1 numpy) on first use, and
# builds the operators module's test classes. OUT=DIR writes the stream and results there instead of
# target/vs-faiss (so that two runs can go side by side).
set -euo pipefail

kernel=both
out="target/vs-faiss"
args=()
for arg in "$@"; do
    case "$arg" in
        KERNEL=*) kernel="${arg#KERNEL=}" ;;
        OUT=*) out="${arg#OUT=}" ;;
        *) args+=("$arg") ;;
    esac
done
source src/bench/faiss-env.sh
rm -rf "$out"
vector=(--add-modules jdk.incubator.vector)
first=()
[[ "$kernel" == vector ]] && first=("${vector[@]}")
java "${first[@]}" -cp "$cp" io.flinkdrift.bench.DeDriftDriftBenchmark "${args[@]}" out="$out"
if [[ "$kernel" == both ]]; then
    echo
    echo "The same with the Vector API kernel:"
    java "${vector[@]}" -cp "$cp" io.flinkdrift.bench.DeDriftDriftBenchmark "${args[@]}" out="$out/vector"
fi
echo
echo "Faiss rebuild beside our variants (recall@10, maintenance CPU ms per period; kernel: $kernel):"
"$venv/bin/python" src/bench/vs_faiss.py "$out" $([[ "$kernel" == both ]] && echo "$out/vector")
