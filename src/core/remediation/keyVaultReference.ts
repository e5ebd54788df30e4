// "Replace with a Key Vault reference" for App Service / Functions style settings: validation of the names the
// user types (Azure's naming rules), the reference itself, and where in the file it goes.
import { isRewritable, type Finding } from '../detection';
import { findStringLiteral } from './stringLiteral';
import { lineBounds, type TextEdit } from './textEdit';

/** Why `name` is not a valid Key Vault name, or undefined. */
export function validateVaultName(name: string): string | undefined {
  if (name.length < 3 || name.length > 24) return 'A vault name has 3 to 24 characters.';
  if (!/^[A-Za-z0-9-]+$/.test(name)) return 'A vault name has only letters, digits and hyphens.';
  if (!/^[A-Za-z]/.test(name)) return 'A vault name starts with a letter.';
  if (!/[A-Za-z0-9]$/.test(name)) return 'A vault name ends with a letter or digit.';
  if (name.includes('--')) return 'A vault name has no two hyphens in a row.';
  return undefined;
}

/** Why `name` is not a valid Key Vault secret name, or undefined. */
export function validateSecretName(name: string): string | undefined {
  if (name.length < 1 || name.length > 127) return 'A secret name has 1 to 127 characters.';
  if (!/^[A-Za-z0-9-]+$/.test(name)) return 'A secret name has only letters, digits and hyphens.';
  return undefined;
}

/** The Key Vault DNS suffix of the cloud a Cosmos host belongs to (public, US Government, China). */
export function keyVaultDnsSuffix(cosmosHost: string | undefined): string {
  const host = (cosmosHost ?? '').toLowerCase();
  if (host.endsWith('.azure.us') || host.endsWith('.usgovcloudapi.net')) return 'vault.usgovcloudapi.net';
  if (host.endsWith('.azure.cn') || host.endsWith('.chinacloudapi.cn')) return 'vault.azure.cn';
  return 'vault.azure.net';
}

export function keyVaultReference(vault: string, secretName: string, dnsSuffix = 'vault.azure.net'): string {
  return `@Microsoft.KeyVault(SecretUri=https://${vault.toLowerCase()}.${dnsSuffix}/secrets/${secretName}/)`;
}

/** appsettings*.json, local.settings.json, or App Service's "Advanced edit" array (`name`/`value`/`slotSetting`). */
export function isAppSettingsFile(path: string, text: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (/^appsettings(\.[\w-]+)?\.json$/.test(name) || name === 'local.settings.json') return true;
  return name.endsWith('.json') && /"slotSetting"\s*:/.test(text);
}

export interface KeyVaultPlan {
  /** A secret name derived from the setting's name (valid, possibly shortened). */
  readonly suggestedSecretName: string;
  readonly dnsSuffix: string;
  /** The edit that puts `reference` in place of the setting's whole value. */
  edit(reference: string): TextEdit;
}

function toSecretName(setting: string): string {
  return setting.replace(/[^A-Za-z0-9-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '').slice(0, 127);
}

/** The plan for a finding in an app-settings JSON file, or undefined when it is not inside one JSON string value. */
export function planKeyVaultFix(input: { path: string; text: string; finding: Pick<Finding, 'startOffset' | 'endOffset' | 'host' | 'encoding' | 'rule'> }): KeyVaultPlan | undefined {
  const { text, finding } = input;
  if (finding.rule === 'cosmos-emulator-key' || !isRewritable(finding.encoding)) return undefined;
  if (!isAppSettingsFile(input.path, text)) return undefined;
  const span = findStringLiteral(text, finding.startOffset, finding.endOffset);
  if (!span || span.quote !== '"' || span.prefix !== '') return undefined;
  const line = lineBounds(text, span.start);
  const key = /"((?:[^"\\]|\\.)*)"\s*:\s*$/.exec(text.slice(line.start, span.start))?.[1];
  let setting = key;
  if (key === 'value') {
    // App Service array form: the setting's name is the sibling "name" property, a few lines up.
    const above = text.slice(Math.max(0, line.start - 400), line.start);
    setting = [...above.matchAll(/"name"\s*:\s*"((?:[^"\\]|\\.)*)"/g)].pop()?.[1];
  }
  const suggested = toSecretName(setting ?? '') || 'CosmosDbKey';
  return {
    suggestedSecretName: validateSecretName(suggested) ? 'CosmosDbKey' : suggested,
    dnsSuffix: keyVaultDnsSuffix(finding.host),
    edit: (reference) => ({ start: span.contentStart, end: span.contentEnd, text: reference }),
  };
}
