// The emulator's `keyless` scenario as the azure tests and the CLI tests address it.
import { type ArmEmulator } from '../../../arm-emulator/armEmulator';
import { customCloud } from '../../../../src/azure/armCloud';
import { type KeylessTarget } from '../../../../src/azure/dataPlaneRoles';
import { StaticTokenCredential } from '../../../../src/azure/staticTokenCredential';

export const KEYLESS_SUB = '6d3e4f5a-7b8c-4d9e-8f0a-0000000000e2';
export const NEW_PRINCIPAL = 'dd44ee55-ff66-4a77-8b88-2299001122cc';

export function keylessTarget(emu: ArmEmulator, accountName: string): KeylessTarget {
  return { subscriptionId: KEYLESS_SUB, resourceGroup: 'rg-keyless', accountName, accountId: keylessAccountId(accountName),
    cloud: customCloud(emu.url), credential: new StaticTokenCredential(emu.token) };
}

export function keylessAccountId(accountName: string): string {
  return `/subscriptions/${KEYLESS_SUB}/resourceGroups/rg-keyless/providers/Microsoft.DocumentDB/databaseAccounts/${accountName}`;
}
