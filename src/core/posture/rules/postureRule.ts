import { type AccountSnapshot } from '../accountSnapshot';
import { type PostureDetails, type PostureFindingOf, type PostureSeverity } from '../postureFinding';
import { type ResolvedPostureOptions } from '../postureOptions';
import { type PostureRuleId } from '../postureRuleIds';

/** The Azure Policy built-in a rule mirrors, so reports can cite it and users can assign it. */
export interface AzurePolicyReference {
  /** Policy definition GUID (`/providers/Microsoft.Authorization/policyDefinitions/<id>`). */
  readonly definitionId: string;
  readonly displayName: string;
  /** The definition's JSON in Azure/azure-policy. */
  readonly url: string;
}

/** A posture rule: its metadata (for settings, SARIF and the README) and its check. */
export interface PostureRule<Id extends PostureRuleId = PostureRuleId> {
  readonly id: Id;
  /** Short name, Title Case. */
  readonly title: string;
  /** One sentence: what the rule checks (SARIF `shortDescription`, settings description). */
  readonly description: string;
  /** The usual severity; `severityNote` says when a finding gets another one. */
  readonly defaultSeverity: PostureSeverity;
  readonly severityNote?: string;
  /** Whether the rule runs when settings do not mention it. */
  readonly defaultEnabled: boolean;
  /** The rule's section in the README. */
  readonly docsUrl: string;
  /** Microsoft Learn (or MSRC) page behind the rule. */
  readonly referenceUrl?: string;
  readonly azurePolicy?: AzurePolicyReference;
  /** What to do, concretely (commands, settings), in a sentence or three. */
  readonly remediation: string;
  /** Zero or one finding for the account. */
  evaluate(snapshot: AccountSnapshot, options: ResolvedPostureOptions): PostureFindingOf<Id> | undefined;
  /**
   * Why the rule could not be evaluated for this account (its evidence could not be read: "missing permission X"),
   * or undefined when it was evaluated or its evidence was simply not asked for. Never read as "passed".
   */
  whyUnchecked(snapshot: AccountSnapshot, options: ResolvedPostureOptions): string | undefined;
}

/** What a rule's check reports; the rule adds its title, docs link and remediation. */
export interface RuleResult<Id extends PostureRuleId> {
  readonly message: string;
  readonly detail: PostureDetails[Id];
  /** Defaults to the rule's `defaultSeverity`. */
  readonly severity?: PostureSeverity;
}

type RuleMetadata<Id extends PostureRuleId> = Omit<PostureRule<Id>, 'evaluate' | 'whyUnchecked' | 'docsUrl'>;

export const README_URL = 'https://github.com/cosmos-guard/cosmos-guard';

/** Builds a rule from its metadata and a check that returns what it found, if anything. */
export function definePostureRule<Id extends PostureRuleId>(
  metadata: RuleMetadata<Id>,
  check: (snapshot: AccountSnapshot, options: ResolvedPostureOptions) => RuleResult<Id> | undefined,
  unchecked: (snapshot: AccountSnapshot, options: ResolvedPostureOptions) => string | undefined = () => undefined,
): PostureRule<Id> {
  const docsUrl = `${README_URL}#posture-${metadata.id}`;
  return {
    ...metadata,
    docsUrl,
    whyUnchecked: unchecked,
    evaluate(snapshot, options) {
      const result = check(snapshot, options);
      if (!result) return undefined;
      return {
        rule: metadata.id,
        title: metadata.title,
        severity: result.severity ?? metadata.defaultSeverity,
        message: result.message,
        docsUrl,
        remediation: metadata.remediation,
        detail: result.detail,
      };
    },
  };
}

/** A reference to a built-in policy definition in the `Cosmos DB` category of Azure/azure-policy. */
export function cosmosPolicy(definitionId: string, displayName: string, file: string): AzurePolicyReference {
  return builtInPolicy(definitionId, displayName, 'Cosmos DB', file);
}

/** A reference to a built-in policy definition of any category (folder) of Azure/azure-policy. */
export function builtInPolicy(definitionId: string, displayName: string, category: string, file: string): AzurePolicyReference {
  return {
    definitionId,
    displayName,
    url: `https://github.com/Azure/azure-policy/blob/master/built-in-policies/policyDefinitions/${encodeURIComponent(category)}/${file}`,
  };
}

/** ARM compares enum values case-insensitively; so do the rules. */
export function sameValue(a: string | undefined, b: string): boolean {
  return a !== undefined && a.trim().toLowerCase() === b.toLowerCase();
}
