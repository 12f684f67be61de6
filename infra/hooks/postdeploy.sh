#!/bin/sh
# azd postdeploy hook: subscribes the blob trigger (RegisterUploadedModel) to blob-created events
# of the models container. This runs after deployment, not in Bicep, because the webhook URL
# carries the Functions blobs_extension system key, which exists only once the deployed host has
# started and registered the blob extension.
# azd exports the Bicep outputs (AZURE_RESOURCE_GROUP, AZURE_FUNCTION_APP_NAME, ...) to this script.
set -eu

if ! command -v az >/dev/null 2>&1; then
  echo "postdeploy: the Azure CLI (az) is required; see infra/README.md." >&2
  exit 1
fi

: "${AZURE_RESOURCE_GROUP:?missing; run through azd}"
: "${AZURE_FUNCTION_APP_NAME:?missing; run through azd}"
: "${EVENT_GRID_SYSTEM_TOPIC_NAME:?missing; run through azd}"
: "${MODELS_CONTAINER_NAME:?missing; run through azd}"
: "${BLOB_TRIGGER_FUNCTION_NAME:?missing; run through azd}"

# The key appears when the host first starts after a deployment, which can take a minute.
attempt=1
blobs_extension_key=""
while [ "$attempt" -le 12 ]; do
  blobs_extension_key=$(az functionapp keys list \
    --name "$AZURE_FUNCTION_APP_NAME" \
    --resource-group "$AZURE_RESOURCE_GROUP" \
    --query "systemKeys.blobs_extension" --output tsv 2>/dev/null || true)
  if [ -n "$blobs_extension_key" ]; then
    break
  fi
  echo "postdeploy: waiting for the blobs_extension key (attempt $attempt of 12)..."
  attempt=$((attempt + 1))
  sleep 10
done

if [ -z "$blobs_extension_key" ]; then
  echo "postdeploy: the function app has no blobs_extension system key. Is $BLOB_TRIGGER_FUNCTION_NAME deployed with an Event Grid blob trigger?" >&2
  exit 1
fi

endpoint="https://${AZURE_FUNCTION_APP_NAME}.azurewebsites.net/runtime/webhooks/blobs?functionName=Host.Functions.${BLOB_TRIGGER_FUNCTION_NAME}&code=${blobs_extension_key}"

# Create is a create-or-update, so running the hook again after each deployment is safe.
az eventgrid system-topic event-subscription create \
  --name "models-blob-created" \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --system-topic-name "$EVENT_GRID_SYSTEM_TOPIC_NAME" \
  --endpoint-type webhook \
  --endpoint "$endpoint" \
  --included-event-types Microsoft.Storage.BlobCreated \
  --subject-begins-with "/blobServices/default/containers/${MODELS_CONTAINER_NAME}/" \
  --output none

echo "postdeploy: $BLOB_TRIGGER_FUNCTION_NAME receives blob-created events of the $MODELS_CONTAINER_NAME container."
