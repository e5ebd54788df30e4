import { whyUnreadable } from '../accountEvidence';
import { builtInPolicy, definePostureRule, sameValue } from './postureRule';

/** Whether a `Microsoft.Security/pricings/CosmosDbs` pricing tier means the plan is on (`Standard`, any case). */
export function isDefenderOn(pricingTier: string): boolean {
  return sameValue(pricingTier, 'Standard');
}

export const defenderRule = definePostureRule<'defender-off'>({
  id: 'defender-off',
  title: 'Defender Plan Off',
  description: 'Microsoft Defender for Azure Cosmos DB is not enabled for the account\'s subscription, so suspicious key listing and access patterns raise no alert.',
  defaultSeverity: 'low',
  defaultEnabled: true,
  referenceUrl: 'https://learn.microsoft.com/azure/defender-for-cloud/defender-for-databases-introduction',
  azurePolicy: builtInPolicy('adbe85b5-83e6-4350-ab58-bf3a4f736e5e', 'Microsoft Defender for Azure Cosmos DB should be enabled', 'Security Center',
    'MDC_Microsoft_Defender_Azure_Cosmos_DB_Audit.json'),
  remediation: 'Turn on the Defender for Azure Cosmos DB plan for the subscription (Defender for Cloud → Environment settings → Databases), or: ' +
    'az security pricing create --name CosmosDbs --tier Standard. It alerts on unusual key listing (CosmosDB_SuspiciousListKeys) and access.',
}, (snapshot) => {
  const evidence = snapshot.defenderPlan;
  if (evidence?.status !== 'read' || isDefenderOn(evidence.pricingTier)) return undefined;
  return {
    message: `Microsoft Defender for Azure Cosmos DB is off for this subscription (pricing tier ${evidence.pricingTier}).`,
    detail: { pricingTier: evidence.pricingTier },
  };
}, (snapshot) => (snapshot.defenderPlan?.status === 'unreadable' ? whyUnreadable(snapshot.defenderPlan) : undefined));
