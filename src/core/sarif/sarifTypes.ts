// The subset of SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) that Cosmos Guard writes.

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export interface SarifMessage { readonly text: string }

export interface SarifArtifactLocation { readonly uri: string; readonly uriBaseId?: string }

export interface SarifRegion {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface SarifLocation {
  readonly physicalLocation: { readonly artifactLocation: SarifArtifactLocation; readonly region?: SarifRegion };
}

export interface SarifReportingDescriptor {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: SarifMessage;
  readonly fullDescription: SarifMessage;
  readonly help: SarifMessage;
  readonly helpUri: string;
  readonly defaultConfiguration: { readonly level: SarifLevel };
  readonly properties: { readonly tags: readonly string[]; readonly 'security-severity'?: string };
}

export interface SarifSuppression {
  readonly kind: 'inSource' | 'external';
  readonly status: 'accepted';
  readonly justification?: string;
}

export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex?: number;
  readonly level: SarifLevel;
  readonly message: SarifMessage;
  readonly locations: readonly SarifLocation[];
  readonly partialFingerprints: Readonly<Record<string, string>>;
  readonly suppressions?: readonly SarifSuppression[];
  /** Relative to the `--baseline` report: the fingerprint is new, or was there already. */
  readonly baselineState?: 'new' | 'unchanged';
  /** Tool-specific data: `commit` and `authorDate` (`scan --git`), `verified` (`scan --verify`). */
  readonly properties?: Readonly<Record<string, unknown>>;
}

export interface SarifNotification {
  readonly level: SarifLevel;
  readonly message: SarifMessage;
  readonly locations?: readonly SarifLocation[];
}

export interface SarifRun {
  readonly tool: {
    readonly driver: {
      readonly name: string;
      readonly version: string;
      readonly semanticVersion: string;
      readonly informationUri: string;
      readonly rules: readonly SarifReportingDescriptor[];
    };
  };
  readonly invocations: readonly { readonly executionSuccessful: boolean; readonly toolExecutionNotifications?: readonly SarifNotification[] }[];
  readonly columnKind: 'utf16CodeUnits';
  readonly results: readonly SarifResult[];
}

export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly SarifRun[];
}
