# Functions of the end-to-end harness (sourced by run.sh): a KRaft Kafka broker, a standalone Flink
# session cluster (JobManager and TaskManagers as separate JVMs), the Flink CLI, Kafka console tools
# and the checks. Every process started here is recorded in $E2E_PIDS and killed by cleanup().
# Needs: E2E_ROOT (repository root), E2E_RUN (temporary run directory), FLINK_LIB, KAFKA_LIB.

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

# wait_until SECONDS DESCRIPTION COMMAND...: polls COMMAND every half second; fails after SECONDS.
wait_until() {
    local timeout=$1 what=$2
    shift 2
    local deadline=$((SECONDS + timeout))
    until "$@" >/dev/null 2>&1; do
        if ((SECONDS >= deadline)); then
            log "timed out after ${timeout}s waiting for $what"
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
    for pid in "${E2E_PIDS[@]}"; do
        kill -9 "$pid" 2>/dev/null || true
    done
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
    spawn kafka java -Xmx512m -Dlog4j2.configurationFile="$dir/log4j2.properties" \
        -cp "$KAFKA_LIB/*" kafka.Kafka "$dir/server.properties"
    KAFKA_PID=$LAST_PID
    wait_until 60 "the Kafka broker at $KAFKA_BOOTSTRAP" kafka_tool kafka.admin.TopicCommand --list
}

# kafka_tool CLASS ARGS...: a Kafka command line tool against the broker.
kafka_tool() {
    "${KAFKA_TOOL[@]}" "$1" --bootstrap-server "$KAFKA_BOOTSTRAP" "${@:2}"
}

# create_topic TOPIC PARTITIONS. Without time-based retention: the Kafka sink stamps each record with
# its event time, which is the id (milliseconds after 1970) when --time is not given, and the broker
# would delete such "week-old" segments minutes after they are written.
create_topic() {
    kafka_tool kafka.admin.TopicCommand --create --topic "$1" --partitions "$2" --replication-factor 1 \
        --config retention.ms=-1 >/dev/null
}

# produce_slowly TOPIC FILE LINES SECONDS: writes FILE's "KEY|VALUE" lines to TOPIC in the
# background, pausing SECONDS after every LINES lines; records of one key go to one partition. Sets
# PRODUCER_PID (the producer JVM, which exits at the end of FILE).
produce_slowly() {
    local fifo
    fifo=$(mktemp -u "$E2E_RUN/producer.XXXXXX")
    mkfifo "$fifo"
    "${KAFKA_TOOL[@]}" kafka.tools.ConsoleProducer --bootstrap-server "$KAFKA_BOOTSTRAP" --topic "$1" \
        --property parse.key=true --property key.separator='|' --producer-property acks=all \
        <"$fifo" >"$E2E_RUN/logs/producer-$1.out" 2>&1 &
    PRODUCER_PID=$!
    E2E_PIDS+=($!)
    awk -v every="$3" -v pause="$4" '{ print; if (NR % every == 0) { fflush(); system("sleep " pause) } }' \
        "$2" >"$fifo" &
    E2E_PIDS+=($!)
}

# consume_committed TOPIC FILE: the values of every record of TOPIC committed by now, one per line
# (read_committed up to the last stable offsets).
consume_committed() {
    "${KAFKA_TOOL[@]}" "$E2E_ROOT/src/e2e/ReadCommitted.java" "$KAFKA_BOOTSTRAP" "$1" >"$2" 2>>"$E2E_RUN/logs/read-committed.out"
}

# ------------------------------------------------------------------------------------------ Flink

write_flink_conf() {
    local conf=$E2E_RUN/flink/conf
    mkdir -p "$conf" "$E2E_RUN/flink/tmp"
    FLINK_REST_PORT=$(free_port)
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
heartbeat.timeout: 6000
restart-strategy.type: fixed-delay
restart-strategy.fixed-delay.attempts: 20
restart-strategy.fixed-delay.delay: 1 s
execution.checkpointing.tolerable-failed-checkpoints: 10
classloader.check-leaked-classloader: false
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
    wait_until 60 "the Flink REST endpoint" rest /overview
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

rest() { curl -fsS --max-time 10 "http://127.0.0.1:$FLINK_REST_PORT$1"; }

# flink_cli ARGS...: Flink's command line client (bin/flink) against the cluster. An array, not a
# function, so that a client started in the background is the JVM itself and can be killed by its pid.
flink_cli_command() {
    FLINK_CLI=(env FLINK_CONF_DIR="$E2E_RUN/flink/conf" java -Xmx512m "${JAVA17_OPENS[@]}"
        -Dlog.file="$E2E_RUN/logs/cli.log" -Dlog4j2.configurationFile="$E2E_RUN/flink/conf/log4j-cli.properties"
        -cp "$FLINK_LIB/*" org.apache.flink.client.cli.CliFrontend)
}

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
    wait_until 120 "the submission of $name" grep -q 'Job has been submitted with JobID' "$out" || {
        tail -20 "$out"
        return 1
    }
    JOB_ID=$(sed -n 's/.*Job has been submitted with JobID \([0-9a-f]*\).*/\1/p' "$out" | head -1)
    log "$name submitted as job $JOB_ID"
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

# examples FIRST COUNT KEYS BAD_EVERY: JSON-lines examples "KEY|JSON" with ids FIRST..FIRST+COUNT-1 over
# KEYS keys; when BAD_EVERY > 0 every BAD_EVERY-th id (id % BAD_EVERY == 1) is one of four kinds of
# bad input: broken JSON, an unparsable number, an unknown class, a missing feature. The label of a
# good record depends on its key and feature, so the learners have something to learn.
examples() {
    awk -v first="$1" -v count="$2" -v keys="$3" -v bad="$4" 'BEGIN {
        for (id = first; id < first + count; id++) {
            k = "k" (id % keys)
            x = ((id * 7919) % 1000) / 100.0
            y = (x + (id % keys)) % 4 < 2 ? "a" : "b"
            if (bad > 0 && id % bad == 1) {
                kind = int(id / bad) % 4
                if (kind == 0) line = "{\"id\": " id ", \"k\": \"" k "\", \"x\": "
                else if (kind == 1) line = "{\"id\": " id ", \"k\": \"" k "\", \"x\": \"n/a\", \"y\": \"a\"}"
                else if (kind == 2) line = "{\"id\": " id ", \"k\": \"" k "\", \"x\": " x ", \"y\": \"zz\"}"
                else line = "{\"id\": " id ", \"k\": \"" k "\", \"y\": \"b\"}"
            } else {
                line = "{\"id\": " id ", \"k\": \"" k "\", \"x\": " x ", \"y\": \"" y "\"}"
            }
            print k "|" line
        }
    }'
}

# bad_count FIRST COUNT BAD_EVERY: how many of those ids are bad.
bad_count() {
    awk -v first="$1" -v count="$2" -v bad="$3" \
        'BEGIN { n = 0; if (bad > 0) for (id = first; id < first + count; id++) if (id % bad == 1) n++; print n }'
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
# least EXPECTED records or SECONDS pass; FILE has the records.
wait_for_count() {
    local deadline=$((SECONDS + $4)) n
    while true; do
        consume_committed "$1" "$2"
        n=$(wc -l <"$2")
        if ((n >= $3)) || ((SECONDS >= deadline)); then
            return 0
        fi
        log "  $1: $n of $3 committed records"
        sleep 1
    done
}

distinct_ids() { jq -r .id "$1" | sort -u | wc -l; }

# has_committed TOPIC FILE: whether TOPIC holds a committed record (FILE gets them all).
has_committed() {
    consume_committed "$1" "$2"
    [[ -s $2 ]]
}

# run_scenario NAME FUNCTION: runs one scenario and records whether its checks passed.
run_scenario() {
    local name=$1 started=$SECONDS
    log "=== scenario: $name"
    SCENARIO_OK=true
    if ! "$2"; then
        SCENARIO_OK=false
    fi
    if $SCENARIO_OK; then
        PASSED=$((PASSED + 1))
        log "=== PASSED: $name ($((SECONDS - started)) s)"
    else
        FAILED=$((FAILED + 1))
        FAILED_NAMES+=("$name")
        log "=== FAILED: $name ($((SECONDS - started)) s)"
    fi
}

# bad_reasons FIRST COUNT BAD_EVERY: "REASON COUNT" per reject reason of those ids, sorted by reason.
bad_reasons() {
    awk -v first="$1" -v count="$2" -v bad="$3" 'BEGIN {
        split("MALFORMED UNPARSABLE_NUMBER UNKNOWN_CLASS MISSING_COLUMN", reason, " ")
        if (bad > 0) for (id = first; id < first + count; id++) if (id % bad == 1) n[reason[int(id / bad) % 4 + 1]]++
        for (r in n) print r, n[r]
    }' | sort
}

# reasons FILE: "REASON COUNT" per reason of the dead letters in FILE, sorted by reason.
reasons() { jq -r .reason "$1" | sort | uniq -c | awk '{ print $2, $1 }'; }
