// Which Azure cloud (or stand-in) a subscription lives in: its Resource Manager endpoint, the token scope that goes
// with it, and its portal. @azure/arm-cosmosdb 17 asks for the public cloud's scope whatever endpoint it is given,
// so every client we build passes the scope from here (see cosmosClientFactory.ts).

/** An Azure cloud as far as Cosmos Guard needs one. */
export interface ArmCloud {
  /** `AzureCloud`, `AzureChinaCloud`, `AzureUSGovernment`, a custom cloud's name, or `Custom` for a custom endpoint. */
  readonly name: string;
  /** HTTPS origin (plus an optional path), no trailing slash: `https://management.azure.com`. */
  readonly resourceManagerEndpoint: string;
  /** The portal for this cloud, no trailing slash: `https://portal.azure.com`. */
  readonly portalUrl: string;
  /**
   * The DNS suffix of Key Vaults in this cloud, without a leading dot: `vault.azure.net`. Absent for a custom ARM
   * endpoint with a static token (the emulator, CI), which has no Key Vault Cosmos Guard may send a token to.
   */
  readonly keyVaultDnsSuffix?: string;
  /**
   * The Log Analytics query API of this cloud, no trailing slash: `https://api.loganalytics.io`. For a custom ARM
   * endpoint it is the endpoint's own origin (the emulator serves `/v1/{resourceId}/query` there), so a static token
   * goes nowhere else. Absent for a cloud whose Log Analytics endpoint is not known (Azure Stack, a custom cloud).
   */
  readonly logAnalyticsEndpoint?: string;
}

export const AZURE_PUBLIC_CLOUD: ArmCloud = Object.freeze({
  name: 'AzureCloud',
  resourceManagerEndpoint: 'https://management.azure.com',
  portalUrl: 'https://portal.azure.com',
  keyVaultDnsSuffix: 'vault.azure.net',
  logAnalyticsEndpoint: 'https://api.loganalytics.io',
});

/** The fields of an `@azure/ms-rest-azure-env` `Environment` (what `AzureSubscription.environment` holds) we read. */
export interface AzureEnvironmentLike {
  readonly name: string;
  readonly resourceManagerEndpointUrl: string;
  readonly portalUrl: string;
  /** `.vault.azure.net` (with the leading dot, as @azure/ms-rest-azure-env writes it). */
  readonly keyVaultDnsSuffix?: string;
}

/** Thrown for an endpoint that must not receive bearer tokens: not HTTPS, not a URL, or carrying credentials. */
export class ArmEndpointError extends Error {
  override readonly name = 'ArmEndpointError';
}

const stripSlash = (url: string): string => url.replace(/\/+$/, '');

/**
 * Validates and normalises an ARM endpoint: `https://` only (the SDK's bearer-token policy refuses anything else,
 * and a token must never travel in clear text), no user name or password, no query or fragment; the trailing slash
 * is dropped. Returns the endpoint as `https://host[:port][/path]`.
 */
export function normaliseArmEndpoint(raw: string, what = 'The ARM endpoint'): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ArmEndpointError(`${what} "${text}" is not a URL; expected https://host[:port].`);
  }
  if (url.protocol !== 'https:') throw new ArmEndpointError(`${what} must use https:// (got ${url.protocol}//): bearer tokens are only sent over TLS.`);
  if (url.username || url.password) throw new ArmEndpointError(`${what} must not contain a user name or password.`);
  if (url.search || url.hash) throw new ArmEndpointError(`${what} must not have a query string or fragment.`);
  return stripSlash(`${url.origin}${url.pathname}`);
}

/** The cloud of a subscription signed in through VS Code (`AzureSubscription.environment`). */
export function cloudFromEnvironment(env: AzureEnvironmentLike): ArmCloud {
  const resourceManagerEndpoint = stripSlash(env.resourceManagerEndpointUrl);
  const known = KNOWN_CLOUDS.find((c) => c.resourceManagerEndpoint === resourceManagerEndpoint.toLowerCase());
  const vault = env.keyVaultDnsSuffix?.trim().replace(/^\.+/, '') || known?.keyVaultDnsSuffix;
  return {
    name: env.name,
    resourceManagerEndpoint,
    portalUrl: stripSlash(env.portalUrl),
    ...(vault ? { keyVaultDnsSuffix: vault } : {}),
    ...(known?.logAnalyticsEndpoint ? { logAnalyticsEndpoint: known.logAnalyticsEndpoint } : {}),
  };
}

/** A stand-in ARM endpoint (the project's emulator, a recorded proxy): the public portal, since it has none. */
export function customCloud(endpoint: string): ArmCloud {
  const resourceManagerEndpoint = normaliseArmEndpoint(endpoint);
  return { name: 'Custom', resourceManagerEndpoint, portalUrl: AZURE_PUBLIC_CLOUD.portalUrl, logAnalyticsEndpoint: new URL(resourceManagerEndpoint).origin };
}

/** The token scope for a cloud's Resource Manager: `<endpoint>/.default`. */
export function armTokenScope(cloud: Pick<ArmCloud, 'resourceManagerEndpoint'>): string {
  return `${stripSlash(cloud.resourceManagerEndpoint)}/.default`;
}

/** The portal page of a resource, in the right directory: `<portal>/#@<tenant>/resource<id>/overview`. */
export function portalResourceUrl(cloud: Pick<ArmCloud, 'portalUrl'>, tenantId: string | undefined, resourceId: string): string {
  const tenant = tenantId ? `@${encodeURIComponent(tenantId)}` : '';
  return `${stripSlash(cloud.portalUrl)}/#${tenant}/resource${resourceId}/overview`;
}

/** The sovereign clouds by their Resource Manager endpoint (same values as @azure/ms-rest-azure-env). */
const KNOWN_CLOUDS: readonly ArmCloud[] = [
  AZURE_PUBLIC_CLOUD,
  { name: 'AzureChinaCloud', resourceManagerEndpoint: 'https://management.chinacloudapi.cn', portalUrl: 'https://portal.azure.cn',
    keyVaultDnsSuffix: 'vault.azure.cn', logAnalyticsEndpoint: 'https://api.loganalytics.azure.cn' },
  { name: 'AzureUSGovernment', resourceManagerEndpoint: 'https://management.usgovcloudapi.net', portalUrl: 'https://portal.azure.us',
    keyVaultDnsSuffix: 'vault.usgovcloudapi.net', logAnalyticsEndpoint: 'https://api.loganalytics.us' },
];

/** The cloud behind an ARM endpoint given on a command line: a known cloud by its endpoint, otherwise custom. */
export function cloudForEndpoint(endpoint: string): ArmCloud {
  const normalised = normaliseArmEndpoint(endpoint);
  return KNOWN_CLOUDS.find((c) => c.resourceManagerEndpoint === normalised.toLowerCase()) ?? customCloud(normalised);
}
