#!/usr/bin/env bash
# A Slurm job array: 8 tasks, each builds its shard of the articles on the shared file
# system; Slurm sets SLURM_ARRAY_TASK_ID (0..7). The sentence cache is on the node's
# local disk. Submit with: sbatch deploy/slurm-array.sh
#SBATCH --job-name=altformat
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=04:00:00
#SBATCH --output=altformat-%A-%a.log
set -euo pipefail

shards=8
articles="${ARTICLES:-/shared/articles}"
exports="${EXPORTS:-/shared/exports}"
cache="${TMPDIR:-/tmp}/altformat-cache"

altformat build "$articles" --out "$exports" \
  --shard "${SLURM_ARRAY_TASK_ID:?run this with sbatch}/${shards}" \
  --cache-dir "$cache" --jobs "${SLURM_CPUS_PER_TASK:-2}" --quiet
