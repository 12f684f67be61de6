// The app's user-assigned identity and every role it (and the deploying user) holds.
// The built-in role ids are fixed GUIDs, the same in every tenant.

@description('Name of the user-assigned managed identity the function app runs as.')
param name string

@description('Azure region of the identity.')
param location string

@description('Tags applied to the identity.')
param tags object

@description('Name of the storage account the app and the user reach by identity.')
param storageAccountName string

@description('Name of the Application Insights component the app publishes telemetry to.')
param applicationInsightsName string

@description('Object id of the deploying user, granted data roles for debugging and uploads: blobs readable everywhere but writable only in the upload containers, so that the vault stays the app\'s alone. Empty grants nothing.')
param userPrincipalId string

@description('Blob containers the deploying user may write to (uploads and evaluation datasets).')
param userWritableContainers array = [
  'models'
  'datasets'
]

var storageBlobDataOwnerRoleId = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageBlobDataReaderRoleId = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
var storageBlobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var storageQueueDataContributorRoleId = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'
var grantUser = !empty(userPrincipalId)

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Written out one by one rather than in a loop, so that each grant is visible in the compiled
// template and the tests in tests/Pipeline.Infra.Tests can check it.

// Blob: models, datasets, reports, the deployment package, host leases; and, because it is on the
// account, the user delegation key that signs upload intents' write-only URLs (an account-level action).
resource appBlobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, appIdentity.id, storageBlobDataOwnerRoleId)
  scope: storageAccount
  properties: {
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwnerRoleId)
  }
}

// The user reads every blob but writes only where uploads go: the vault's tested copies are the app's alone.
resource userBlobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantUser) {
  name: guid(storageAccount.id, userPrincipalId, storageBlobDataReaderRoleId)
  scope: storageAccount
  properties: {
    principalId: userPrincipalId
    principalType: 'User'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataReaderRoleId)
  }
}

resource userWritableContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' existing = [
  for containerName in userWritableContainers: {
    name: '${storageAccountName}/default/${containerName}'
  }
]

resource userUploadRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (containerName, i) in userWritableContainers: if (grantUser) {
    name: guid(storageAccount.id, userPrincipalId, storageBlobDataContributorRoleId, containerName)
    scope: userWritableContainer[i]
    properties: {
      principalId: userPrincipalId
      principalType: 'User'
      roleDefinitionId: subscriptionResourceId(
        'Microsoft.Authorization/roleDefinitions',
        storageBlobDataContributorRoleId
      )
    }
  }
]

// Queue: durable work items and control queues.
resource appQueueRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, appIdentity.id, storageQueueDataContributorRoleId)
  scope: storageAccount
  properties: {
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      storageQueueDataContributorRoleId
    )
  }
}

resource userQueueRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantUser) {
  name: guid(storageAccount.id, userPrincipalId, storageQueueDataContributorRoleId)
  scope: storageAccount
  properties: {
    principalId: userPrincipalId
    principalType: 'User'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      storageQueueDataContributorRoleId
    )
  }
}

// Table: durable history and instances, the model registry.
resource appTableRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, appIdentity.id, storageTableDataContributorRoleId)
  scope: storageAccount
  properties: {
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      storageTableDataContributorRoleId
    )
  }
}

resource userTableRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantUser) {
  name: guid(storageAccount.id, userPrincipalId, storageTableDataContributorRoleId)
  scope: storageAccount
  properties: {
    principalId: userPrincipalId
    principalType: 'User'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      storageTableDataContributorRoleId
    )
  }
}

// Application Insights has local auth disabled: telemetry is accepted only from this role.
resource appTelemetryRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, appIdentity.id, monitoringMetricsPublisherRoleId)
  scope: applicationInsights
  properties: {
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      monitoringMetricsPublisherRoleId
    )
  }
}

output id string = appIdentity.id
output clientId string = appIdentity.properties.clientId
output principalId string = appIdentity.properties.principalId
