import { NOTEBOOKS_RETIRED_DATE } from '../chaosDbTimeline';
import { hasChaosDbEraPrimaryKey } from './chaosDbPrimaryKeyRule';
import { definePostureRule } from './postureRule';

export const notebookWorkspaceRule = definePostureRule<'notebook-workspace'>({
  id: 'notebook-workspace',
  title: 'Leftover Notebook Workspace',
  description: 'The account still has a notebook workspace, the Jupyter feature through which ChaosDB exposed primary keys.',
  defaultSeverity: 'medium',
  severityNote: 'High when the primary key may also date from ChaosDB (the chaosdb-primary-key condition holds).',
  defaultEnabled: true,
  referenceUrl: 'https://msrc.microsoft.com/blog/2021/08/update-on-vulnerability-in-the-azure-cosmos-db-jupyter-notebook-feature/',
  remediation: `Delete the workspace; the notebook feature was retired on ${NOTEBOOKS_RETIRED_DATE}, so nothing can use it: ` +
    'az resource delete --ids <account-id>/notebookWorkspaces/default. Then regenerate the primary read-write key if it predates ' +
    'August 2021 ("Cosmos Guard: Rotate Keys Safely…").',
}, (snapshot) => {
  // Only a positive lookup counts: `unknown` (the lookup failed) and `not-checked` are not evidence of a workspace.
  if (snapshot.notebookWorkspace !== 'present') return undefined;
  const chaosDbPrimaryKey = hasChaosDbEraPrimaryKey(snapshot);
  return {
    severity: chaosDbPrimaryKey ? 'high' : 'medium',
    message: `A notebook workspace still exists on the account (the feature behind ChaosDB, retired ${NOTEBOOKS_RETIRED_DATE})` +
      `${chaosDbPrimaryKey ? ' and its primary read-write key may date from ChaosDB' : ''}.`,
    detail: { chaosDbPrimaryKey },
  };
});
