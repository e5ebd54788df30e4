// Builds @azure/arm-cosmosdb 17 clients, one per subscription, all the same way: the endpoint AND the token scope
// of the subscription's cloud (v17 asks for https://management.azure.com/.default unless told otherwise, which
// breaks sovereign clouds and any endpoint whose credential checks the scope), the retry policy, our user agent,
// one shared HTTP client (so connections to one ARM host are reused across subscriptions), the abort-signal
// policy for next pages, the origin guard and a time limit per request (armRequestPolicies.ts), and a request
// counter for benchmarks and logs.
import { CosmosDBManagementClient, type CosmosDBManagementClientOptionalParams } from '@azure/arm-cosmosdb';
import type { TokenCredential } from '@azure/core-auth';
import { createDefaultHttpClient, type HttpClient, type PipelinePolicy } from '@azure/core-rest-pipeline';
import { LogsQueryClient } from '@azure/monitor-query-logs';
import { PreviewApiMemory } from './accountReader';
import { armTokenScope, type ArmCloud } from './armCloud';
import { ArmJsonClient } from './armJsonClient';
import { armOriginPolicy, DEFAULT_REQUEST_TIME_LIMIT_MS, requestTimeLimitPolicy } from './armRequestPolicies';
import { requestSignalPolicy } from './requestSignal';

export interface RetryOptions {
  /** Retries after the first attempt (SDK default 3). 429/503 with Retry-After wait exactly that long. */
  readonly maxRetries?: number;
  /** Base delay of the exponential backoff for 5xx, 408 and dropped connections (SDK default 1000 ms). */
  readonly retryDelayInMs?: number;
  readonly maxRetryDelayInMs?: number;
}

export interface CosmosClientFactoryOptions {
  /** Prepended to the SDK's user agent: `cosmos-guard-vscode/0.1.0`. */
  readonly userAgentPrefix: string;
  readonly retryOptions?: RetryOptions;
  /**
   * Extra CA certificates to trust (PEM). Tests only: processes started for a local emulator trust it through
   * NODE_EXTRA_CA_CERTS, as users would.
   */
  readonly caPem?: string;
  /** Replaces the shared Node HTTP client (tests). */
  readonly httpClient?: HttpClient;
  /** The time limit of one HTTP request (default {@link DEFAULT_REQUEST_TIME_LIMIT_MS}). */
  readonly requestTimeLimitMs?: number;
}

/** What a client needs to know about a subscription. */
export interface ClientTarget {
  readonly subscriptionId: string;
  readonly cloud: ArmCloud;
  readonly credential: TokenCredential;
}

export const DEFAULT_RETRY_OPTIONS: Required<RetryOptions> = Object.freeze({ maxRetries: 3, retryDelayInMs: 1000, maxRetryDelayInMs: 30_000 });

export class CosmosClientFactory {
  private readonly httpClient: HttpClient;
  private readonly tlsOptions: { ca: string } | undefined;
  private sent = 0;
  /** Which endpoints refused the preview api-version, for as long as this factory lives (the window, the CLI run). */
  readonly previewApi = new PreviewApiMemory();

  private readonly countingPolicy: PipelinePolicy = {
    name: 'cosmosGuardRequestCounter',
    sendRequest: (request, next) => {
      this.sent++;
      return next(request);
    },
  };

  constructor(private readonly options: CosmosClientFactoryOptions) {
    this.httpClient = options.httpClient ?? createDefaultHttpClient();
    // One object for every client: the Node HTTP client keys its keep-alive agents by this object's identity.
    this.tlsOptions = options.caPem ? { ca: options.caPem } : undefined;
  }

  /** HTTP requests sent so far by clients from this factory, retries included. */
  get requestCount(): number {
    return this.sent;
  }

  /** Options for any ARM client (Cosmos DB, subscriptions) talking to `cloud`. */
  clientOptions(cloud: ArmCloud): CosmosDBManagementClientOptionalParams {
    return {
      endpoint: cloud.resourceManagerEndpoint,
      credentials: { scopes: [armTokenScope(cloud)] },
      retryOptions: { ...DEFAULT_RETRY_OPTIONS, ...this.options.retryOptions },
      userAgentOptions: { userAgentPrefix: this.options.userAgentPrefix },
      httpClient: this.httpClient,
      additionalPolicies: [
        { policy: armOriginPolicy(cloud), position: 'perCall' },
        { policy: requestSignalPolicy, position: 'perCall' },
        { policy: this.countingPolicy, position: 'perRetry' },
        { policy: requestTimeLimitPolicy(this.options.requestTimeLimitMs ?? DEFAULT_REQUEST_TIME_LIMIT_MS), position: 'perRetry' },
      ],
      ...(this.tlsOptions ? { tlsOptions: this.tlsOptions } : {}),
    };
  }

  create(target: ClientTarget): CosmosDBManagementClient {
    return new CosmosDBManagementClient(target.credential, target.subscriptionId, this.clientOptions(target.cloud));
  }

  /**
   * A Log Analytics query client for `target`'s cloud (`cloud.logAnalyticsEndpoint`), or undefined when the cloud's
   * endpoint is not known. Same HTTP client, retries, counter and per-attempt time limit as the ARM clients; its own
   * origin guard: the token goes to that endpoint's origin only. With a custom ARM endpoint that is the endpoint's
   * origin and the custom endpoint's token scope; with a real cloud, its Log Analytics API and audience.
   */
  logsClient(target: ClientTarget): LogsQueryClient | undefined {
    const endpoint = target.cloud.logAnalyticsEndpoint?.replace(/\/+$/, '');
    if (!endpoint) return undefined;
    const custom = target.cloud.name === 'Custom';
    return new LogsQueryClient(target.credential, {
      endpoint: `${endpoint}/v1`,
      credentials: { scopes: [custom ? armTokenScope(target.cloud) : `${endpoint}/.default`] },
      retryOptions: { ...DEFAULT_RETRY_OPTIONS, ...this.options.retryOptions },
      userAgentOptions: { userAgentPrefix: this.options.userAgentPrefix },
      httpClient: this.httpClient,
      additionalPolicies: [
        { policy: armOriginPolicy({ name: 'Custom', resourceManagerEndpoint: new URL(endpoint).origin }), position: 'perCall' },
        { policy: requestSignalPolicy, position: 'perCall' },
        { policy: this.countingPolicy, position: 'perRetry' },
        { policy: requestTimeLimitPolicy(this.options.requestTimeLimitMs ?? DEFAULT_REQUEST_TIME_LIMIT_MS), position: 'perRetry' },
      ],
      ...(this.tlsOptions ? { tlsOptions: this.tlsOptions } : {}),
    });
  }

  /** Plain ARM GETs through the pipeline of a client for `target` (its auth, retries, counter and HTTP client). */
  armJson(target: ClientTarget): ArmJsonClient {
    return new ArmJsonClient(this.create(target).pipeline, this.httpClient, target.cloud);
  }
}
