// Reads an account's on-demand evidence when the user expands it in the accounts view — its diagnostic settings when
// the account row is expanded, the Activity Log's key operations of 90 days when its "Key Access" row is, its
// data-plane role assignments when its "Data Access" row is — never during the view's load. Results go into the model (which evaluates the rules again); a refresh drops them, and a
// load still running then is cancelled. Each read has the Azure layer's time limit.
import { readAccountEvidence } from '../../azure/accountEvidence';
import { type ArmSubscription } from '../../azure/armSubscription';
import { type CosmosClientFactory } from '../../azure/cosmosClientFactory';
import { DataPlaneRoles } from '../../azure/dataPlaneRoles';
import { isAbortError } from '../../azure/requestSignal';
import { ACTIVITY_LOG_RETENTION_DAYS, type AccountSnapshot } from '../../core/posture';
import { type Logger } from '../../platform/logger';
import { type AccountsModel, type EvidencePart, type OnDemandEvidence } from './accountsModel';

/** What each part is, in the log. */
const PART_NAMES: Readonly<Record<EvidencePart, string>> = {
  diagnosticSettings: 'diagnostic settings', keyAccess: 'Activity Log key operations', roleAssignments: 'data-plane role assignments',
};

export interface AccountEvidenceLoaderDeps {
  readonly model: AccountsModel;
  readonly clientFactory: CosmosClientFactory;
  /** The subscription (with its credential) of an account in the view. */
  readonly subscription: (subscriptionId: string) => ArmSubscription | undefined;
  readonly logger: Logger;
}

export class AccountEvidenceLoader {
  private readonly running = new Set<Promise<void>>();
  private controller = new AbortController();

  constructor(private readonly deps: AccountEvidenceLoaderDeps) {}

  /** Starts reading `part` for the account unless it is read or being read. Returns at once. */
  ensure(snapshot: AccountSnapshot, part: EvidencePart): void {
    const state = this.deps.model.evidence(snapshot.id);
    if (state?.[part] !== undefined || state?.loading.includes(part)) return;
    const subscription = this.deps.subscription(snapshot.subscriptionId);
    if (!subscription) return;
    const generation = this.deps.model.beginEvidence(snapshot.id, part);
    const run = this.load(snapshot, subscription, part, generation, this.controller.signal);
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  /** Cancels what is being read (a refresh replaces the accounts). */
  cancel(): void {
    this.controller.abort();
    this.controller = new AbortController();
  }

  /** Resolves when nothing is being read. */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  dispose(): void {
    this.cancel();
  }

  private async load(snapshot: AccountSnapshot, subscription: ArmSubscription, part: EvidencePart, generation: number, signal: AbortSignal): Promise<void> {
    const started = Date.now();
    const sentBefore = this.deps.clientFactory.requestCount;
    const target = { subscriptionId: snapshot.subscriptionId, resourceGroup: snapshot.resourceGroup, accountName: snapshot.name, accountId: snapshot.id,
      cloud: subscription.cloud, credential: subscription.credential };
    try {
      const evidence: OnDemandEvidence = part === 'roleAssignments'
        ? { roleAssignments: await new DataPlaneRoles(this.deps.clientFactory).readRoles(target, signal) }
        : await readAccountEvidence(this.deps.clientFactory, target,
          part === 'keyAccess' ? { keyAccessDays: ACTIVITY_LOG_RETENTION_DAYS } : { diagnosticSettings: true }, { signal });
      this.deps.model.setEvidence(snapshot.id, generation, evidence, part);
      const read = evidence[part];
      this.deps.logger.info(`${snapshot.name}: ${PART_NAMES[part]} `
        + `${read?.status === 'unreadable' ? `not read (${read.message})` : 'read'}; ${this.deps.clientFactory.requestCount - sentBefore} ARM requests `
        + `in ${Date.now() - started} ms.`);
    } catch (error) {
      if (signal.aborted || isAbortError(error)) return;
      this.deps.logger.error(`Reading the ${PART_NAMES[part]} of ${snapshot.name} failed`, error);
      this.deps.model.setEvidence(snapshot.id, generation, { [part]: { status: 'unreadable', message: error instanceof Error ? error.message : String(error) } }, part);
    }
  }
}
