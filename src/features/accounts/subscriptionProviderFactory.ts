import type * as vscode from 'vscode';
import { type SubscriptionProvider } from '../../azure/armSubscription';
import { type CosmosClientFactory } from '../../azure/cosmosClientFactory';
import { CustomEndpointProvider } from '../../azure/customEndpointProvider';
import { ARM_TOKEN_ENV } from '../../azure/staticTokenCredential';
import { VSCodeSubscriptionProvider } from '../../azure/vscodeSubscriptionProvider';
import { type AzureSettings } from '../../platform/configSnapshot';

/**
 * The sign-in route for the settings: VS Code's Microsoft accounts, or — when `cosmosGuard.azure.armEndpoint` is
 * set (a machine setting, never from a workspace) — that endpoint with the static token from COSMOS_GUARD_ARM_TOKEN.
 * The two never mix: a Microsoft session is never sent to a custom endpoint.
 */
export function createSubscriptionProvider(settings: AzureSettings, clientFactory: CosmosClientFactory,
  channel: vscode.LogOutputChannel): SubscriptionProvider {
  if (settings.armEndpoint) return new CustomEndpointProvider(settings.armEndpoint, process.env[ARM_TOKEN_ENV], clientFactory);
  return VSCodeSubscriptionProvider.create(channel);
}
