import { apiOf } from '../accountApi';
import { type AccountSnapshot } from '../accountSnapshot';
import { cosmosPolicy, definePostureRule } from './postureRule';

/**
 * Key (local) authentication is on and could be turned off: NoSQL accounts without `disableLocalAuth: true`.
 * Other APIs are exempt, as in Azure Policy 5450f5bd, because only NoSQL can rely on Microsoft Entra ID alone.
 */
export function isLocalAuthEnabled(snapshot: AccountSnapshot): boolean {
  return apiOf(snapshot) === 'nosql' && snapshot.disableLocalAuth !== true;
}

/** Whether the account keys work at all: always for the other APIs, for NoSQL unless local auth is disabled. */
export function keysUsable(snapshot: AccountSnapshot): boolean {
  return apiOf(snapshot) !== 'nosql' || snapshot.disableLocalAuth !== true;
}

export const localAuthRule = definePostureRule<'local-auth-enabled'>({
  id: 'local-auth-enabled',
  title: 'Key Authentication Enabled',
  description: 'A NoSQL account accepts account keys (local authentication) instead of Microsoft Entra ID only.',
  defaultSeverity: 'high',
  defaultEnabled: true,
  referenceUrl: 'https://learn.microsoft.com/azure/cosmos-db/nosql/security/how-to-disable-key-based-authentication',
  azurePolicy: cosmosPolicy('5450f5bd-9c72-4390-a9c4-a7aba4edfdd2', 'Cosmos DB database accounts should have local authentication methods disabled',
    'Cosmos_DisableLocalAuth_AuditDeny.json'),
  remediation: 'Give each app a Microsoft Entra identity (managed identity or service principal) with a Cosmos DB built-in data role ' +
    '(Built-in Data Reader or Data Contributor), switch its client to a token credential, then turn keys off: ' +
    'az resource update --ids <account-id> --set properties.disableLocalAuth=true.',
}, (snapshot) => {
  if (!isLocalAuthEnabled(snapshot)) return undefined;
  return {
    message: 'Key-based (local) authentication is enabled: anyone holding an account key can read and change all data.',
    detail: { disableLocalAuth: snapshot.disableLocalAuth },
  };
});
