#!/usr/bin/env bash
# Deploys one stack with the policy pack: `scripts/pulumi-up.sh <stack>`. Used by the deploy
# stages of azure-pipelines.yml, after `npm ci` and installing the Pulumi CLI.
set -euo pipefail

stack="${1:?usage: scripts/pulumi-up.sh <stack>}"

# Azure DevOps passes "$(NAME)" through literally when a variable is not defined in the
# variable group: such values are treated as unset (e.g. DATABRICKS_TOKEN when the stack
# authenticates with a client id and secret).
for name in PULUMI_ACCESS_TOKEN PULUMI_BACKEND_URL PULUMI_CONFIG_PASSPHRASE \
  DATABRICKS_HOST DATABRICKS_TOKEN DATABRICKS_CLIENT_ID DATABRICKS_CLIENT_SECRET; do
  if [[ "${!name:-}" == '$('* ]]; then unset "$name"; fi
done

pulumi login
pulumi up --stack "$stack" --yes --non-interactive --policy-pack policies/pack
