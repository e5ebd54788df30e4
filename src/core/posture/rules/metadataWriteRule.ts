import { cosmosPolicy, definePostureRule } from './postureRule';

export const metadataWriteRule = definePostureRule<'metadata-write-by-key'>({
  id: 'metadata-write-by-key',
  title: 'Key-Based Metadata Writes Allowed',
  description: 'Account keys can create and delete databases and containers and change throughput (disableKeyBasedMetadataWriteAccess is not true).',
  defaultSeverity: 'low',
  defaultEnabled: true,
  referenceUrl: 'https://learn.microsoft.com/azure/cosmos-db/role-based-access-control',
  azurePolicy: cosmosPolicy('4750c32b-89c0-46af-bfcb-2e4541a818d5', 'Azure Cosmos DB key based metadata write access should be disabled',
    'Cosmos_DisableMetadata_Append.json'),
  remediation: 'Make database, container and throughput changes through Azure Resource Manager (Bicep, Terraform, az cosmosdb) rather than ' +
    'SDK calls with keys, then set: az resource update --ids <account-id> --set properties.disableKeyBasedMetadataWriteAccess=true.',
}, (snapshot) => {
  const value = snapshot.disableKeyBasedMetadataWriteAccess;
  if (value === true) return undefined;
  return {
    message: `Account keys can create and delete databases and containers and change throughput (disableKeyBasedMetadataWriteAccess is ${value === false ? 'false' : 'not set'}).`,
    detail: { disableKeyBasedMetadataWriteAccess: value },
  };
});
