// Text-edit helpers shared by the rewrites: a new line after a statement (with the file's line breaks and the
// statement's indentation), the endpoint a literal connection string names, and the endpoint setting next to a
// connection-string setting the code reads.
import { type TextEdit } from '../remediation/textEdit';
import { type CodeView } from './codeView';
import { type Span } from './codeSyntax';
import { literalText } from './valueShape';

/** An insertion of `line` on a new line after the line holding `offset`, indented like that line. */
export function lineAfter(source: string, offset: number, line: string): TextEdit {
  const nl = source.indexOf('\n', offset);
  const crlf = nl > 0 && source.charCodeAt(nl - 1) === 13;
  const at = nl < 0 ? source.length : crlf ? nl - 1 : nl;
  const eol = crlf || (nl < 0 && source.includes('\r\n')) ? '\r\n' : '\n';
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  const indent = /^[ \t]*/.exec(source.slice(lineStart, Math.min(source.length, lineStart + 200)))![0];
  return { start: at, end: at, text: `${eol}${indent}${line}` };
}

/**
 * The `AccountEndpoint` of a connection string written as one string literal, as a literal of the same quote
 * (or undefined: not a plain literal, no https endpoint, or characters that would need escaping).
 */
export function endpointLiteral(view: CodeView, literal: Span, quote: '"' | "'" | 'same'): string | undefined {
  const raw = view.source.slice(literal.start, literal.end);
  // Interpolated (`${…}`, `$"{…}"`, `f"{…}"`): the endpoint may not be what it seems.
  if (raw.includes('${') || (/^(?:@?\$|[rRbB]?[fF])/.test(raw) && raw.includes('{'))) return undefined;
  const m = /(?:^|;)\s*AccountEndpoint\s*=\s*(https:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?\/?)\s*(?:;|$)/i.exec(literalText(view, literal));
  if (!m) return undefined;
  const opening = raw.replace(/^[rRbBuUfF]+/, '')[0];
  const q = quote === 'same' ? (opening === "'" ? "'" : '"') : quote;
  return `${q}${m[1]!}${q}`;
}

const CONNECTION_WORD = /connection[_-]?string|connstr|conn_str|connstring/i;

function endpointSpellings(word: string): string[] {
  if (word === word.toUpperCase()) return ['ENDPOINT', 'ACCOUNT_ENDPOINT', 'URI', 'URL'];
  if (/[_-]/.test(word)) return ['endpoint', 'account_endpoint', 'uri', 'url'].map((w) => (word.includes('-') ? w.replace('_', '-') : w));
  if (/^[A-Z]/.test(word)) return ['Endpoint', 'AccountEndpoint', 'Uri', 'Url'];
  return ['endpoint', 'accountEndpoint', 'uri', 'url'];
}

/** How far from the construction a sibling endpoint read is looked for. */
const SIBLING_WINDOW = 32 * 1024;

/**
 * When the connection string is read from configuration by a name (`process.env.COSMOS_CONNECTION_STRING`,
 * `os.environ["COSMOS_CONNECTION_STRING"]`, `config["CosmosDb:ConnectionString"]`) and the same file reads the
 * endpoint the same way under the sibling name (`…COSMOS_ENDPOINT…`), that read — the endpoint setting is then
 * obviously there. Otherwise undefined.
 */
export function siblingEndpointRead(view: CodeView, expression: Span, construction: Span): string | undefined {
  const text = view.source.slice(expression.start, expression.end);
  if (text.length > 300 || text.includes('\n')) return undefined;
  const m = CONNECTION_WORD.exec(text);
  if (!m) return undefined;
  const from = Math.max(0, construction.start - SIBLING_WINDOW);
  const window = view.source.slice(from, Math.min(view.source.length, construction.end + SIBLING_WINDOW));
  for (const spelling of endpointSpellings(m[0])) {
    const candidate = text.slice(0, m.index) + spelling + text.slice(m.index + m[0].length);
    for (let at = window.indexOf(candidate), tries = 0; at >= 0 && tries < 32; at = window.indexOf(candidate, at + 1), tries++) {
      const pos = from + at;
      // A read in code, outside the construction itself (not in a comment: the view keeps code characters as they are).
      if (view.code.charCodeAt(pos) === view.source.charCodeAt(pos) && (pos + candidate.length <= construction.start || pos >= construction.end)) {
        return candidate;
      }
    }
  }
  return undefined;
}
