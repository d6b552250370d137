#!/usr/bin/env bash
# Previews one stack with the policy pack for a pull request and writes the result as the
# Markdown body of that stack's PR thread, <comment-dir>/preview-<stack>.md:
# `scripts/pulumi-preview.sh <stack> <comment-dir>`. Used by the Preview stage of
# azure-pipelines.yml for each stack of an environment (scripts/each-stack.sh --keep-going);
# scripts/azure-preview-comment.sh posts the bodies in a later step, the only one that sees the
# job token (a preview runs the pull request's code). Exits with pulumi's exit code, so a failed
# preview fails the job after its body is written.
set -uo pipefail

stack="${1:?usage: scripts/pulumi-preview.sh <stack> <comment-dir>}"
comment_dir="${2:?usage: scripts/pulumi-preview.sh <stack> <comment-dir>}"
mkdir -p "$comment_dir" || exit 1
comment="$comment_dir/preview-$stack.md"
here="$(dirname "$0")"
# shellcheck source=scripts/azure-pulumi-env.sh
. "$here/azure-pulumi-env.sh" || exit 1

output="$(mktemp)"
pulumi preview --stack "$stack" --diff --non-interactive --color never \
  --policy-pack policies/pack 2>&1 | tee "$output" | sed 's/##vso\[/##vso [/g'
code="${PIPESTATUS[0]}"

{
  echo "<!-- model-monitoring:preview:$stack -->"
  echo "### \`pulumi preview\` of stack $stack: $([ "$code" = 0 ] && echo "succeeded" || echo "failed (exit $code)")"
  echo
  echo '```diff'
  # Thread comments have a size limit: keep the last 60,000 characters (the summary is last).
  tail -c 60000 "$output"
  echo '```'
} > "$comment"
rm -f "$output"
exit "$code"
