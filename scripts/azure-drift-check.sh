#!/usr/bin/env bash
# The nightly check of one stack in Azure DevOps (azure-pipelines-drift.yml runs it for each
# stack of an environment): `scripts/azure-drift-check.sh <stack> <out-dir>`, as GitHub's
# drift.yml does per stack. First `pulumi preview --refresh --expect-no-changes` through
# check-drift, which writes the preview to <out-dir>/<stack>.txt and the outcome, drift or clean,
# to <out-dir>/<stack>.outcome (none on an error, which is not drift); scripts/azure-drift-item.sh
# acts on it in a later step, the only one with the job token. Then scripts/preflight.sh: would
# the next `pulumi up` still work? Exit 1 there fails this stack, exit 2 is a warning. The
# stack fails when either failed; the check's outcome is recorded either way.
set -uo pipefail

usage="usage: scripts/azure-drift-check.sh <stack> <out-dir>"
stack="${1:?$usage}"
out="${2:?$usage}"
here="$(dirname "$0")"
# shellcheck source=scripts/azure-pulumi-env.sh
. "$here/azure-pulumi-env.sh" || exit 1

node dist/scripts/check-drift.js --stack "$stack" --report-file "$out/$stack.txt" \
  --outcome-file "$out/$stack.outcome"
check=$?
"$here/preflight.sh" "$stack"
preflight=$?

if [[ "$check" != 0 ]]; then exit "$check"; fi
exit "$preflight"
