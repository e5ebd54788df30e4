import { whyUnreadable } from '../accountEvidence';
import { sendsDataPlaneLogs } from '../diagnosticLogging';
import { definePostureRule } from './postureRule';

export const diagnosticLogsRule = definePostureRule<'no-diagnostic-logs'>({
  id: 'no-diagnostic-logs',
  title: 'No Data-Plane Request Logs',
  description: 'No diagnostic setting sends the account\'s DataPlaneRequests log (or the audit category group) anywhere, so nobody can ever tell which key or identity made a request.',
  defaultSeverity: 'medium',
  defaultEnabled: true,
  referenceUrl: 'https://learn.microsoft.com/azure/cosmos-db/monitor-resource-logs',
  remediation: 'Add a diagnostic setting (Monitoring → Diagnostic settings) that sends the DataPlaneRequests category, or the audit category group, ' +
    'to a Log Analytics workspace in resource-specific mode; the CDBDataPlaneRequests table then shows the key type or Microsoft Entra principal ' +
    'of every request. Logs start when the setting is created.',
}, (snapshot) => {
  const evidence = snapshot.diagnosticSettings;
  if (evidence?.status !== 'read') return undefined;
  if (evidence.settings.some(sendsDataPlaneLogs)) return undefined;
  const names = evidence.settings.map((s) => s.name);
  return {
    message: names.length === 0
      ? 'The account has no diagnostic setting: its data-plane requests (and the keys they used) are not logged anywhere.'
      : `None of the account's diagnostic settings (${names.join(', ')}) sends DataPlaneRequests or the audit category group anywhere.`,
    detail: { settings: names },
  };
}, (snapshot) => (snapshot.diagnosticSettings?.status === 'unreadable' ? whyUnreadable(snapshot.diagnosticSettings) : undefined));
