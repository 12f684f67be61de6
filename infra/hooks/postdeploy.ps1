# azd postdeploy hook: subscribes the blob trigger (RegisterUploadedModel) to blob-created events
# of the models container. This runs after deployment, not in Bicep, because the webhook URL
# carries the Functions blobs_extension system key, which exists only once the deployed host has
# started and registered the blob extension.
# azd exports the Bicep outputs (AZURE_RESOURCE_GROUP, AZURE_FUNCTION_APP_NAME, ...) to this script.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    Write-Error 'postdeploy: the Azure CLI (az) is required; see infra/README.md.'
    exit 1
}

foreach ($name in 'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'EVENT_GRID_SYSTEM_TOPIC_NAME', 'MODELS_CONTAINER_NAME', 'BLOB_TRIGGER_FUNCTION_NAME') {
    if (-not [Environment]::GetEnvironmentVariable($name)) {
        Write-Error "postdeploy: $name is missing; run through azd."
        exit 1
    }
}

$resourceGroup = $env:AZURE_RESOURCE_GROUP
$appName = $env:AZURE_FUNCTION_APP_NAME
$functionName = $env:BLOB_TRIGGER_FUNCTION_NAME

# The key appears when the host first starts after a deployment, which can take a minute.
$blobsExtensionKey = ''
for ($attempt = 1; $attempt -le 12; $attempt++) {
    $blobsExtensionKey = az functionapp keys list --name $appName --resource-group $resourceGroup `
        --query 'systemKeys.blobs_extension' --output tsv 2>$null
    if ($LASTEXITCODE -eq 0 -and $blobsExtensionKey) {
        break
    }
    Write-Host "postdeploy: waiting for the blobs_extension key (attempt $attempt of 12)..."
    Start-Sleep -Seconds 10
}

if (-not $blobsExtensionKey) {
    Write-Error "postdeploy: the function app has no blobs_extension system key. Is $functionName deployed with an Event Grid blob trigger?"
    exit 1
}

$endpoint = "https://$appName.azurewebsites.net/runtime/webhooks/blobs?functionName=Host.Functions.$functionName&code=$blobsExtensionKey"

# az is a batch script on Windows: cmd would split the URL at '&' unless the value carries its
# own double quotes.
if ($env:OS -eq 'Windows_NT') {
    $endpoint = "`"$endpoint`""
}

# Create is a create-or-update, so running the hook again after each deployment is safe.
az eventgrid system-topic event-subscription create `
    --name 'models-blob-created' `
    --resource-group $resourceGroup `
    --system-topic-name $env:EVENT_GRID_SYSTEM_TOPIC_NAME `
    --endpoint-type webhook `
    --endpoint $endpoint `
    --included-event-types Microsoft.Storage.BlobCreated `
    --subject-begins-with "/blobServices/default/containers/$($env:MODELS_CONTAINER_NAME)/" `
    --output none
if ($LASTEXITCODE -ne 0) {
    exit $LASTEXITCODE
}

Write-Host "postdeploy: $functionName receives blob-created events of the $($env:MODELS_CONTAINER_NAME) container."
