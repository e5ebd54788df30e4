// Reads git's `--raw -z` output as it streams in: `git log --raw -z --format=%H%x20%aI` (commit headers followed by
// their changes) and `git diff-index --cached --raw -z` (changes only). Each change is
// `:<src modes> <dst mode> <src ids> <dst id> <status>\0<path>\0`, with one colon per parent (a merge's combined
// diff has several). Paths are bytes, NUL-terminated (never quoted with -z). One pass, each byte looked at once;
// a token longer than any real path or header is refused.

export interface RawCommit {
  /** Full commit id. */
  readonly id: string;
  /** Author date, strict ISO 8601 (`%aI`). */
  readonly authorDate: string;
}

export interface RawChange {
  /** The commit the change belongs to (undefined for `diff-index`). */
  readonly commit: RawCommit | undefined;
  /** The resulting object id (all zeros for a deletion). */
  readonly blob: string;
  /** The resulting mode, octal text (`100644`, `100755`, `120000` link, `160000` submodule, `000000` deleted). */
  readonly mode: string;
  /** Status letters (`A`, `M`, `T`, `D`…; one per parent in a combined diff). */
  readonly status: string;
  readonly path: string;
}

export class RawDiffError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RawDiffError';
  }
}

/** Longest token accepted: a header, a change line (two 64-hex ids per parent), or a path. */
export const MAX_RAW_TOKEN = 64 * 1024;
const HEX_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const ZERO_ID = /^0+$/;

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/** Whether a change leaves a regular file's content (not a deletion, a symbolic link or a submodule). */
export function isNewFileContent(change: RawChange): boolean {
  return (change.mode === '100644' || change.mode === '100755' || change.mode === '100664') && !ZERO_ID.test(change.blob);
}

export class RawDiffParser {
  private parts: Uint8Array[] = [];
  private partLength = 0;
  private commit: RawCommit | undefined;
  private pending: Omit<RawChange, 'path'> | undefined;
  commits = 0;

  constructor(private readonly onChange: (change: RawChange) => void, private readonly onCommit: (commit: RawCommit) => void = () => undefined) {}

  push(chunk: Uint8Array): void {
    let from = 0;
    for (let nul = chunk.indexOf(0, from); nul >= 0; nul = chunk.indexOf(0, from)) {
      if (this.parts.length === 0) {
        if (nul - from > MAX_RAW_TOKEN) throw new RawDiffError('unexpected git output (a field without a terminator)');
        this.token(chunk.subarray(from, nul));
      } else {
        this.take(chunk.subarray(from, nul));
        this.token(this.joined());
      }
      from = nul + 1;
    }
    if (from < chunk.length) this.take(chunk.subarray(from));
  }

  /** Call after the last chunk: output must end between tokens. */
  end(): void {
    const rest = this.joined();
    if (this.pending) throw new RawDiffError('git output ended inside a change (no path)');
    if (rest.length && !(rest.length === 1 && rest[0] === 0x0a)) this.token(rest);
  }

  private take(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.partLength += bytes.length;
    if (this.partLength > MAX_RAW_TOKEN) throw new RawDiffError('unexpected git output (a field without a terminator)');
    this.parts.push(bytes.slice());
  }

  private joined(): Uint8Array {
    const parts = this.parts;
    this.parts = [];
    const length = this.partLength;
    this.partLength = 0;
    if (parts.length === 1) return parts[0]!;
    const out = new Uint8Array(length);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  private token(bytes: Uint8Array): void {
    if (this.pending) {
      this.onChange({ ...this.pending, path: utf8.decode(bytes) });
      this.pending = undefined;
      return;
    }
    let start = 0;
    while (start < bytes.length && bytes[start] === 0x0a) start++; // the blank line between a header and its changes
    if (start === bytes.length) return;
    const text = latin1.decode(bytes.subarray(start));
    if (text.startsWith(':')) this.pending = this.change(text);
    else this.header(text);
  }

  private change(text: string): Omit<RawChange, 'path'> {
    let parents = 0;
    while (text[parents] === ':') parents++;
    const fields = text.slice(parents).split(' ');
    if (fields.length !== 2 * (parents + 1) + 1) throw new RawDiffError(`unexpected git change line (${fields.length} fields)`);
    const mode = fields[parents]!;
    const blob = fields[2 * parents + 1]!;
    if (!/^[0-7]{6}$/.test(mode) || !HEX_ID.test(blob)) throw new RawDiffError('unexpected git change line');
    return { commit: this.commit, blob, mode, status: fields[2 * parents + 2]! };
  }

  private header(text: string): void {
    const space = text.indexOf(' ');
    const id = text.slice(0, space);
    if (space < 0 || !HEX_ID.test(id)) throw new RawDiffError('unexpected git log header');
    this.commit = { id, authorDate: text.slice(space + 1).trim() };
    this.commits++;
    this.onCommit(this.commit);
  }
}
