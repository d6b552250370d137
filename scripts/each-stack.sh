#!/usr/bin/env bash
# Runs `<script> <stack> [args...]` for every stack whose file states <environment> (its shards),
# one after the other: `scripts/each-stack.sh prod scripts/pulumi-up.sh`. It stops at the first
# failure; with --keep-going it runs every stack, names the ones that failed and exits with the
# first failure's code (previews and drift checks of one shard say nothing about another).
# Azure DevOps runs an environment in one job or stage (its variable group, approvals and
# lock), so it loops here; the list comes from `model-monitoring stacks`, the one
# `plan --environment` uses.
set -euo pipefail

keep_going=false
if [[ "${1:-}" == "--keep-going" ]]; then
  keep_going=true
  shift
fi
usage="usage: scripts/each-stack.sh [--keep-going] <environment> <script> [args...]"
environment="${1:?$usage}"
script="${2:?$usage}"
shift 2

stacks="$(node bin/model-monitoring.js stacks --environment "$environment")"
first_failure=0
failed=()
while read -r stack _; do
  echo "== $script $stack"
  if [[ "$keep_going" == false ]]; then
    "$script" "$stack" "$@"
    continue
  fi
  code=0
  "$script" "$stack" "$@" || code=$?
  if [[ "$code" != 0 ]]; then
    failed+=("$stack (exit $code)")
    if [[ "$first_failure" == 0 ]]; then first_failure="$code"; fi
  fi
done <<<"$stacks"

if [[ "$first_failure" != 0 ]]; then
  echo "$script failed for: ${failed[*]}" >&2
  exit "$first_failure"
fi
