// The parts of a scenario that stand for evidence beyond an account's properties: each key's last use (served with
// api-version 2026-04-01-preview), the Activity Log's key operations, diagnostic settings, and the subscription's
// Defender plan. Types and validation, in the style of scenario.ts (unknown fields are errors naming their path).
import { KEY_KINDS, type DateSpec, type KeyKind, type Validator } from './scenario';

/** The key operations the Activity Log records, by their action name under Microsoft.DocumentDB/databaseAccounts. */
export const KEY_ACTIONS = ['listKeys', 'readonlykeys', 'listConnectionStrings', 'regenerateKey'] as const;
export type KeyAction = (typeof KEY_ACTIONS)[number];

/** A key operation already in the Activity Log when the emulator starts. */
export interface KeyAccessSpec {
  readonly at: DateSpec;
  readonly operation: KeyAction;
  /** A user's sign-in name, or (with `application`) an application (client) id. */
  readonly caller: string;
  readonly application?: boolean;
  readonly clientIp?: string;
  readonly status?: 'Succeeded' | 'Failed';
}

export interface DiagnosticSettingSpec {
  readonly name: string;
  readonly destination: 'logAnalytics' | 'storage' | 'eventHub' | 'none';
  /** Log categories turned on, e.g. DataPlaneRequests, ControlPlaneRequests. */
  readonly categories?: readonly string[];
  /** Category groups turned on: audit, allLogs. */
  readonly categoryGroups?: readonly string[];
}

export interface AccountEvidenceSpec {
  /**
   * `keysMetadata.<key>.approximateLastUsageTime` per key kind, served with the preview api-version: a date, or
   * "never" (null). A kind left out is not reported (no field).
   */
  readonly keysLastUsedAt?: Partial<Record<KeyKind, DateSpec>>;
  readonly keyAccess?: readonly KeyAccessSpec[];
  /** Other (non-key) Activity Log events on the account, one a day back from now: what the client filters out. */
  readonly activityLogNoise?: number;
  /** Default none; "forbidden" answers 403 AuthorizationFailed. */
  readonly diagnosticSettings?: readonly DiagnosticSettingSpec[] | 'forbidden';
}

export const ACCOUNT_EVIDENCE_FIELDS = ['keysLastUsedAt', 'keyAccess', 'activityLogNoise', 'diagnosticSettings'] as const;

export interface SubscriptionEvidenceSpec {
  /** `Microsoft.Security/pricings/CosmosDbs`: default Free; "forbidden" → 403; "notRegistered" → 409 MissingSubscriptionRegistration. */
  readonly defenderForCosmosDb?: 'Standard' | 'Free' | 'forbidden' | 'notRegistered';
  /** "forbidden": the Activity Log answers 403 AuthorizationFailed. */
  readonly activityLog?: 'forbidden';
}

export const SUBSCRIPTION_EVIDENCE_FIELDS = ['defenderForCosmosDb', 'activityLog'] as const;

export function parseAccountEvidence(v: Validator, a: Record<string, unknown>, at: string): AccountEvidenceSpec {
  return {
    keysLastUsedAt: v.optional(a.keysLastUsedAt, (x) => {
      const o = v.object(x, `${at}.keysLastUsedAt`);
      v.only(o, `${at}.keysLastUsedAt`, KEY_KINDS);
      const out: Partial<Record<KeyKind, DateSpec>> = {};
      for (const k of KEY_KINDS) if (k in o) out[k] = o[k] === 'never' ? 'never' : v.date(o[k], `${at}.keysLastUsedAt.${k}`);
      return out;
    }),
    keyAccess: v.optional(a.keyAccess, (x) => v.array(x, `${at}.keyAccess`).map((e, i) => {
      const where = `${at}.keyAccess[${i}]`;
      const o = v.object(e, where);
      v.only(o, where, ['at', 'operation', 'caller', 'application', 'clientIp', 'status']);
      return {
        at: v.date(o.at, `${where}.at`),
        operation: v.oneOf(o.operation, `${where}.operation`, KEY_ACTIONS),
        caller: v.string(o.caller, `${where}.caller`),
        application: v.optional(o.application, (y) => v.boolean(y, `${where}.application`)),
        clientIp: v.optional(o.clientIp, (y) => v.string(y, `${where}.clientIp`)),
        status: v.optional(o.status, (y) => v.oneOf(y, `${where}.status`, ['Succeeded', 'Failed'] as const)),
      };
    })),
    activityLogNoise: v.optional(a.activityLogNoise, (x) => v.int(x, `${at}.activityLogNoise`, 0)),
    diagnosticSettings: v.optional(a.diagnosticSettings, (x) => {
      if (x === 'forbidden') return 'forbidden' as const;
      return v.array(x, `${at}.diagnosticSettings`).map((d, i) => {
        const where = `${at}.diagnosticSettings[${i}]`;
        const o = v.object(d, where);
        v.only(o, where, ['name', 'destination', 'categories', 'categoryGroups']);
        const strings = (y: unknown, p: string) => v.array(y, p).map((c, j) => v.string(c, `${p}[${j}]`));
        return {
          name: v.string(o.name, `${where}.name`),
          destination: v.oneOf(o.destination, `${where}.destination`, ['logAnalytics', 'storage', 'eventHub', 'none'] as const),
          categories: v.optional(o.categories, (y) => strings(y, `${where}.categories`)),
          categoryGroups: v.optional(o.categoryGroups, (y) => strings(y, `${where}.categoryGroups`)),
        };
      });
    }),
  };
}

export function parseSubscriptionEvidence(v: Validator, s: Record<string, unknown>, at: string): SubscriptionEvidenceSpec {
  return {
    defenderForCosmosDb: v.optional(s.defenderForCosmosDb, (x) => v.oneOf(x, `${at}.defenderForCosmosDb`,
      ['Standard', 'Free', 'forbidden', 'notRegistered'] as const)),
    activityLog: v.optional(s.activityLog, (x) => v.oneOf(x, `${at}.activityLog`, ['forbidden'] as const)),
  };
}
