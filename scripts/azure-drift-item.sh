#!/usr/bin/env bash
# Opens, updates or closes the Azure Boards work item of one stack from what
# scripts/azure-drift-check.sh recorded in <out-dir>: `scripts/azure-drift-item.sh <stack>
# <out-dir>`. Drift opens or updates it with the preview; a clean check closes it; a stack
# whose check did not conclude (no outcome) is left as it is and fails, so the run shows it.
# Settings from the environment: DRIFT_WORK_ITEM_TYPE, DRIFT_CLOSED_STATE, DRIFT_RUN_URL, and
# SYSTEM_ACCESSTOKEN (the job token, read by azure-drift-work-item).
set -euo pipefail

usage="usage: scripts/azure-drift-item.sh <stack> <out-dir>"
stack="${1:?$usage}"
out="${2:?$usage}"
settings=(--work-item-type "${DRIFT_WORK_ITEM_TYPE:?}" --closed-state "${DRIFT_CLOSED_STATE:?}")
if [[ -n "${DRIFT_RUN_URL:-}" ]]; then settings+=(--run-url "$DRIFT_RUN_URL"); fi

outcome_file="$out/$stack.outcome"
outcome="$(cat "$outcome_file" 2>/dev/null || true)"
case "$outcome" in
  drift)
    node dist/scripts/azure-drift-work-item.js --stack "$stack" --report-file "$out/$stack.txt" \
      "${settings[@]}"
    ;;
  clean)
    node dist/scripts/azure-drift-work-item.js --stack "$stack" --resolved "${settings[@]}"
    ;;
  *)
    echo "stack $stack: its drift check did not conclude (no outcome in $outcome_file); its work item is left as it is" >&2
    exit 1
    ;;
esac
