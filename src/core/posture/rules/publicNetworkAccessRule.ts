import { cosmosPolicy, definePostureRule, sameValue } from './postureRule';

export const publicNetworkAccessRule = definePostureRule<'public-network-access'>({
  id: 'public-network-access',
  title: 'Public Network Access Enabled',
  description: 'Public network access is not Disabled (or SecuredByPerimeter), so the account has a public endpoint even if a firewall limits it.',
  defaultSeverity: 'low',
  defaultEnabled: true,
  referenceUrl: 'https://learn.microsoft.com/azure/cosmos-db/how-to-configure-private-endpoints',
  azurePolicy: cosmosPolicy('797b37f7-06b8-444c-b1ad-fc62867f335a', 'Azure Cosmos DB should disable public network access',
    'Cosmos_PrivateNetworkAccess_AuditDeny.json'),
  remediation: 'Once every client can reach the account through an approved private endpoint (or a network security perimeter), turn the public ' +
    'endpoint off: az resource update --ids <account-id> --set properties.publicNetworkAccess=Disabled.',
}, (snapshot) => {
  // Prowler's reading: a network security perimeter (SecuredByPerimeter) governs public access, so it passes too.
  const value = snapshot.publicNetworkAccess;
  if (sameValue(value, 'Disabled') || sameValue(value, 'SecuredByPerimeter')) return undefined;
  return {
    message: value === undefined || value.trim() === ''
      ? 'Public network access is not disabled (not set, which means Enabled).'
      : `Public network access is ${value.trim()}.`,
    detail: { publicNetworkAccess: value },
  };
});
