// Microsoft Defender for Azure Cosmos DB is a plan of the subscription: `Microsoft.Security/pricings/CosmosDbs`,
// `properties.pricingTier` `Standard` (on) or `Free` (off). One GET per subscription, during the accounts' load.
import { type DefenderPlanEvidence } from '../core/posture';
import { type ArmFailure } from './armFailure';
import { type ArmJsonClient } from './armJsonClient';

export const SECURITY_PRICINGS_API_VERSION = '2024-01-01';

/** The plan's pricing tier as Azure names it; `Unknown` when the answer has none. Throws a RestError on failure. */
export async function readDefenderPricingTier(json: ArmJsonClient, subscriptionId: string, signal?: AbortSignal): Promise<string> {
  const body = await json.get(json.url(`/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Security/pricings/CosmosDbs`
    + `?api-version=${SECURITY_PRICINGS_API_VERSION}`), signal) as { properties?: { pricingTier?: unknown } } | null;
  const tier = body?.properties?.pricingTier;
  return typeof tier === 'string' && tier.trim() ? tier.trim().slice(0, 64) : 'Unknown';
}

/**
 * What a failure itself tells: a subscription not registered with Microsoft.Security cannot have the plan on, so it
 * is off (`Free`). Any other failure tells nothing (undefined): the rule is then "could not be checked".
 */
export function defenderPlanFromFailure(failure: ArmFailure): DefenderPlanEvidence | undefined {
  return /^MissingSubscriptionRegistration$/i.test(failure.code) ? { status: 'read', pricingTier: 'Free' } : undefined;
}
