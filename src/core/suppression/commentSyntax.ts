// How to write a suppression comment in a file: its comment syntax, by VS Code language id, then by file name.
import { SUPPRESSION_TOKEN } from './inlineSuppressions';

export interface CommentStyle {
  readonly open: string;
  /** Closer of a block comment (`-->`, `*\/`); none for line comments. */
  readonly close?: string;
}

const SLASHES: CommentStyle = { open: '//' };
const HASH: CommentStyle = { open: '#' };
const DASHES: CommentStyle = { open: '--' };
const SEMICOLON: CommentStyle = { open: ';' };
const MARKUP: CommentStyle = { open: '<!--', close: '-->' };
const BLOCK: CommentStyle = { open: '/*', close: '*/' };

const BY_LANGUAGE: Readonly<Record<string, CommentStyle>> = {
  ...Object.fromEntries(['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'c', 'cpp', 'csharp', 'java', 'go',
    'rust', 'kotlin', 'swift', 'scala', 'dart', 'php', 'jsonc', 'groovy', 'objective-c', 'objective-cpp', 'fsharp', 'bicep',
    'proto3', 'proto', 'solidity', 'zig', 'less', 'scss', 'hlsl', 'cuda-cpp'].map((id) => [id, SLASHES])),
  ...Object.fromEntries(['python', 'shellscript', 'yaml', 'ruby', 'perl', 'perl6', 'raku', 'r', 'dockerfile', 'makefile', 'toml',
    'properties', 'powershell', 'terraform', 'hcl', 'dotenv', 'coffeescript', 'julia', 'elixir', 'nix', 'cmake', 'ignore',
    'github-actions-workflow', 'dockercompose', 'helm', 'nginx', 'tcl', 'awk', 'gitignore', 'editorconfig'].map((id) => [id, HASH])),
  ...Object.fromEntries(['sql', 'lua', 'haskell', 'ada', 'plsql', 'vhdl', 'elm'].map((id) => [id, DASHES])),
  ...Object.fromEntries(['ini', 'clojure', 'lisp', 'scheme', 'racket'].map((id) => [id, SEMICOLON])),
  ...Object.fromEntries(['html', 'xml', 'xsl', 'markdown', 'svg', 'aspnetcorerazor'].map((id) => [id, MARKUP])),
  css: BLOCK,
  bat: { open: 'REM' },
  vb: { open: '\'' },
};

const BY_EXTENSION: Readonly<Record<string, CommentStyle>> = {
  js: SLASHES, mjs: SLASHES, cjs: SLASHES, ts: SLASHES, mts: SLASHES, cts: SLASHES, jsx: SLASHES, tsx: SLASHES, cs: SLASHES,
  java: SLASHES, go: SLASHES, rs: SLASHES, kt: SLASHES, kts: SLASHES, swift: SLASHES, scala: SLASHES, php: SLASHES, bicep: SLASHES,
  jsonc: SLASHES, c: SLASHES, h: SLASHES, cpp: SLASHES, hpp: SLASHES, gradle: SLASHES,
  py: HASH, sh: HASH, bash: HASH, zsh: HASH, yml: HASH, yaml: HASH, rb: HASH, pl: HASH, r: HASH, toml: HASH, properties: HASH,
  ps1: HASH, psm1: HASH, tf: HASH, tfvars: HASH, hcl: HASH, env: HASH, conf: HASH, cfg: HASH,
  sql: DASHES, lua: DASHES, ini: SEMICOLON, html: MARKUP, htm: MARKUP, xml: MARKUP, config: MARKUP, csproj: MARKUP, md: MARKUP,
  css: BLOCK, bat: { open: 'REM' }, cmd: { open: 'REM' }, vb: { open: '\'' },
};

/**
 * The comment syntax for a file, or undefined when it has none (JSON, notebooks, plain text): suppressions for
 * those go into `.cosmosguardignore`.
 */
export function commentStyleFor(languageId: string, path: string): CommentStyle | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  // `.env`, `.env.local`, `prod.env` are dotenv files whatever language a user mapped them to.
  if (/^\.env(\.|$)/.test(name) || /\.env$/.test(name)) return HASH;
  if (languageId === 'json' || languageId === 'jsonl' || languageId === 'jupyter' || (/\.(json|ipynb)$/i.test(name) && languageId !== 'jsonc')) return undefined;
  const byLanguage = BY_LANGUAGE[languageId];
  if (byLanguage) return byLanguage;
  if (/^Dockerfile/i.test(name) || /^Makefile$/i.test(name)) return HASH;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? BY_EXTENSION[name.slice(dot + 1).toLowerCase()] : undefined;
}

/** Why `reason` cannot be written into a comment, or undefined when it can. */
export function validateSuppressionReason(reason: string, style?: CommentStyle): string | undefined {
  const r = reason.trim();
  if (r === '') return 'A reason is required: say why this secret may stay (for example "test fixture, not a real account").';
  if (/[\r\n]/.test(r)) return 'The reason must fit on one line.';
  if (/(?:^|\s)(?:reason|until)=/.test(r)) return 'The reason must not contain "reason=" or "until=".';
  if (style?.close && r.includes(style.close)) return `The reason must not contain "${style.close}".`;
  if (r.includes('-->') || r.includes('*/')) return 'The reason must not contain a comment closer.';
  return undefined;
}

/** The comment text (without indentation or line break) that suppresses `rule` findings on the next line. */
export function formatSuppressionComment(style: CommentStyle, rule: string, reason: string, until?: string): string {
  const body = `${SUPPRESSION_TOKEN} ${rule} reason=${reason.trim()}${until ? ` until=${until}` : ''}`;
  return style.close ? `${style.open} ${body} ${style.close}` : `${style.open} ${body}`;
}
