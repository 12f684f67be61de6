// The Flex Consumption plan and the function app, with App Service Authentication in front of
// the HTTP API. The app reaches storage and Application Insights only as its user-assigned
// identity: no connection string and no key appears in its settings.

@description('Name of the Flex Consumption plan.')
param planName string

@description('Name of the function app; also its host name, <name>.azurewebsites.net.')
param name string

@description('Azure region of the plan and the app.')
param location string

@description('Tags applied to the plan and the app.')
param tags object

@description('Name of the azd service this app hosts (the azd-service-name tag azd deploys by).')
param serviceName string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity; the storage and telemetry clients ask for its tokens.')
param identityClientId string

@description('Name of the storage account for the host, the task hub and the pipeline data.')
param storageAccountName string

@description('Blob container the deployment package is uploaded to.')
param deploymentContainerName string

@description('Application Insights connection string (the endpoint; ingestion is authorised by identity).')
param applicationInsightsConnectionString string

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Upper bound on the number of instances the plan scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Durable task hub name, read by host.json as %TASKHUB_NAME%.')
param taskHubName string

@description('How long a tested model version waits for a human decision (TimeSpan, d.hh:mm:ss).')
param approvalTimeout string

@description('Largest model artifact the integrity check accepts, in bytes.')
param maxArtifactBytes int

@description('The longest a staging evaluation may run (TimeSpan).')
param maxEvaluationTime string

@description('How long the write-only URL of an upload intent works (TimeSpan).')
param uploadIntentLifetime string

@description('How long an instance may answer the serving lookup from memory (TimeSpan).')
param productionCacheTtl string

@description('When the archive cleanup runs (NCRONTAB with seconds).')
param cleanupSchedule string

@description('Retention defaults for models whose policy sets none.')
param retention object

@description('Application (client) id of the Entra app registration that protects the HTTP API.')
param authClientId string

@description('Entra tenant of that app registration.')
param authTenantId string

@description('Publish endpoint of the Event Grid custom topic events out also go to; empty for none.')
param eventGridTopicEndpoint string

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageAccount.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      // On Flex Consumption the worker runtime and its version live here; the
      // FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION app settings are not allowed.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      ftpsState: 'Disabled'
      http20Enabled: true
      minTlsVersion: '1.2'
      // Every value here is a name, an endpoint or a client id. The storage connection is the
      // identity-based form of AzureWebJobsStorage, which the host, the blob trigger and the
      // durable Azure Storage backend all read.
      appSettings: [
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: storageAccount.properties.primaryEndpoints.blob
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: storageAccount.properties.primaryEndpoints.queue
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: storageAccount.properties.primaryEndpoints.table
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: applicationInsightsConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identityClientId};Authorization=AAD'
        }
        {
          name: 'TASKHUB_NAME'
          value: taskHubName
        }
        {
          name: 'Pipeline__ApprovalTimeout'
          value: approvalTimeout
        }
        {
          name: 'Pipeline__MaxArtifactBytes'
          value: string(maxArtifactBytes)
        }
        {
          name: 'Pipeline__MaxEvaluationTime'
          value: maxEvaluationTime
        }
        {
          name: 'Pipeline__UploadIntentLifetime'
          value: uploadIntentLifetime
        }
        {
          name: 'Pipeline__ProductionCacheTtl'
          value: productionCacheTtl
        }
        {
          name: 'CLEANUP_SCHEDULE'
          value: cleanupSchedule
        }
        {
          // Callers are read from Easy Auth's claims document (X-MS-CLIENT-PRINCIPAL); their app roles
          // (Pipeline.Uploader, .Approver, .Owner, .Operator; infra/app-roles.json) decide what they may do.
          name: 'Auth__Provider'
          value: 'EasyAuth'
        }
        {
          // Empty when no topic is deployed, which the app reads as none; the topic takes only this identity's tokens.
          name: 'Events__EventGrid__TopicEndpoint'
          value: eventGridTopicEndpoint
        }
        {
          name: 'Events__EventGrid__ClientId'
          value: empty(eventGridTopicEndpoint) ? '' : identityClientId
        }
        {
          name: 'Retention__KeepArchived'
          value: string(retention.keepArchived)
        }
        {
          name: 'Retention__ArchivedDays'
          value: string(retention.archivedDays)
        }
        {
          name: 'Retention__PurgeMode'
          value: retention.purgeMode
        }
        {
          name: 'Retention__MaxPurgesPerRun'
          value: string(retention.maxPurgesPerRun)
        }
        {
          name: 'Retention__OrchestrationHistoryDays'
          value: string(retention.orchestrationHistoryDays)
        }
      ]
    }
  }
}

// App Service Authentication (Easy Auth) answers every request before the Functions host does:
// without a valid Entra token for the app registration the answer is 401, whatever the
// function's own authorization level. The caller's claims (object id, name, app roles) reach the
// app in the X-MS-CLIENT-PRINCIPAL header, which only Easy Auth can set (it removes what callers send).
resource authSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      // Event Grid cannot present an Entra token. Its deliveries to the blob trigger's webhook
      // are authorised by the Functions host instead: the URL must carry the blobs_extension
      // system key, and a request without it is refused there.
      // The health route is anonymous in the app too, for probes that hold no token; it answers only
      // whether storage is reachable. So is the OpenAPI document: a client reads it to learn how to sign in.
      excludedPaths: [
        '/runtime/webhooks/blobs'
        '/api/health'
        '/api/openapi.json'
      ]
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${authTenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            authClientId
            'api://${authClientId}'
          ]
        }
      }
    }
  }
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
