#!/usr/bin/env bash
# Soak: runs each job on an unbounded generator (embedded mini-cluster, heap state backend, full
# checkpoints to a local directory) until it has processed RECORDS records or SECONDS have passed, and
# samples at each progress line: records so far, the JVM's resident set size, its heap after a full
# GC, and the size of the newest checkpoint. State must level off after warm-up: the script fails when
# the newest checkpoint at the end is more than 10% (plus 64 KiB) larger than at the run's midpoint.
#
# Usage: src/bench/soak.sh [RECORDS] [SECONDS] [JOB...]   from the repository root after
#   `mvn -B -o -pl jobs -am package -DskipTests`; defaults 10000000 records, 3600 s, every job
#   (classify regress regress-conformal density ann). JAR overrides the jar; SOAK_DIR keeps the samples.
# Prints one table row per job: records, records/s, and RSS, heap after GC and checkpoint size at the
# midpoint and at the end. Needs java 17 (jcmd) and du.
set -euo pipefail
# shellcheck source=src/lib/processes.sh
source "$(dirname "$0")/../lib/processes.sh"

records=${1:-10000000}
seconds=${2:-3600}
shift $(($# < 2 ? $# : 2))
jobs=("$@")
((${#jobs[@]} > 0)) || jobs=(classify regress regress-conformal density ann)
jar=${JAR:-jobs/target/flink-drift-jobs.jar}
[[ -f $jar ]] || { echo "no $jar: build it first (see the header of $0)" >&2; exit 1; }
work=${SOAK_DIR:-$(mktemp -d)}
mkdir -p "$work"
[[ -n ${SOAK_DIR:-} ]] || trap 'rm -rf "$work"' EXIT

# The job's arguments: every generator is keyed, so state is per key, and bounded by design (a fixed
# model per key, windows of at most 2^J elements, a time-to-live on the index).
job_args() {
    case $1 in
        classify) echo classify --source 'synthetic:hyperplane?keys=64' --learner kalman ;;
        regress) echo regress --source 'synthetic:hyperplane?keys=64' --learner rls ;;
        regress-conformal) echo regress --source 'synthetic:hyperplane?keys=64' --learner rls \
            --conformal alpha=0.1,rho=0.99 ;;
        density) echo density --source 'synthetic:mixture?keys=16&mode=abrupt&period=20000' \
            --grid-lo -12 --grid-hi 12 --bins 12 ;;
        ann) echo ann --source 'synthetic:mixture?dimension=16&components=20&period=20000' --lists 64 \
            --sub-quantizers 8 --residual --ttl 10000 --maintenance hybrid ;;
        *) echo "unknown job $1" >&2; return 1 ;;
    esac
}

newest_completed_checkpoint() { # DIR: the newest chk-* directory with its _metadata
    find "$1" -maxdepth 3 -type f -path '*/chk-*/_metadata' 2>/dev/null \
        | sed 's|^\(.*/chk-\([0-9]*\)\)/_metadata$|\2 \1|' | sort -n | tail -1 | cut -d' ' -f2-
}

# The size of the newest completed checkpoint (the newest chk-* directory may still be being
# written). Flink deletes a checkpoint once a newer one completes, so a measurement counts only if
# no newer checkpoint completed while it ran; otherwise the newer one is measured, up to three times.
newest_checkpoint_bytes() { # DIR
    local newest bytes attempt
    for attempt in 1 2 3; do
        newest=$(newest_completed_checkpoint "$1")
        [[ -n $newest ]] || break
        if bytes=$(du -sb "$newest" 2>/dev/null) && [[ $(newest_completed_checkpoint "$1") == "$newest" ]]; then
            echo "${bytes%%[[:space:]]*}"
            return
        fi
    done
    echo 0
}

heap_after_gc_kib() { # PID
    jcmd "$1" GC.run >/dev/null 2>&1 || true
    jcmd "$1" GC.heap_info 2>/dev/null | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub("K", "", v); print v; exit } }'
}

printf '%-18s %11s %10s %22s %22s %24s\n' job records records/s 'RSS MiB (mid / end)' \
    'heap MiB (mid / end)' 'checkpoint KiB (mid / end)'
status=0
for job in "${jobs[@]}"; do
    dir=$work/$job
    mkdir -p "$dir/checkpoints"
    # shellcheck disable=SC2046  # job_args prints separate words without spaces inside
    java -Xmx1g -jar "$jar" $(job_args "$job") --max-records "$records" --sink none --dead-letter none \
        --state-backend heap --checkpoint-interval 5000 --checkpoint-dir "file://$dir/checkpoints" \
        --progress-interval 5 >"$dir/out.log" 2>"$dir/err.log" &
    pid=$!
    : >"$dir/samples.tsv"
    seen=0
    # The time bound counts from the first progress line (JVM and mini-cluster start-up excluded);
    # then one sample per progress line, until the job ends or the time bound.
    started=$SECONDS
    until grep -qs 'records so far' "$dir/err.log" || ! our_process "$pid" || ((SECONDS - started > 600)); do
        sleep 1
    done
    started=$SECONDS
    while our_process "$pid" && ((SECONDS - started < seconds)); do
        lines=$(grep -c 'records so far' "$dir/err.log" || true)
        if ((lines > seen)); then
            seen=$lines
            done_records=$(grep 'records so far' "$dir/err.log" | tail -1 | sed 's/.*\] \([0-9,]*\) records.*/\1/' | tr -d ,)
            rss=$(ps -o rss= -p "$pid" | tr -d ' ')
            printf '%s\t%s\t%s\t%s\t%s\n' $((SECONDS - started)) "$done_records" "${rss:-0}" \
                "$(heap_after_gc_kib "$pid")" "$(newest_checkpoint_bytes "$dir/checkpoints")" >>"$dir/samples.tsv"
        fi
        sleep 1
    done
    kill_ours -TERM "$pid"
    wait "$pid" 2>/dev/null || true
    n=$(wc -l <"$dir/samples.tsv")
    if ((n < 4)); then
        echo "$job: only $n samples (see $dir/err.log)" >&2
        status=1
        continue
    fi
    mid=$(sed -n "$(((n + 1) / 2))p" "$dir/samples.tsv")
    end=$(tail -1 "$dir/samples.tsv")
    read -r _ _ mid_rss mid_heap mid_ckpt <<<"$mid"
    read -r end_s end_records end_rss end_heap end_ckpt <<<"$end"
    printf '%-18s %11d %10d %10d / %-9d %10d / %-9d %11d / %-10d\n' "$job" "$end_records" \
        $((end_records / (end_s > 0 ? end_s : 1))) $((mid_rss / 1024)) $((end_rss / 1024)) \
        $((${mid_heap:-0} / 1024)) $((${end_heap:-0} / 1024)) $((mid_ckpt / 1024)) $((end_ckpt / 1024))
    if ((end_ckpt > mid_ckpt + mid_ckpt / 10 + 65536)); then
        echo "$job: the checkpoint grew from $mid_ckpt to $end_ckpt bytes after the midpoint" >&2
        status=1
    fi
done
exit $status
