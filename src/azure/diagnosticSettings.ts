// The diagnostic settings of one account (`{account}/providers/Microsoft.Insights/diagnosticSettings`): where its
// resource logs go, read on demand only (the expanded account, `posture --deep`, the rotation and keyless flows).
import { parseDiagnosticSettings, type DiagnosticSetting } from '../core/posture';
import { type ArmJsonClient } from './armJsonClient';

export const DIAGNOSTIC_SETTINGS_API_VERSION = '2021-05-01-preview';

/** Throws a RestError (403 names Microsoft.Insights/diagnosticSettings/read). */
export async function readDiagnosticSettings(json: ArmJsonClient, accountId: string, signal?: AbortSignal): Promise<DiagnosticSetting[]> {
  const path = accountId.split('/').map((s) => encodeURIComponent(s)).join('/');
  return parseDiagnosticSettings(await json.get(json.url(`${path}/providers/Microsoft.Insights/diagnosticSettings`
    + `?api-version=${DIAGNOSTIC_SETTINGS_API_VERSION}`), signal));
}
