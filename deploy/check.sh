#!/usr/bin/env bash
# Check the deployment files with the validators .ci/install-tools.sh installs:
# hadolint (Dockerfile), shellcheck (Slurm script), yamllint and a JSON schema of what
# the sharding relies on (Kubernetes Job), and the shard count agreeing in all of them.
set -euo pipefail
cd "$(dirname "$0")"

hadolint Dockerfile
shellcheck slurm-array.sh
yamllint -s -d '{extends: default, rules: {line-length: {max: 100}}}' kubernetes-job.yaml
check-jsonschema --schemafile kubernetes-job.schema.json kubernetes-job.yaml
# The Slurm array has as many tasks as the script has shards (0-7 is 8).
grep -qx '#SBATCH --array=0-7' slurm-array.sh
grep -qx 'shards=8' slurm-array.sh
echo "deploy: Dockerfile, kubernetes-job.yaml, slurm-array.sh ok"
