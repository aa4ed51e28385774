# Functions of the end-to-end harness (sourced by run.sh): a KRaft Kafka broker, a standalone Flink
# session cluster (JobManager and TaskManagers as separate JVMs), the Flink CLI, Kafka console tools
# and the checks. Every process started here is recorded in $E2E_PIDS and killed by cleanup().
# Needs: E2E_ROOT (repository root), E2E_RUN (temporary run directory), FLINK_LIB, KAFKA_LIB.

# shellcheck source=src/lib/processes.sh
source "$E2E_ROOT/src/lib/processes.sh"

# JVM options Flink 1.20 needs on Java 17 (same list as the root pom's java17.opens).
JAVA17_OPENS=(
    --add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
    --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
    --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
    --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
    --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)

E2E_PIDS=()
PASSED=0
FAILED=0
FAILED_NAMES=()
SCENARIO_JOBS=()
SCENARIO_TIMES=()

log() { printf '[e2e %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# A TCP port nobody listens on, below the kernel's ephemeral range so outgoing connections can't take it.
free_port() {
    local port
    while true; do
        port=$((20000 + RANDOM % 12000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            case " ${E2E_PORTS:-} " in *" $port "*) continue ;; esac
            E2E_PORTS="${E2E_PORTS:-} $port"
            echo "$port"
            return
        fi
    done
}

# wait_until SECONDS DESCRIPTION COMMAND...: polls COMMAND every half second until it succeeds; fails
# after SECONDS (scaled by E2E_TIMEOUT_SCALE, default 1), naming what it waited for. The timeouts are
# generous bounds on a loaded machine, never the expected duration: every step waits for a state.
wait_until() {
    local timeout=$((${1} * ${E2E_TIMEOUT_SCALE:-1})) what=$2
    shift 2
    local deadline=$((SECONDS + timeout))
    until "$@" >/dev/null 2>&1; do
        if ((SECONDS >= deadline)); then
            log "  timed out after ${timeout}s waiting for $what"
            return 1
        fi
        sleep 0.5
    done
}

# spawn NAME COMMAND...: starts COMMAND in the background with output to $E2E_RUN/logs/NAME.out.
spawn() {
    local name=$1
    shift
    "$@" >"$E2E_RUN/logs/$name.out" 2>&1 &
    E2E_PIDS+=($!)
    LAST_PID=$!
}

kill_all() {
    local pid
    kill_ours -9 "${E2E_PIDS[@]}"
    for pid in "${E2E_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    E2E_PIDS=()
}

# ------------------------------------------------------------------------------------------ Kafka

start_kafka() {
    local broker_port controller_port cluster_id dir=$E2E_RUN/kafka
    broker_port=$(free_port)
    controller_port=$(free_port)
    mkdir -p "$dir/data"
    # A random 16-byte id in Kafka's base64 form (what `kafka-storage random-uuid` prints).
    cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' | sed 's/^-/A/')
    printf 'version=1\ncluster.id=%s\nnode.id=1\n' "$cluster_id" >"$dir/data/meta.properties"
    cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$broker_port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$broker_port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
EOF
    cat >"$dir/log4j2.properties" <<EOF
rootLogger.level=WARN
rootLogger.appenderRef.out.ref=out
appender.out.type=Console
appender.out.name=out
appender.out.target=SYSTEM_ERR
appender.out.layout.type=PatternLayout
appender.out.layout.pattern=%d{HH:mm:ss,SSS} %-5p %c{1} - %m%n
EOF
    KAFKA_BOOTSTRAP=127.0.0.1:$broker_port
    KAFKA_TOOL=(java -Xmx256m -Dlog4j2.configurationFile="$dir/log4j2.properties" -cp "$KAFKA_LIB/*")
    launch_kafka
}

KAFKA_STARTS=0
# launch_kafka: starts the broker of start_kafka (again, after stop_kafka: same ports, same data).
launch_kafka() {
    local dir=$E2E_RUN/kafka
    KAFKA_STARTS=$((KAFKA_STARTS + 1))
    spawn "kafka-$KAFKA_STARTS" java -Xmx512m -Dlog4j2.configurationFile="$dir/log4j2.properties" \
        -cp "$KAFKA_LIB/*" kafka.Kafka "$dir/server.properties"
    KAFKA_PID=$LAST_PID
    wait_until 120 "the Kafka broker at $KAFKA_BOOTSTRAP" kafka_tool kafka.admin.TopicCommand --list
}

# stop_kafka: stops the broker (SIGTERM, a controlled shutdown) and waits until its process is gone.
stop_kafka() {
    kill_ours -TERM "$KAFKA_PID"
    wait_until 120 "the Kafka broker to exit" kafka_exited
}
kafka_exited() { ! our_process "$KAFKA_PID"; }

# kafka_tool CLASS ARGS...: a Kafka command line tool against the broker.
kafka_tool() {
    "${KAFKA_TOOL[@]}" "$1" --bootstrap-server "$KAFKA_BOOTSTRAP" "${@:2}"
}

# kafka_client COMMAND ARGS...: a step of src/e2e/KafkaTool.java (create, produce, read) against the broker.
kafka_client() {
    java -Xmx256m -Dlog4j2.configurationFile="$E2E_RUN/kafka/log4j2.properties" \
        -cp "$E2E_RUN/classes:$KAFKA_LIB/*" KafkaTool "$1" "$KAFKA_BOOTSTRAP" "${@:2}"
}

# compile_tools: compiles KafkaTool once per run (a single-file launch would compile it per call).
compile_tools() {
    javac -d "$E2E_RUN/classes" -cp "$KAFKA_LIB/*" "$E2E_ROOT/src/e2e/KafkaTool.java"
}

# create_topics PARTITIONS TOPIC...: without time-based retention, so that nothing a run wrote is
# deleted while it runs, whatever the timestamps of its records.
create_topics() {
    kafka_client create "$@" 2>>"$E2E_RUN/logs/kafka-tool.out"
}

# produce FILE: writes FILE's "TOPIC|KEY|VALUE" lines and returns once the broker has acknowledged all
# of them; records of one key go to one partition.
produce() {
    kafka_client produce "$1" 2>>"$E2E_RUN/logs/kafka-tool.out"
}

# consume_committed TOPIC FILE: the values of every record of TOPIC committed by now, one per line.
consume_committed() {
    kafka_client read "$1" >"$2" 2>>"$E2E_RUN/logs/kafka-tool.out"
}

# ------------------------------------------------------------------------------------------ Flink

write_flink_conf() {
    local conf=$E2E_RUN/flink/conf
    mkdir -p "$conf" "$E2E_RUN/flink/tmp"
    FLINK_REST_PORT=$(free_port)
    # Prometheus reporter (flink-metrics-prometheus in the cluster's lib/): each JVM serves /metrics on
    # the first free port of the range, the set-up the README's Metrics section gives.
    PROMETHEUS_FIRST_PORT=$(free_port)
    PROMETHEUS_LAST_PORT=$((PROMETHEUS_FIRST_PORT + 7))
    # A killed TaskManager refuses the heartbeat RPCs, so it is declared lost after two failed ones
    # (about 2 s). The timeouts only decide when a live JVM that answers slowly counts as lost; on a
    # machine at load 50, a 6 s heartbeat timeout failed healthy jobs (bad-input-storm: "The heartbeat
    # of TaskManager ... timed out"), so they are generous.
    cat >"$conf/config.yaml" <<EOF
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $(free_port)
jobmanager.bind-host: 127.0.0.1
jobmanager.memory.process.size: 768m
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.numberOfTaskSlots: 2
taskmanager.memory.process.size: 1280m
taskmanager.memory.managed.size: 128m
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $FLINK_REST_PORT
blob.server.port: 0
io.tmp.dirs: $E2E_RUN/flink/tmp
web.tmpdir: $E2E_RUN/flink/tmp
web.upload.dir: $E2E_RUN/flink/tmp
heartbeat.interval: 1000
heartbeat.rpc-failure-threshold: 2
heartbeat.timeout: 60000
pekko.ask.timeout: 60 s
restart-strategy.type: fixed-delay
restart-strategy.fixed-delay.attempts: 100
restart-strategy.fixed-delay.delay: 2 s
execution.checkpointing.tolerable-failed-checkpoints: 10
classloader.check-leaked-classloader: false
metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory
metrics.reporter.prom.port: $PROMETHEUS_FIRST_PORT-$PROMETHEUS_LAST_PORT
EOF
    cat >"$conf/log4j.properties" <<'EOF'
rootLogger.level=INFO
rootLogger.appenderRef.file.ref=file
appender.file.type=File
appender.file.name=file
appender.file.fileName=${sys:log.file}
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=%d{HH:mm:ss,SSS} %-5p %-40c{1} - %m%n
logger.kafka.name=org.apache.kafka
logger.kafka.level=WARN
EOF
    cp "$conf/log4j.properties" "$conf/log4j-cli.properties"
    flink_cli_command
}

# Memory flags and dynamic properties computed the way Flink's start scripts do.
flink_resource_params() { # GET_JM_RESOURCE_PARAMS|GET_TM_RESOURCE_PARAMS
    java -cp "$FLINK_LIB/*" -Dlog4j2.configurationFile="$E2E_RUN/kafka/log4j2.properties" \
        org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$E2E_RUN/flink/conf" \
        | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}

start_jobmanager() {
    local params jvm dynamic
    params=$(flink_resource_params GET_JM_RESOURCE_PARAMS)
    jvm=$(sed -n 1p <<<"$params")
    dynamic=$(sed -n 2p <<<"$params")
    # shellcheck disable=SC2086  # the computed flags are whitespace-separated words
    spawn jobmanager java $jvm "${JAVA17_OPENS[@]}" -Dlog.file="$E2E_RUN/logs/jobmanager.log" \
        -Dlog4j2.configurationFile="$E2E_RUN/flink/conf/log4j.properties" -cp "$FLINK_LIB/*" \
        org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
        --configDir "$E2E_RUN/flink/conf" $dynamic
    JOBMANAGER_PID=$LAST_PID
    wait_until 180 "the Flink REST endpoint" rest /overview
}

TASKMANAGERS=0
start_taskmanager() {
    local params jvm dynamic
    TASKMANAGERS=$((TASKMANAGERS + 1))
    params=$(flink_resource_params GET_TM_RESOURCE_PARAMS)
    jvm=$(sed -n 1p <<<"$params")
    dynamic=$(sed -n 2p <<<"$params")
    # shellcheck disable=SC2086
    spawn "taskmanager-$TASKMANAGERS" java $jvm "${JAVA17_OPENS[@]}" \
        -Dlog.file="$E2E_RUN/logs/taskmanager-$TASKMANAGERS.log" \
        -Dlog4j2.configurationFile="$E2E_RUN/flink/conf/log4j.properties" -cp "$FLINK_LIB/*" \
        org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$E2E_RUN/flink/conf" $dynamic
    TASKMANAGER_PID=$LAST_PID
}

# free_slots: number of free task slots the JobManager knows.
free_slots() { rest /overview | jq -r '."slots-available"'; }
has_free_slots() { (($(free_slots) >= $1)); }
has_taskmanagers() { (($(rest /overview | jq -r .taskmanagers) == $1)); }

rest() { curl -fsS --max-time 10 "http://127.0.0.1:$FLINK_REST_PORT$1"; }

# flink_cli ARGS...: Flink's command line client (bin/flink) against the cluster. An array, not a
# function, so that a client started in the background is the JVM itself and can be killed by its pid.
flink_cli_command() {
    FLINK_CLI=(env FLINK_CONF_DIR="$E2E_RUN/flink/conf" java -Xmx512m "${JAVA17_OPENS[@]}"
        -Dlog.file="$E2E_RUN/logs/cli.log" -Dlog4j2.configurationFile="$E2E_RUN/flink/conf/log4j-cli.properties"
        -cp "$FLINK_LIB/*" org.apache.flink.client.cli.CliFrontend)
    # Flink's SQL client in embedded mode, as bin/sql-client.sh starts it: lib/ and the opt/ jars (2.x only).
    SQL_CLIENT=(env FLINK_CONF_DIR="$E2E_RUN/flink/conf" java -Xmx512m "${JAVA17_OPENS[@]}"
        -Dlog.file="$E2E_RUN/logs/sql-client.log" -Dlog4j2.configurationFile="$E2E_RUN/flink/conf/log4j-cli.properties"
        -cp "$FLINK_LIB/*:$FLINK_OPT/*" org.apache.flink.table.client.SqlClient embedded)
}

# submitted_or_exited CLIENT_OUT CLIENT_PID: the client has submitted its job, or has exited.
submitted_or_exited() { grep -q 'Job has been submitted with JobID' "$1" || ! our_process "$2"; }

# submit NAME [RUN_OPTIONS...] -- JOB_ARGS...: `flink run` of flink-drift-jobs.jar in the background
# (attached, the client stays until the job ends; with -d it returns after submission); sets JOB_ID
# and CLIENT_PID.
submit() {
    local name=$1 run_options=()
    shift
    while [[ $1 != -- ]]; do
        run_options+=("$1")
        shift
    done
    shift
    spawn "client-$name" "${FLINK_CLI[@]}" run "${run_options[@]}" -c io.flinkdrift.jobs.FlinkDrift "$JOBS_JAR" "$@"
    CLIENT_PID=$LAST_PID
    local out=$E2E_RUN/logs/client-$name.out
    # A client that exits before submitting (a refused command line) ends the wait at once.
    wait_until 180 "the submission of $name" submitted_or_exited "$out" "$CLIENT_PID"
    if ! grep -q 'Job has been submitted with JobID' "$out"; then
        log "  $name was not submitted; the client said:"
        tail -20 "$out"
        return 1
    fi
    JOB_ID=$(sed -n 's/.*Job has been submitted with JobID \([0-9a-f]*\).*/\1/p' "$out" | head -1)
    SCENARIO_JOBS+=("$JOB_ID")
    log "  $name submitted as job $JOB_ID"
}

# cancel_job JOB_ID: cancels the job unless it has ended, and waits until it has.
cancel_job() {
    local state
    state=$(job_state "$1" 2>/dev/null) || return 0
    case $state in FINISHED | CANCELED | FAILED) return 0 ;; esac
    curl -fsS -X PATCH --max-time 10 "http://127.0.0.1:$FLINK_REST_PORT/jobs/$1?mode=cancel" >/dev/null || true
    wait_until 120 "job $1 to be cancelled" job_ended "$1"
}
job_ended() { case $(job_state "$1") in FINISHED | CANCELED | FAILED) return 0 ;; *) return 1 ;; esac; }

# stop_with_savepoint JOB_ID: `flink stop` with a canonical savepoint; sets SAVEPOINT to its path.
stop_with_savepoint() {
    SAVEPOINT=$("${FLINK_CLI[@]}" stop --type canonical --savepointPath "file://$E2E_RUN/savepoints" "$1" \
        2>>"$E2E_RUN/logs/cli-stop.out" | sed -n 's/^Savepoint completed\. Path: //p')
    if [[ -z $SAVEPOINT ]]; then
        log "  no savepoint path in the output of flink stop $1"
        return 1
    fi
    wait_until 120 "job $1 to finish after its savepoint" job_in_state "$1" FINISHED
}

job_state() { rest "/jobs/$1" | jq -r .state; }
job_in_state() { [[ $(job_state "$1") == "$2" ]]; }
completed_checkpoints() { rest "/jobs/$1/checkpoints" | jq -r '.counts.completed'; }
has_checkpoints() { (($(completed_checkpoints "$1") >= $2)); }
# All tasks of the job are RUNNING (not only the job, whose state is RUNNING while it waits for slots).
all_tasks_running() {
    local states
    states=$(rest "/jobs/$1" | jq -r '[.vertices[].status] | unique | join(",")')
    [[ $states == RUNNING ]]
}

# ------------------------------------------------------------------------------------------ data

# bad_kinds JOB: the kinds of bad input the scenarios feed JOB, each a dead-letter reason.
bad_kinds() {
    case $1 in
        classify) echo MALFORMED UNPARSABLE_NUMBER UNKNOWN_CLASS MISSING_COLUMN ;;
        ann) echo MALFORMED WRONG_DIMENSION MISSING_COLUMN ;;
        *) echo MALFORMED UNPARSABLE_NUMBER MISSING_COLUMN ;;
    esac
}

# records JOB FIRST COUNT KEYS BAD_EVERY [MODE]: the input of JOB for ids FIRST..FIRST+COUNT-1 over KEYS
# keys, as "STREAM|KEY|JSON" lines; STREAM is "in", or "queries" for every fourth id of ann. When
# BAD_EVERY > 0, every id with id % BAD_EVERY == 1 is bad, of the job's bad_kinds in turn. With MODE
# "expect", prints "STREAM OK" or "STREAM REASON" per id instead. Values are pure functions of the
# id, and a good record's label depends on its key and features, so the models have something to learn.
records() {
    awk -v job="$1" -v first="$2" -v count="$3" -v keys="$4" -v bad="$5" -v mode="${6:-lines}" \
        -v kinds="$(bad_kinds "$1")" 'BEGIN {
        nk = split(kinds, kind, " ")
        for (id = first; id < first + count; id++) {
            k = "k" (id % keys)
            x = ((id * 7919) % 1000) / 100.0
            z = ((id * 104729) % 1000) / 100.0
            noise = ((id * 31) % 100) / 100.0 - 0.5
            stream = "in"
            if (job == "classify") {
                f = "x"; v = x; rest = ", \"y\": \"" ((x + (id % keys)) % 4 < 2 ? "a" : "b") "\""
            } else if (job == "regress") {
                f = "x"; v = x; rest = ", \"y\": " (2 * x + (id % keys) + noise)
            } else if (job == "density") {
                f = "x1"; v = x; rest = ", \"x2\": " ((x + 2 * (id % keys)) % 10)
            } else if (job == "conformal") {
                f = "yhat"; v = x; rest = ", \"y\": " (x + noise)
            } else {
                f = "x"; v = "[" (id % keys) ", " x / 10 ", " z / 10 ", " (id % 3) "]"; rest = ", \"t\": " (id * 100)
                if (id % 4 == 3) stream = "queries"
            }
            reason = (bad > 0 && id % bad == 1) ? kind[int(id / bad) % nk + 1] : "OK"
            head = "{\"id\": " id ", \"k\": \"" k "\""
            if (reason == "OK") line = head ", \"" f "\": " v rest "}"
            else if (reason == "MALFORMED") line = head ", \"" f "\": "
            else if (reason == "UNPARSABLE_NUMBER") line = head ", \"" f "\": \"n/a\"" rest "}"
            else if (reason == "MISSING_COLUMN") line = head rest "}"
            else if (reason == "UNKNOWN_CLASS") line = head ", \"x\": " x ", \"y\": \"zz\"}"
            else line = head ", \"x\": [1, 2, 3]" rest "}"
            if (mode == "expect") print stream, reason
            else print stream "|" k "|" line
        }
    }'
}

# ann_tail FIRST KEYS: one insert and one query per key, 20 s of event time after the ids before
# FIRST, so the watermark passes every earlier record and ann answers all earlier queries (the tail's
# own queries stay behind the watermark, unanswered, as the newest records of any unbounded stream).
ann_tail() {
    awk -v first="$1" -v keys="$2" 'BEGIN {
        for (j = 0; j < 2 * keys; j++) {
            id = first + j
            k = "k" (j % keys)
            print (j < keys ? "in" : "queries") "|" k "|{\"id\": " id ", \"k\": \"" k "\", \"x\": [0, 0, 0, 0], \"t\": " ((first + 200) * 100) "}"
        }
    }'
}

# produce_records SCENARIO JOB FIRST COUNT KEYS BAD_EVERY [TAIL]: writes those records to the scenario's
# input topics (SCENARIO-in, and SCENARIO-queries for ann) and returns once all are acknowledged; with
# TAIL (ann), the tail after them.
produce_records() {
    local file=$E2E_RUN/$1-$3.txt
    {
        records "$2" "$3" "$4" "$5" "$6"
        if [[ ${7:-} == tail ]]; then
            ann_tail $(($3 + $4)) "$5"
        fi
    } | sed "s/^/$1-/" >"$file"
    produce "$file" || return 1
    log "  produced ids $3..$(($3 + $4 - 1)) of $2"
}

# expected_outputs JOB COUNT KEYS BAD_EVERY: outputs of ids 0..COUNT-1 (one per good record, for ann
# one per good query).
expected_outputs() {
    records "$1" 0 "$2" "$3" "$4" expect \
        | awk -v job="$1" '$2 == "OK" && (job != "ann" || $1 == "queries") { n++ } END { print n + 0 }'
}

# expected_reasons JOB COUNT KEYS BAD_EVERY: "REASON COUNT" per dead-letter reason, sorted by reason.
expected_reasons() {
    records "$1" 0 "$2" "$3" "$4" expect | awk '$2 != "OK" { print $2 }' | sort | uniq -c | awk '{ print $2, $1 }'
}

# ------------------------------------------------------------------------------------------ checks

# check DESCRIPTION EXPECTED ACTUAL
check() {
    if [[ "$2" == "$3" ]]; then
        log "  ok: $1 = $3"
    else
        log "  FAIL: $1: expected $2, got $3"
        SCENARIO_OK=false
    fi
}

# wait_for_count TOPIC FILE EXPECTED SECONDS: consumes TOPIC (read committed) until it holds at
# least EXPECTED records; FILE has them. Fails after SECONDS, saying how many there were.
wait_for_count() {
    local deadline=$((SECONDS + $4 * ${E2E_TIMEOUT_SCALE:-1})) n last=-1
    while true; do
        consume_committed "$1" "$2"
        n=$(wc -l <"$2")
        if ((n >= $3)); then
            return 0
        fi
        if ((SECONDS >= deadline)); then
            log "  timed out after $4 s waiting for $3 committed records in $1 (there are $n)"
            return 1
        fi
        if ((n != last)); then
            log "  $1: $n of $3 committed records"
            last=$n
        fi
        sleep 1
    done
}

distinct_ids() { jq -r .id "$1" | sort -u | wc -l; }

# has_committed TOPIC FILE [MORE_THAN]: whether TOPIC holds more than MORE_THAN (default 0) committed
# records (FILE gets them all).
has_committed() {
    consume_committed "$1" "$2"
    (($(wc -l <"$2") > ${3:-0}))
}

# run_scenario NAME FUNCTION: runs one scenario, records whether its checks passed and then cancels
# every job it submitted that is still running, whatever happened; a scenario starts once the
# cluster has two free slots. A scenario that cannot get as far as its checks returns non-zero after
# logging what it waited for.
run_scenario() {
    local name=$1 started=$SECONDS job
    log "=== scenario: $name"
    SCENARIO_OK=true
    SCENARIO_JOBS=()
    # The jobs of the scenario before are cancelled, but a TaskManager killed by it may still hold
    # slots until the JobManager declares it lost: wait for them here, where the slots are needed.
    if ! wait_until 300 "the TaskManager's slots to be free before $name" has_free_slots 2; then
        SCENARIO_OK=false
    elif ! "$2"; then
        log "  $name could not complete its steps"
        SCENARIO_OK=false
    fi
    for job in "${SCENARIO_JOBS[@]}"; do
        cancel_job "$job" || SCENARIO_OK=false
    done
    if $SCENARIO_OK; then
        PASSED=$((PASSED + 1))
        log "=== PASSED: $name ($((SECONDS - started)) s)"
        SCENARIO_TIMES+=("$name $((SECONDS - started)) s passed")
    else
        FAILED=$((FAILED + 1))
        FAILED_NAMES+=("$name")
        log "=== FAILED: $name ($((SECONDS - started)) s)"
        SCENARIO_TIMES+=("$name $((SECONDS - started)) s FAILED")
    fi
}

# reasons FILE: "REASON COUNT" per reason of the dead letters in FILE, sorted by reason.
reasons() { jq -r .reason "$1" | sort | uniq -c | awk '{ print $2, $1 }'; }
