#!/bin/sh
# Stop what start_local_cluster.sh DIR started: every daemon whose pid file lies under DIR.
DIR=$1
for pidfile in "$DIR"/run/slurmd-*.pid "$DIR"/run/slurmctld.pid "$DIR"/munge/munged.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
done
exit 0
