#!/usr/bin/env bash
# End-to-end tests of flink-drift-jobs.jar on a real standalone Flink 1.20 or 2.2 cluster (JobManager and
# TaskManagers as separate JVMs) and a real single-node KRaft Kafka broker, all on 127.0.0.1 with free
# ports. Needs java 17, mvn, curl and jq, and the cluster jobs jar of that line (mvn package).
#
#   src/e2e/run.sh [SCENARIO...]     (default: all; `src/e2e/run.sh --list` lists them)
#
# Environment: E2E_KEEP=1 keeps the run directory (logs, checkpoints) after the run; E2E_HOLD=SECONDS
# keeps the cluster up that long after the scenarios, for inspection; E2E_TIMEOUT_SCALE=N multiplies
# every timeout (default 1); E2E_MVN_ARGS adds Maven options to the classpath assembly (e.g. -o);
# FLINK_LINE=1.20 (default) or 2.2 picks the cluster's Flink line and the jobs jar built for it (mvn
# package, with -Pflink-2 for 2.2). Exit status 0 when every scenario passed; the last lines give each
# scenario's wall time and "N passed, N failed".
set -uo pipefail

E2E_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FLINK_LINE=${FLINK_LINE:-1.20}
JOBS_JAR=$E2E_ROOT/jobs/target/flink-drift-jobs-flink$FLINK_LINE-cluster.jar
E2E_TARGET=$E2E_ROOT/src/e2e/target
FLINK_LIB=$E2E_TARGET/flink-lib-$FLINK_LINE
FLINK_LIB_PROFILES=flink-lib
[[ $FLINK_LINE == 2.* ]] && FLINK_LIB_PROFILES=flink-lib,flink-2
# The opt/ of a distribution, with Flink's SQL client: on 2.x only (sql-classify).
FLINK_OPT=$E2E_TARGET/flink-opt-$FLINK_LINE
KAFKA_LIB=$E2E_TARGET/kafka-lib
# shellcheck source=src/e2e/lib.sh
source "$E2E_ROOT/src/e2e/lib.sh"
# shellcheck source=src/e2e/scenarios.sh
source "$E2E_ROOT/src/e2e/scenarios.sh"

if [[ ${1:-} == --list ]]; then
    printf '%s\n' "${ALL_SCENARIOS[@]}"
    ((${#KNOWN_FAILING_SCENARIOS[@]} == 0)) \
        || printf '%s (known to fail, runs only when named)\n' "${KNOWN_FAILING_SCENARIOS[@]}"
    exit 0
fi
SCENARIOS=("$@")
if ((${#SCENARIOS[@]} == 0)); then
    SCENARIOS=("${ALL_SCENARIOS[@]}")
fi
for scenario in "${SCENARIOS[@]}"; do
    if ! declare -F "scenario_${scenario//-/_}" >/dev/null; then
        echo "unknown scenario '$scenario' (known: ${ALL_SCENARIOS[*]} ${KNOWN_FAILING_SCENARIOS[*]})" >&2
        exit 2
    fi
done
if [[ ! -f $JOBS_JAR ]]; then
    echo "$JOBS_JAR is missing: run 'mvn -B -o -pl jobs -am package -DskipTests' (with -Pflink-2 for 2.2) first" >&2
    exit 2
fi

E2E_RUN=$(mktemp -d "${TMPDIR:-/tmp}/flink-drift-e2e.XXXXXX")
mkdir -p "$E2E_RUN/logs"

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if ((${E2E_HOLD:-0} > 0)); then
        log "holding the cluster for ${E2E_HOLD} s: Flink REST http://127.0.0.1:${FLINK_REST_PORT:-}, Kafka ${KAFKA_BOOTSTRAP:-}"
        sleep "$E2E_HOLD"
    fi
    kill_all
    if ((FAILED > 0 || status != 0)); then
        log "last lines of the logs in $E2E_RUN/logs:"
        for f in "$E2E_RUN"/logs/*.out "$E2E_RUN"/logs/*.log; do
            [[ -s $f ]] || continue
            echo "----- $(basename "$f")"
            tail -15 "$f"
        done
    fi
    if [[ ${E2E_KEEP:-0} == 1 ]]; then
        log "kept $E2E_RUN"
    else
        rm -rf "$E2E_RUN"
    fi
    if ((${#SCENARIO_TIMES[@]} > 0)); then
        printf '  %s\n' "${SCENARIO_TIMES[@]}"
    fi
    # Scenarios that never ran because the cluster could not start count as failed.
    echo "$PASSED passed, $((${#SCENARIOS[@]} - PASSED)) failed"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Assembles a classpath directory from the registry once; reused while src/e2e/pom.xml is unchanged.
assemble() { # PROFILE DIR [MAVEN OPTION...]
    local stamp=$2/.pom.sha
    if [[ -f $stamp && $(cat "$stamp") == $(sha1sum <"$E2E_ROOT/src/e2e/pom.xml") ]]; then
        return 0
    fi
    rm -rf "$2"
    # shellcheck disable=SC2086  # E2E_MVN_ARGS holds separate options
    mvn -B -q ${E2E_MVN_ARGS:-} -f "$E2E_ROOT/src/e2e/pom.xml" -P"$1" dependency:copy-dependencies \
        -DoutputDirectory="$2" "${@:3}" || return 1
    sha1sum <"$E2E_ROOT/src/e2e/pom.xml" >"$stamp"
}

STARTED=$SECONDS
log "run directory $E2E_RUN"
log "assembling the Flink and Kafka classpaths from src/e2e/pom.xml"
assemble "$FLINK_LIB_PROFILES" "$FLINK_LIB" && assemble kafka-lib "$KAFKA_LIB" && compile_tools \
    && { [[ $FLINK_LINE != 2.* ]] || assemble sql-client,flink-2 "$FLINK_OPT" \
        -DincludeArtifactIds=flink-sql-client,flink-sql-gateway,flink-python; } || {
    log "could not assemble the classpaths"
    exit 1
}
log "starting the Kafka broker"
start_kafka || exit 1
log "Kafka broker up at $KAFKA_BOOTSTRAP"
write_flink_conf
log "starting the Flink JobManager"
start_jobmanager || exit 1
log "starting a Flink TaskManager"
start_taskmanager
wait_until 180 "the TaskManager's slots" has_free_slots 2 || exit 1
log "Flink cluster up, REST at http://127.0.0.1:$FLINK_REST_PORT ($(free_slots) free slots)"

for scenario in "${SCENARIOS[@]}"; do
    run_scenario "$scenario" "scenario_${scenario//-/_}"
done

log "finished in $((SECONDS - STARTED)) s"
if ((FAILED > 0)); then
    log "failed: ${FAILED_NAMES[*]}"
fi
((FAILED == 0))
