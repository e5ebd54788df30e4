import { keysUsable } from './localAuthRule';
import { cosmosPolicy, definePostureRule, sameValue } from './postureRule';

export const openNetworkRule = definePostureRule<'open-network'>({
  id: 'open-network',
  title: 'Open to All Networks',
  description: 'The account accepts connections from any network: public access is on and there are no IP rules, no virtual network filter and no approved private endpoint.',
  defaultSeverity: 'high',
  severityNote: 'Medium when account keys cannot be used (a NoSQL account with local authentication disabled).',
  defaultEnabled: true,
  referenceUrl: 'https://learn.microsoft.com/azure/cosmos-db/how-to-configure-firewall',
  azurePolicy: cosmosPolicy('862e97cf-49fc-4a5c-9de4-40d4e2e7c8eb', 'Azure Cosmos DB accounts should have firewall rules', 'Cosmos_NetworkRulesExist_Audit.json'),
  remediation: 'Limit who can connect (Networking → Selected networks): allow your apps\' IP ranges or virtual network subnets, or reach the ' +
    'account through an approved private endpoint and set publicNetworkAccess to Disabled. Check first that every client connects from an allowed network.',
}, (snapshot) => {
  // Azure Policy 862e97cf's conditions. It fires for publicNetworkAccess missing or Enabled; we fire for anything
  // but Disabled and SecuredByPerimeter, which is the same for every known value and errs towards reporting a new one.
  if (sameValue(snapshot.publicNetworkAccess, 'Disabled') || sameValue(snapshot.publicNetworkAccess, 'SecuredByPerimeter')) return undefined;
  if (snapshot.isVirtualNetworkFilterEnabled === true) return undefined;
  if (snapshot.ipRules.some((rule) => rule.trim() !== '')) return undefined;
  // Only an approved connection carries traffic; pending, rejected or disconnected ones protect nothing.
  if (snapshot.privateEndpointStatuses.some((status) => sameValue(status, 'Approved'))) return undefined;
  const unapprovedPrivateEndpoints = snapshot.privateEndpointStatuses.length;
  const usable = keysUsable(snapshot);
  const note = unapprovedPrivateEndpoints === 0 ? '' :
    ` (${unapprovedPrivateEndpoints} private endpoint ${unapprovedPrivateEndpoints === 1 ? 'connection is' : 'connections are'} not approved)`;
  return {
    severity: usable ? 'high' : 'medium',
    message: `Reachable from any network: public access is on, with no IP rules, no virtual network filter and no approved private endpoint${note}.`,
    detail: { publicNetworkAccess: snapshot.publicNetworkAccess, keysUsable: usable, unapprovedPrivateEndpoints },
  };
});
