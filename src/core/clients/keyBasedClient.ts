// What the `cosmos-key-based-client` analysis finds: plain data, no editor or file-system types.
import { type TextEdit } from '../remediation/textEdit';
import { type ClientLanguage } from './clientLanguage';

/**
 * How the client authenticates with the account key: a connection string (which holds the key), the key itself
 * (`key:`, `credential=`, `authKeyOrResourceToken`, `.key(…)`), or an `AzureKeyCredential` wrapping it.
 */
export type CredentialForm = 'connection-string' | 'account-key' | 'key-credential';

/** Where the key comes from, as far as the code shows: written in the file, read from configuration, or a variable. */
export type ValueSource = 'literal' | 'configuration' | 'variable';

/** The Azure Identity library of a language's ecosystem. */
export interface IdentityPackage {
  readonly ecosystem: 'npm' | 'pypi' | 'nuget' | 'maven';
  /** `@azure/identity`, `azure-identity`, `Azure.Identity`, `com.azure:azure-identity`. */
  readonly name: string;
}

/** A safe rewrite of the construction to a token credential (`DefaultAzureCredential`). */
export interface KeylessRewrite {
  /** Edits to the file — the construction and, when missing, the import — ascending and non-overlapping. */
  readonly edits: readonly TextEdit[];
  /** What the credential becomes, in the language's words (no text from the file). */
  readonly replacement: string;
  readonly identityPackage: IdentityPackage;
}

export interface KeyBasedClient {
  readonly language: ClientLanguage;
  readonly credential: CredentialForm;
  readonly source: ValueSource;
  /** 0-based offsets of the whole construction: from `new` (or the callee) to its closing parenthesis or builder chain. */
  readonly start: number;
  readonly end: number;
  /** The rewrite, when one is safe. */
  readonly rewrite?: KeylessRewrite;
  /** Why there is no rewrite (when there is none). */
  readonly noRewriteReason?: string;
}

/** A rewrite of the construction's `edits` plus, when the file lacks it, the import, in the order edits apply. */
export function keylessRewrite(language: ClientLanguage, replacement: string, edits: readonly TextEdit[], importEdit?: TextEdit): KeylessRewrite {
  const all = importEdit ? [...edits, importEdit] : [...edits];
  return { edits: all.sort((a, b) => a.start - b.start), replacement, identityPackage: IDENTITY_PACKAGES[language] };
}

export const IDENTITY_PACKAGES: Readonly<Record<ClientLanguage, IdentityPackage>> = {
  javascript: { ecosystem: 'npm', name: '@azure/identity' },
  typescript: { ecosystem: 'npm', name: '@azure/identity' },
  python: { ecosystem: 'pypi', name: 'azure-identity' },
  csharp: { ecosystem: 'nuget', name: 'Azure.Identity' },
  java: { ecosystem: 'maven', name: 'com.azure:azure-identity' },
};

/** Why a rewrite is not offered, in words shared by every language. */
export const NO_REWRITE = {
  endpoint: 'the connection string holds the endpoint, and the code does not have it separately',
  declaredElsewhere: 'the key is set where the options are declared, not in this construction',
  spread: 'the options are spread from another object, which may hold a key too',
  mixed: 'the construction already names another credential',
  unusual: 'the construction is written in a form the quick-fix does not rewrite',
} as const;
