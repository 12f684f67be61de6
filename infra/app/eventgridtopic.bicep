// The optional Event Grid custom topic events out are published to, besides the webhooks: CloudEvents
// 1.0 in, no access keys (local auth disabled), and only the app's identity may send to it.

@description('Name of the custom topic.')
param name string

@description('Azure region of the topic.')
param location string

@description('Tags applied to the topic.')
param tags object

@description('Object id of the app\'s identity, granted EventGrid Data Sender on the topic.')
param senderPrincipalId string

var eventGridDataSenderRoleId = 'd5a91429-5739-47e2-a06b-3470a27159e7'

resource topic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource senderRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, senderPrincipalId, eventGridDataSenderRoleId)
  scope: topic
  properties: {
    principalId: senderPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventGridDataSenderRoleId)
  }
}

// The publish endpoint, https://<name>.<region>-1.eventgrid.azure.net/api/events.
output endpoint string = topic.properties.endpoint
