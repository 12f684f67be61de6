// The Event Grid system topic for the storage account. The blob trigger of the function app
// subscribes to it; that subscription is created after deployment (infra/hooks/postdeploy.*)
// because its webhook URL carries the blobs_extension system key, which exists only once the
// deployed host has started.

@description('Name of the system topic.')
param name string

@description('Azure region; a storage system topic lives in the region of its storage account.')
param location string

@description('Tags applied to the topic.')
param tags object

@description('Name of the storage account whose blob events the topic publishes.')
param storageAccountName string

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storageAccount.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = systemTopic.name
