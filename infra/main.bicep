// Model Pipeline: a Flex Consumption function app that registers uploaded models, runs their
// staging tests in a durable orchestration, waits for a human decision and promotes them.
// Deployed with `azd up`; see infra/README.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; it seeds the unique suffix of every resource name.')
param environmentName string

@minLength(1)
@description('Azure region for all resources. It must offer the Flex Consumption plan.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the deploying user, granted blob, queue and table data roles on the storage account. Empty grants nothing.')
param principalId string = ''

@description('Application (client) id of the Entra app registration that protects the HTTP API.')
@minLength(1)
param authClientId string

@description('Entra tenant of that app registration.')
param authTenantId string = tenant().tenantId

@description('Memory of each function app instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound on the number of instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Durable task hub name (3-45 letters and digits, starting with a letter).')
@minLength(3)
@maxLength(45)
param taskHubName string = 'ModelPipeline'

@description('How long a tested model version waits for a human decision (TimeSpan, d.hh:mm:ss).')
param approvalTimeout string = '7.00:00:00'

@description('Largest model artifact the integrity check accepts, in bytes.')
@minValue(1)
param maxArtifactBytes int = 1073741824

@description('The longest a staging evaluation may run (TimeSpan, d.hh:mm:ss).')
param maxEvaluationTime string = '00:30:00'

@description('How long the write-only URL of an upload intent works (TimeSpan, at most 1.00:00:00).')
param uploadIntentLifetime string = '00:15:00'

@description('The serving lookup\'s staleness bound: how long an instance may answer GET .../production from memory (TimeSpan, 00:00:00 turns it off, at most 00:01:00).')
param productionCacheTtl string = '00:00:01'

@description('When the archive cleanup runs: NCRONTAB with seconds, in UTC (default daily at 03:00).')
param cleanupSchedule string = '0 0 3 * * *'

@description('Retention defaults for models whose policy sets none: newest archived versions kept, days other archived versions are kept, delete or archiveTier, purges per run, days of finished orchestration history kept.')
param retention object = {
  keepArchived: 3
  archivedDays: 30
  purgeMode: 'delete'
  maxPurgesPerRun: 100
  orchestrationHistoryDays: 90
}

@description('Name of an Event Grid custom topic (CloudEvents schema) to create and publish events out to, by the app\'s identity, besides any webhooks. Empty creates none.')
param eventGridTopicName string = ''

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'
var deploymentContainerName = 'app-package'
// The blob trigger watches models; datasets and reports are read and written by activities; the
// vault holds the tested copies, which only the app's identity may write.
var modelsContainerName = 'models'
var dataContainerNames = [
  modelsContainerName
  'datasets'
  'reports'
  'vault'
]

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-11-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    dataContainerNames: dataContainerNames
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: resourceGroup
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    userPrincipalId: principalId
  }
}

module eventGridTopic 'app/eventgridtopic.bicep' = if (!empty(eventGridTopicName)) {
  name: 'eventgridtopic'
  scope: resourceGroup
  params: {
    name: eventGridTopicName
    location: location
    tags: tags
    senderPrincipalId: identity.outputs.principalId
  }
}

module api 'app/functionapp.bicep' = {
  name: 'api'
  scope: resourceGroup
  params: {
    planName: '${abbrs.webServerFarms}${resourceToken}'
    name: functionAppName
    location: location
    tags: tags
    serviceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    taskHubName: taskHubName
    approvalTimeout: approvalTimeout
    maxArtifactBytes: maxArtifactBytes
    maxEvaluationTime: maxEvaluationTime
    uploadIntentLifetime: uploadIntentLifetime
    productionCacheTtl: productionCacheTtl
    cleanupSchedule: cleanupSchedule
    retention: retention
    authClientId: authClientId
    authTenantId: authTenantId
    eventGridTopicEndpoint: eventGridTopic.?outputs.endpoint ?? ''
  }
}

module eventGrid 'app/eventgrid.bicep' = {
  name: 'eventgrid'
  scope: resourceGroup
  params: {
    name: '${abbrs.eventGridSystemTopics}${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
  }
}

// azd stores these in the environment; the postdeploy hook reads them to subscribe the blob
// trigger to the system topic.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_FUNCTION_APP_URL string = 'https://${api.outputs.defaultHostName}'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_ACCOUNT_ID string = storage.outputs.id
output EVENT_GRID_SYSTEM_TOPIC_NAME string = eventGrid.outputs.name
output MODELS_CONTAINER_NAME string = modelsContainerName
output BLOB_TRIGGER_FUNCTION_NAME string = 'RegisterUploadedModel'
