import { definePostureRule, cosmosPolicy, sameValue } from './postureRule';

export const privateEndpointRule = definePostureRule<'no-private-endpoint'>({
  id: 'no-private-endpoint',
  title: 'No Private Endpoint',
  description: 'Public network access is on and the account has no approved private endpoint connection, so clients reach it over the public internet.',
  defaultSeverity: 'medium',
  defaultEnabled: true,
  referenceUrl: 'https://learn.microsoft.com/azure/cosmos-db/how-to-configure-private-endpoints',
  azurePolicy: cosmosPolicy('58440f8a-10c5-4151-bdce-dfbaad4a20b7', 'CosmosDB accounts should use private link', 'Cosmos_PrivateEndpoint_Audit.json'),
  remediation: 'Create a private endpoint for the account in the virtual network your apps use (and approve the connection), point clients at it ' +
    'through the privatelink DNS zone, then disable public network access.',
}, (snapshot) => {
  // Public access off (or governed by a network security perimeter): no public path to protect.
  if (sameValue(snapshot.publicNetworkAccess, 'Disabled') || sameValue(snapshot.publicNetworkAccess, 'SecuredByPerimeter')) return undefined;
  if (snapshot.privateEndpointStatuses.some((status) => sameValue(status, 'Approved'))) return undefined;
  const unapprovedPrivateEndpoints = snapshot.privateEndpointStatuses.length;
  const note = unapprovedPrivateEndpoints === 0 ? ''
    : ` (${unapprovedPrivateEndpoints} private endpoint ${unapprovedPrivateEndpoints === 1 ? 'connection is' : 'connections are'} not approved)`;
  return {
    message: `Public network access is on and there is no approved private endpoint${note}.`,
    detail: { publicNetworkAccess: snapshot.publicNetworkAccess, unapprovedPrivateEndpoints },
  };
});
