#!/bin/sh
# Start a throwaway Slurm cluster on this host: munged, slurmctld and one slurmd per node name,
# all under DIR, on loopback ports. Debian's slurm-wlm and munge packages provide the daemons.
#
#   start_local_cluster.sh DIR NODES BASE_PORT [TASK_PROLOG]
#
# NODES is a count (nodes are named yd1..ydN). Prints the path of slurm.conf on success; the caller
# exports SLURM_CONF with it. stop_local_cluster.sh DIR stops everything this started.
set -eu
DIR=$1
NODES=$2
PORT=$3
PROLOG=${4:-}
mkdir -p "$DIR/state" "$DIR/log" "$DIR/munge" "$DIR/run"
chmod 700 "$DIR/munge"
# A fresh munge key: 1024 random bytes, readable by root only (munged refuses anything looser).
if [ ! -f "$DIR/munge/munge.key" ]; then
    dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1024 count=1 2>/dev/null
    chmod 400 "$DIR/munge/munge.key"
fi
munged --force --key-file="$DIR/munge/munge.key" --socket="$DIR/munge/munge.socket" \
    --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/log/munged.log" --seed-file="$DIR/munge/seed"
HOST=$(hostname -s)
CONF=$DIR/slurm.conf
{
    echo "ClusterName=ydtest"
    echo "SlurmctldHost=$HOST(127.0.0.1)"
    echo "SlurmctldPort=$PORT"
    echo "SlurmdPort=$((PORT + 1))"
    echo "AuthType=auth/munge"
    echo "CredType=cred/munge"
    echo "AuthInfo=socket=$DIR/munge/munge.socket"
    echo "SlurmUser=root"
    echo "SlurmdUser=root"
    echo "StateSaveLocation=$DIR/state"
    echo "SlurmdSpoolDir=$DIR/spool/%n"
    echo "SlurmctldPidFile=$DIR/run/slurmctld.pid"
    echo "SlurmdPidFile=$DIR/run/slurmd-%n.pid"
    echo "SlurmctldLogFile=$DIR/log/slurmctld.log"
    echo "SlurmdLogFile=$DIR/log/slurmd-%n.log"
    echo "ProctrackType=proctrack/linuxproc"
    echo "TaskPlugin=task/none"
    echo "MpiDefault=none"
    echo "SelectType=select/cons_tres"
    echo "SelectTypeParameters=CR_Core"
    echo "ReturnToService=2"
    echo "JobCompType=jobcomp/none"
    echo "AccountingStorageType=accounting_storage/none"
    echo "JobAcctGatherType=jobacct_gather/none"
    echo "SlurmctldTimeout=30"
    echo "SlurmdTimeout=30"
    echo "InactiveLimit=0"
    echo "KillWait=5"
    echo "MinJobAge=10"
    if [ -n "$PROLOG" ]; then echo "TaskProlog=$PROLOG"; fi
    i=1
    while [ "$i" -le "$NODES" ]; do
        echo "NodeName=yd$i NodeHostname=$HOST NodeAddr=127.0.0.1 Port=$((PORT + 1 + i)) CPUs=1 RealMemory=500 State=UNKNOWN"
        i=$((i + 1))
    done
    echo "PartitionName=debug Nodes=yd[1-$NODES] Default=YES MaxTime=INFINITE State=UP"
} > "$CONF"
export SLURM_CONF="$CONF"
slurmctld -f "$CONF"
i=1
while [ "$i" -le "$NODES" ]; do
    mkdir -p "$DIR/spool/yd$i"
    slurmd -f "$CONF" -N "yd$i"
    i=$((i + 1))
done
echo "$CONF"
