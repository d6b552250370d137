#!/usr/bin/env bash
# Runs `<script> <stack>` for every stack whose file states <environment> (its shards), one
# after the other, stopping at the first failure: `scripts/each-stack.sh prod scripts/pulumi-up.sh`.
# Azure DevOps deploys an environment in one stage (its approvals and lock), so the stage loops
# here; the list comes from `model-monitoring stacks`, the one `plan --environment` uses.
set -euo pipefail

environment="${1:?usage: scripts/each-stack.sh <environment> <script> [args...]}"
script="${2:?usage: scripts/each-stack.sh <environment> <script> [args...]}"
shift 2

stacks="$(node bin/model-monitoring.js stacks --environment "$environment")"
while read -r stack _; do
  echo "== $script $stack"
  "$script" "$stack" "$@"
done <<<"$stacks"
