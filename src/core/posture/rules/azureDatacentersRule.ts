import { cosmosPolicy, definePostureRule } from './postureRule';

/** The IP rule the portal's "Accept connections from within public Azure datacenters" adds. */
const ALL_AZURE_DATACENTERS = '0.0.0.0';

export const azureDatacentersRule = definePostureRule<'azure-datacenters-allowed'>({
  id: 'azure-datacenters-allowed',
  title: 'All Azure Datacenters Allowed',
  description: 'The firewall has the 0.0.0.0 IP rule, which accepts connections from any Azure datacenter, including other customers\' resources.',
  defaultSeverity: 'medium',
  defaultEnabled: true,
  referenceUrl: 'https://learn.microsoft.com/azure/cosmos-db/how-to-configure-firewall#allow-requests-from-global-azure-datacenters-or-other-sources-within-azure',
  azurePolicy: cosmosPolicy('12339a85-a25c-4f17-9f82-4766f13f5c4c', 'Azure Cosmos DB accounts should not allow traffic from all Azure data centers',
    'Cosmos_NetworkRulesNoAzureDatacenterAccess_Audit.json'),
  remediation: 'Remove the 0.0.0.0 IP rule (Networking → "Accept connections from within public Azure datacenters") and allow the services ' +
    'that need access specifically: their outbound IP ranges, virtual network rules or a private endpoint.',
}, (snapshot) => {
  // As Azure Policy 12339a85: exactly "0.0.0.0" (it is reported whatever publicNetworkAccess says, as the policy does).
  const matches = snapshot.ipRules.filter((rule) => rule.trim() === ALL_AZURE_DATACENTERS);
  if (matches.length === 0) return undefined;
  return {
    message: 'The firewall accepts connections from all Azure datacenters (IP rule 0.0.0.0), including other customers\' resources.',
    detail: { ipRules: matches },
  };
});
