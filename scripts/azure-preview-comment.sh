#!/usr/bin/env bash
# Posts the preview body that scripts/pulumi-preview.sh wrote for one stack as that stack's
# pull-request thread on Azure Repos (created, or updated in place through its marker):
# `scripts/azure-preview-comment.sh <stack> <comment-dir> <head-sha>`. The Preview stage runs it
# for each stack of an environment, in a step of its own with the job token
# (SYSTEM_ACCESSTOKEN), after the previews. A stack without a body (its preview never ran to
# the point of writing one) fails, naming the stack.
set -euo pipefail

usage="usage: scripts/azure-preview-comment.sh <stack> <comment-dir> <head-sha>"
stack="${1:?$usage}"
comment_dir="${2:?$usage}"
head_sha="${3:?$usage}"

body="$comment_dir/preview-$stack.md"
if [[ ! -f "$body" ]]; then
  echo "no preview body for stack $stack ($body): its preview did not run; see the step before" >&2
  exit 1
fi
node dist/scripts/azure-pr-comment.js --body-file "$body" \
  --marker "<!-- model-monitoring:preview:$stack -->" --head-sha "$head_sha"
