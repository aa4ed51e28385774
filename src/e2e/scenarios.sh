# The end-to-end scenarios (sourced by run.sh). Each creates its own topics, runs `classify` on the
# cluster through `flink run`, checks exact counts with check() and leaves no job running. A scenario
# returns non-zero when it cannot get as far as its checks.

# The classify options every scenario shares: JSON lines keyed by "k", labels "y" in a fixed class
# list (so Kafka is read at the job's parallelism), one feature "x".
classify_args() { # SOURCE_TOPIC GROUP SINK_TOPIC DEAD_LETTER_TOPIC
    echo classify --source "kafka:$1" --kafka-bootstrap "$KAFKA_BOOTSTRAP" --kafka-group "$2" \
        --id id --key k --label y --classes a,b --features x --sink "kafka:$3" --dead-letter "kafka:$4" \
        --delivery exactly-once --checkpoint-dir "file://$E2E_RUN/checkpoints" --progress-interval 0
}

cancel_job() { # JOB_ID CLIENT_PID
    curl -fsS -X PATCH --max-time 10 "http://127.0.0.1:$FLINK_REST_PORT/jobs/$1?mode=cancel" >/dev/null || true
    wait_until 60 "job $1 to be cancelled" job_in_state "$1" CANCELED
    wait "$2" 2>/dev/null || true
}

# Issue 7.1: kill -9 the TaskManager mid-stream; the job restores its last checkpoint on a new
# TaskManager and the exactly-once output holds every expected record once.
scenario_failover() {
    local total=30000 bad_every=50 keys=16 bad expected data=$E2E_RUN/failover-input.txt
    bad=$(bad_count 0 $total $bad_every)
    expected=$((total - bad))
    create_topic s1-examples 2 && create_topic s1-predictions 2 && create_topic s1-rejected 1 || return 1
    examples 0 $total $keys $bad_every >"$data"
    # shellcheck disable=SC2046  # classify_args prints separate words without spaces inside
    submit failover -d -- $(classify_args s1-examples s1 s1-predictions s1-rejected) \
        --learner kalman --parallelism 2 --state-backend rocksdb --checkpoint-interval 1000 || return 1
    local job=$JOB_ID client=$CLIENT_PID
    wait_until 90 "all tasks running" all_tasks_running "$job" || return 1
    log "producing $total examples ($bad bad) over about 10 s"
    produce_slowly s1-examples "$data" 1500 0.5
    local producer=$PRODUCER_PID
    wait_until 60 "committed predictions" has_committed s1-predictions "$E2E_RUN/s1-before.txt" || return 1

    local before
    before=$(wc -l <"$E2E_RUN/s1-before.txt")
    log "kill -9 of the TaskManager (pid $TASKMANAGER_PID) with $before of $expected predictions committed"
    # Mid-stream: some output is committed (the restore must not repeat it), some is still to come.
    check "killed mid-stream (0 < committed < expected)" true "$(((before > 0 && before < expected)) && echo true)"
    kill -9 "$TASKMANAGER_PID"
    log "starting a new TaskManager"
    start_taskmanager
    wait_until 120 "the job to run again on the new TaskManager" all_tasks_running "$job" || return 1

    wait_for_count s1-predictions "$E2E_RUN/s1-predictions.txt" $expected 120
    wait_until 60 "the producer to finish" bash -c "! kill -0 $producer" || return 1
    # Two more checkpoints: anything written twice after the restore would be committed by now.
    local checkpoints
    checkpoints=$(completed_checkpoints "$job")
    wait_until 60 "two more checkpoints" has_checkpoints "$job" $((checkpoints + 2)) || return 1
    consume_committed s1-predictions "$E2E_RUN/s1-predictions.txt"
    consume_committed s1-rejected "$E2E_RUN/s1-rejected.txt"

    check "job restored from a checkpoint" true \
        "$(rest "/jobs/$job/checkpoints" | jq -r '.latest.restored.id != null')"
    check "job state" RUNNING "$(job_state "$job")"
    check "committed predictions (input - rejected)" $expected "$(wc -l <"$E2E_RUN/s1-predictions.txt")"
    check "distinct prediction ids" $expected "$(distinct_ids "$E2E_RUN/s1-predictions.txt")"
    check "committed dead letters" "$bad" "$(wc -l <"$E2E_RUN/s1-rejected.txt")"
    check "distinct dead-letter positions" "$bad" \
        "$(jq -r '.origin + ":" + (.position | tostring)' "$E2E_RUN/s1-rejected.txt" | sort -u | wc -l)"
    cancel_job "$job" "$client"
}

# Issue 7.2: stop with a savepoint mid-stream, resume at parallelism 2; the predictions equal those of
# an uninterrupted run, id by id.
scenario_savepoint_rescale() {
    local total=20000 bad_every=97 keys=16 bad expected data=$E2E_RUN/rescale-input.txt
    bad=$(bad_count 0 $total $bad_every)
    expected=$((total - bad))
    create_topic s2-examples 4 && create_topic s2-predictions 2 && create_topic s2-rejected 1 \
        && create_topic s2-reference 1 && create_topic s2-reference-rejected 1 || return 1
    examples 0 $total $keys $bad_every >"$data"
    # shellcheck disable=SC2046
    submit before-savepoint -d -- $(classify_args s2-examples s2 s2-predictions s2-rejected) \
        --learner kalman --parallelism 1 --state-backend rocksdb --checkpoint-interval 1000 || return 1
    local job=$JOB_ID client=$CLIENT_PID
    wait_until 90 "all tasks running" all_tasks_running "$job" || return 1
    log "producing $total examples ($bad bad) over about 10 s"
    produce_slowly s2-examples "$data" 1000 0.5
    local producer=$PRODUCER_PID
    wait_until 60 "committed predictions" has_committed s2-predictions "$E2E_RUN/s2-at-stop.txt" || return 1

    log "stopping job $job with a savepoint"
    local savepoint
    savepoint=$("${FLINK_CLI[@]}" stop --type canonical --savepointPath "file://$E2E_RUN/savepoints" "$job" \
        2>>"$E2E_RUN/logs/cli-stop.out" | sed -n 's/^Savepoint completed\. Path: //p')
    if [[ -z $savepoint ]]; then
        log "no savepoint path in the output of flink stop"
        return 1
    fi
    wait "$client" 2>/dev/null
    check "job state after stop" FINISHED "$(job_state "$job")"
    consume_committed s2-predictions "$E2E_RUN/s2-at-stop.txt"
    log "savepoint $savepoint with $(wc -l <"$E2E_RUN/s2-at-stop.txt") of $expected predictions committed"
    local at_stop
    at_stop=$(wc -l <"$E2E_RUN/s2-at-stop.txt")
    check "stopped mid-stream (0 < committed < expected)" true "$(((at_stop > 0 && at_stop < expected)) && echo true)"

    # shellcheck disable=SC2046
    submit after-savepoint -d -s "$savepoint" -- $(classify_args s2-examples s2 s2-predictions s2-rejected) \
        --learner kalman --parallelism 2 --state-backend rocksdb --checkpoint-interval 1000 || return 1
    job=$JOB_ID
    client=$CLIENT_PID
    wait_until 90 "all tasks running" all_tasks_running "$job" || return 1
    wait_until 60 "the producer to finish" bash -c "! kill -0 $producer" || return 1
    wait_for_count s2-predictions "$E2E_RUN/s2-predictions.txt" $expected 120
    local checkpoints
    checkpoints=$(completed_checkpoints "$job")
    wait_until 60 "two more checkpoints" has_checkpoints "$job" $((checkpoints + 2)) || return 1
    consume_committed s2-predictions "$E2E_RUN/s2-predictions.txt"
    consume_committed s2-rejected "$E2E_RUN/s2-rejected.txt"
    check "resumed job restored the savepoint" "$savepoint" \
        "$(rest "/jobs/$job/checkpoints" | jq -r '.latest.restored.external_path')"
    # Both Kafka sinks of both jobs share their transactional-id prefix: one job at a time.
    cancel_job "$job" "$client"

    log "the uninterrupted reference run (bounded, parallelism 1)"
    # shellcheck disable=SC2046
    submit reference -- $(classify_args s2-examples s2-reference s2-reference s2-reference-rejected) \
        --learner kalman --parallelism 1 --state-backend heap --checkpoint-interval 1000 --kafka-bounded \
        || return 1
    job=$JOB_ID
    wait "$CLIENT_PID"
    check "reference client exit status" 0 $?
    check "reference job state" FINISHED "$(job_state "$job")"
    consume_committed s2-reference "$E2E_RUN/s2-reference.txt"

    check "committed predictions" $expected "$(wc -l <"$E2E_RUN/s2-predictions.txt")"
    check "distinct prediction ids" $expected "$(distinct_ids "$E2E_RUN/s2-predictions.txt")"
    check "committed dead letters" "$bad" "$(wc -l <"$E2E_RUN/s2-rejected.txt")"
    check "reference predictions" $expected "$(wc -l <"$E2E_RUN/s2-reference.txt")"
    local by_id='[.id, .key, .prediction, .probabilities, .modelVersion] | @json'
    jq -r "$by_id" "$E2E_RUN/s2-predictions.txt" | sort >"$E2E_RUN/s2-resumed.sorted"
    jq -r "$by_id" "$E2E_RUN/s2-reference.txt" | sort >"$E2E_RUN/s2-reference.sorted"
    check "predictions that differ from the uninterrupted run" 0 \
        "$(comm -3 "$E2E_RUN/s2-resumed.sorted" "$E2E_RUN/s2-reference.sorted" | wc -l)"
}

# Issue 7.4: a third of the input is bad; the job keeps running without a restart and every record is
# either predicted or dead-lettered, with the exact reason.
scenario_bad_input_storm() {
    local total=30000 bad_every=3 keys=8 bad expected data=$E2E_RUN/storm-input.txt
    bad=$(bad_count 0 $total $bad_every)
    expected=$((total - bad))
    create_topic s4-examples 2 && create_topic s4-predictions 2 && create_topic s4-rejected 2 || return 1
    examples 0 $total $keys $bad_every >"$data"
    log "producing $total examples ($bad bad)"
    produce_slowly s4-examples "$data" 10000 0.2
    local producer=$PRODUCER_PID
    # shellcheck disable=SC2046
    submit bad-input-storm -d -- $(classify_args s4-examples s4 s4-predictions s4-rejected) \
        --learner majority --parallelism 2 --state-backend heap --checkpoint-interval 1000 || return 1
    local job=$JOB_ID client=$CLIENT_PID
    wait_until 90 "all tasks running" all_tasks_running "$job" || return 1
    wait_until 60 "the producer to finish" bash -c "! kill -0 $producer" || return 1
    wait_for_count s4-predictions "$E2E_RUN/s4-predictions.txt" $expected 120
    local checkpoints
    checkpoints=$(completed_checkpoints "$job")
    wait_until 60 "two more checkpoints" has_checkpoints "$job" $((checkpoints + 2)) || return 1
    consume_committed s4-predictions "$E2E_RUN/s4-predictions.txt"
    consume_committed s4-rejected "$E2E_RUN/s4-rejected.txt"

    check "job state" RUNNING "$(job_state "$job")"
    check "job failures" 0 "$(rest "/jobs/$job/exceptions" | jq -r '.exceptionHistory.entries | length')"
    check "committed predictions" $expected "$(wc -l <"$E2E_RUN/s4-predictions.txt")"
    check "distinct prediction ids" $expected "$(distinct_ids "$E2E_RUN/s4-predictions.txt")"
    check "committed dead letters" "$bad" "$(wc -l <"$E2E_RUN/s4-rejected.txt")"
    check "predictions + dead letters (input)" $total \
        "$(($(wc -l <"$E2E_RUN/s4-predictions.txt") + $(wc -l <"$E2E_RUN/s4-rejected.txt")))"
    check "dead letters by reason" "$(bad_reasons 0 $total $bad_every | tr '\n' ' ')" \
        "$(reasons "$E2E_RUN/s4-rejected.txt" | tr '\n' ' ')"
    cancel_job "$job" "$client"
}
