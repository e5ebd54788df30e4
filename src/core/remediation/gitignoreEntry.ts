import { IgnoreScope } from '../scan';

/** Whether a root `.gitignore` holding `gitignoreText` (undefined: none) already ignores the root file `name`. */
export function isIgnoredByGitignore(gitignoreText: string | undefined, name: string): boolean {
  return gitignoreText !== undefined && IgnoreScope.empty().withRules('', gitignoreText).isIgnored(name, false);
}
