# Process helpers shared by the shell scripts (src/e2e, src/bench): signal only processes that are
# still children of the calling shell. Source it; needs bash and /proc.

# our_process PID: PID is still a live process this script started, a child of this shell. A pid
# only names our process until the process has exited: on a busy machine pids wrap within minutes,
# and a signal to an exited child's pid reaches whatever process reuses it (another job's
# TaskManager, a build), so every signal goes through kill_ours.
our_process() {
    local stat
    { stat=$(<"/proc/$1/stat"); } 2>/dev/null || return 1
    read -r -a stat <<<"${stat##*) }" # state and parent pid follow the command name
    [[ ${stat[0]} != Z && ${stat[1]} == "$$" ]]
}

# kill_ours SIGNAL PID...: sends SIGNAL to each PID that is still our process (see our_process).
kill_ours() {
    local signal=$1 pid
    shift
    for pid; do
        if our_process "$pid"; then kill "$signal" "$pid" 2>/dev/null || true; fi
    done
}
