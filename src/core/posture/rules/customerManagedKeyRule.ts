import { cosmosPolicy, definePostureRule } from './postureRule';

export const customerManagedKeyRule = definePostureRule<'no-customer-managed-key'>({
  id: 'no-customer-managed-key',
  title: 'No Customer-Managed Key',
  description: 'Data at rest is encrypted with Microsoft-managed keys rather than a customer-managed key in Azure Key Vault.',
  defaultSeverity: 'info',
  // Off by default, as in the Microsoft cloud security benchmark ("Enable if required"): only some compliance regimes ask for it.
  defaultEnabled: false,
  referenceUrl: 'https://learn.microsoft.com/azure/cosmos-db/how-to-setup-customer-managed-keys',
  azurePolicy: cosmosPolicy('1f905d99-2ab7-462c-a6b0-f709acca6c8f', 'Azure Cosmos DB accounts should use customer-managed keys to encrypt data at rest',
    'Cosmos_CMK_Deny.json'),
  remediation: 'Only if your compliance rules require it: create a key in an Azure Key Vault with soft delete and purge protection, grant the ' +
    'account\'s managed identity access to it, and set the account\'s keyVaultKeyUri and defaultIdentity.',
}, (snapshot) => {
  if (snapshot.keyVaultKeyUri !== undefined && snapshot.keyVaultKeyUri.trim() !== '') return undefined;
  return { message: 'Data at rest is encrypted with Microsoft-managed keys, not a customer-managed key.', detail: {} };
});
