// What every CLI command about one account sets up first: the account's parts from its resource id, the credential,
// and the client factory (which counts the requests), for the same Azure layer as the extension.
import { type ArmCloud } from '../azure/armCloud';
import { CosmosClientFactory } from '../azure/cosmosClientFactory';
import { type KeylessTarget } from '../azure/dataPlaneRoles';
import { parseAccountId } from '../core/posture';
import { cliCredential } from './cliCredential';

export interface AccountRunOptions {
  readonly cloud: ArmCloud;
  readonly accountId: string;
  readonly env: NodeJS.ProcessEnv;
  readonly userAgentPrefix: string;
}

export async function setUpAccountRun(options: AccountRunOptions): Promise<{ factory: CosmosClientFactory; target: KeylessTarget; credentialSource: string }> {
  const { subscriptionId, resourceGroup, accountName } = parseAccountId(options.accountId);
  const { credential, source } = await cliCredential(options.env);
  const factory = new CosmosClientFactory({ userAgentPrefix: options.userAgentPrefix });
  return { factory, target: { subscriptionId, resourceGroup, accountName, accountId: options.accountId, cloud: options.cloud, credential }, credentialSource: source };
}
