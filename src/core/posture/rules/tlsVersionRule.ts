import { apiOf } from '../accountApi';
import { definePostureRule } from './postureRule';

/** `Tls` → 10, `Tls11` → 11, `Tls12` → 12, `Tls13` → 13; `undefined` for anything else. */
function tlsVersionOf(value: string): number | undefined {
  const m = /^tls(?:1(\d))?$/i.exec(value.trim());
  if (!m) return undefined;
  return m[1] === undefined ? 10 : 10 + Number(m[1]);
}

export const tlsVersionRule = definePostureRule<'tls-below-1-2'>({
  id: 'tls-below-1-2',
  title: 'TLS Below 1.2 Accepted',
  description: 'The account\'s minimum TLS version is below 1.2, or not set (which meant TLS 1.0 for NoSQL, Table and Gremlin accounts).',
  defaultSeverity: 'medium',
  defaultEnabled: true,
  referenceUrl: 'https://learn.microsoft.com/azure/cosmos-db/self-serve-minimum-tls-enforcement',
  remediation: 'Check that every client supports TLS 1.2 (current Azure SDKs do), then set: ' +
    'az resource update --ids <account-id> --set properties.minimalTlsVersion=Tls12. Microsoft retired TLS 1.0 and 1.1 for Cosmos DB on 2025-08-31.',
}, (snapshot) => {
  const value = snapshot.minimalTlsVersion;
  if (value === undefined || value.trim() === '') {
    // The API's documented default: TLS 1.0, except MongoDB and Cassandra accounts, which only work with TLS 1.2.
    const api = apiOf(snapshot);
    if (api === 'mongodb' || api === 'cassandra') return undefined;
    return { message: 'Minimum TLS version is not set, so clients may still connect with TLS 1.0.', detail: { minimalTlsVersion: value } };
  }
  const version = tlsVersionOf(value);
  if (version !== undefined && version >= 12) return undefined;
  return {
    message: version === undefined
      ? `Minimum TLS version "${value.trim()}" is not one Cosmos Guard recognises as TLS 1.2 or later.`
      : `Minimum TLS version is TLS 1.${version - 10} (${value.trim()}).`,
    detail: { minimalTlsVersion: value },
  };
});
