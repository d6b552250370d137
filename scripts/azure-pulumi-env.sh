# Sourced by Azure Pipelines steps before a Pulumi command: `. scripts/azure-pulumi-env.sh`.
# Azure passes "$(NAME)" through literally when a variable is not in the variable group: such
# values are unset (e.g. DATABRICKS_TOKEN when the stack authenticates with a client id and
# secret). Then the Pulumi CLI installed by the pipeline goes on PATH and logs in to the backend.
for name in PULUMI_ACCESS_TOKEN PULUMI_BACKEND_URL PULUMI_CONFIG_PASSPHRASE \
  DATABRICKS_HOST DATABRICKS_TOKEN DATABRICKS_CLIENT_ID DATABRICKS_CLIENT_SECRET \
  AZURE_STORAGE_ACCOUNT AZURE_STORAGE_KEY AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY \
  AWS_REGION GOOGLE_CREDENTIALS; do
  if [[ "${!name:-}" == '$('* ]]; then unset "$name"; fi
done
export PATH="$HOME/.pulumi/bin:$PATH"
pulumi login
