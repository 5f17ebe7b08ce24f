#!/usr/bin/env bash
# Runs examples/slurm/sweep-array.sbatch for real on a throwaway single-node Slurm cluster
# (Debian's slurm-wlm and munge, on loopback, as root), waits for the dependent merge job, checks
# the merged files equal a single-process sweep, and stops every daemon it started.
# Usage: scripts/slurm-local-test.sh [NDPSCOPE_BINARY]   (default: builds and uses the debug one)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

if [[ $(id -u) != 0 ]]; then echo "slurm-local-test: needs root (it starts munged and slurmd)" >&2; exit 1; fi
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  echo "== installing slurm-wlm and munge"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi

ndpscope=${1:-}
if [[ -z "$ndpscope" ]]; then
  swift build --product ndpscope >/dev/null
  ndpscope="$(swift build --show-bin-path)/ndpscope"
fi
ndpscope=$(realpath "$ndpscope")

work=$(mktemp -d /tmp/ndpscope-slurm.XXXXXX)
started_munge=0
cleanup() {
  set +e
  for pidfile in "$work/slurmd.pid" "$work/slurmctld.pid"; do
    [[ -f "$pidfile" ]] && kill "$(cat "$pidfile")" 2>/dev/null
  done
  if [[ $started_munge == 1 && -f /run/munge/munged.pid ]]; then kill "$(cat /run/munge/munged.pid)" 2>/dev/null; fi
  sleep 1
  rm -rf "$work"
}
trap cleanup EXIT

# munge: a key, its folders, and the daemon (unless one already runs).
if [[ ! -s /etc/munge/munge.key ]]; then
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/log/munge /var/lib/munge
chown munge:munge /run/munge /var/log/munge /var/lib/munge
if ! pgrep -x munged >/dev/null; then
  su -s /bin/sh munge -c munged
  started_munge=1
fi

host=$(hostname -s)
memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
mkdir -p "$work/state" "$work/spool" "$work/logs"
export SLURM_CONF="$work/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=ndpscope-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=17817
SlurmdPort=17818
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmUser=root
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/logs/slurmctld.log
SlurmdLogFile=$work/logs/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$memory State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF

slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 60); do
  sinfo -h -o %T 2>/dev/null | grep -q idle && break
  sleep 1
done
sinfo -h -o %T | grep -q idle || { echo "slurm-local-test: the node never became idle" >&2; tail "$work"/logs/*; exit 1; }

# A small space, swept as 3 array tasks and merged by a dependent job.
space="$work/space.yaml"
cat > "$space" <<SPACE
name: slurm-local-test
seed: 3
policies: [ep, tp, tp-lb-pf, oracle]
fixed:
  model: olmoe-1b-7b
  workload.prompt: 16
  workload.output: 8
axes:
  ndp.units: [1, 2, 4, 8]
  link: [pcie4-x16, pcie5-x16]
SPACE
out="$work/out"
export NDPSCOPE="$ndpscope"
array=$(sbatch --parsable --chdir="$repo" --output="$work/logs/task-%A_%a.out" --cpus-per-task=1 \
  --array=0-2 examples/slurm/sweep-array.sbatch "$space" "$out")
merge=$(sbatch --parsable --chdir="$repo" --output="$work/logs/merge-%j.out" \
  --dependency=afterok:"$array" examples/slurm/sweep-array.sbatch "$space" "$out")
echo "== submitted array job $array and merge job $merge"
for _ in $(seq 300); do
  [[ -z "$(squeue -h -j "$array,$merge" 2>/dev/null)" ]] && break
  sleep 1
done
if [[ ! -f "$out/merged/results.csv" ]]; then
  echo "slurm-local-test: the merge produced nothing" >&2
  tail -n 20 "$work"/logs/*.out "$work"/logs/*.log >&2 || true
  exit 1
fi

"$ndpscope" sweep "$space" --out "$work/single" --quiet >/dev/null
cmp "$out/merged/results.csv" "$work/single/results.csv"
cmp "$out/merged/pareto.csv" "$work/single/pareto.csv"
echo "slurm-local-test: merged shards from Slurm equal the single-process sweep ($(( $(wc -l < "$out/merged/results.csv") - 1 )) rows)"
