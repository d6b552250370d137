#!/usr/bin/env bash
# Checks the live workspace before `pulumi up`: `scripts/preflight.sh <stack>`. Used by the deploy
# jobs (GitHub Actions, Azure DevOps) before each `pulumi up`, and by the nightly drift check,
# after `npm ci`. It reads only; the report goes to the log (and to the GitHub step summary).
#
#   exit 0  ready
#   exit 1  a check failed: pulumi up would fail or do harm. The job stops here.
#   exit 2  some checks could not be made, none failed (or the run could not finish): a warning,
#           and the job goes on. Exit 2 says nothing is wrong; an unreachable workspace fails
#           the `up` that follows anyway, and a fact the identity may not read (say, a
#           warehouse's permission list) must not block every deploy.
#
# When the Pulumi CLI is on the PATH, the stack's state is exported first (--state), so that
# tables, endpoints and registered models that exist outside the state are flagged too.
set -uo pipefail

stack="${1:?usage: scripts/preflight.sh <stack>}"

# Azure DevOps passes "$(NAME)" through literally when a variable is not defined in the
# variable group: such values are treated as unset (as in scripts/pulumi-up.sh).
for name in PULUMI_ACCESS_TOKEN PULUMI_BACKEND_URL PULUMI_CONFIG_PASSPHRASE \
  DATABRICKS_HOST DATABRICKS_TOKEN DATABRICKS_CLIENT_ID DATABRICKS_CLIENT_SECRET; do
  if [[ "${!name:-}" == '$('* ]]; then unset "$name"; fi
done

warn() {
  if [[ "${GITHUB_ACTIONS:-}" == "true" ]]; then
    echo "::warning::$1"
  elif [[ "${TF_BUILD:-}" == "True" ]]; then
    echo "##vso[task.logissue type=warning]$1"
  else
    echo "warning: $1" >&2
  fi
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
state_args=()
if command -v pulumi >/dev/null 2>&1; then
  if pulumi login >/dev/null 2>&1 &&
    pulumi stack export --stack "$stack" --file "$work/state.json" >/dev/null 2>&1; then
    state_args=(--state "$work/state.json")
  else
    echo "preflight: no state of stack $stack to read (a new stack?); not checking what exists outside it"
  fi
fi

node bin/model-monitoring.js preflight --stack "$stack" --markdown \
  ${state_args[@]+"${state_args[@]}"} >"$work/report.md"
code=$?
cat "$work/report.md"
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then cat "$work/report.md" >>"$GITHUB_STEP_SUMMARY"; fi

case "$code" in
  0) exit 0 ;;
  1)
    echo "preflight of stack $stack failed: fix the failed checks above before pulumi up" >&2
    exit 1
    ;;
  2)
    warn "preflight of stack $stack could not check everything (exit 2); going on, see the report"
    exit 0
    ;;
  *) exit "$code" ;;
esac
