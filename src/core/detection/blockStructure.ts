import { type LineIndex } from './lineIndex';
import { detectionWork } from './workCounter';

// The block structure of a file by indentation (pretty JSON, YAML, HCL, TOML/INI sections), computed once per file
// in one pass over its lines, so that a key can be attributed to the block it sits in: the headers of the blocks
// that enclose it (`"CosmosDb": {`, `resource "azurerm_storage_account" "x" {`, `[cosmos]`), and their members
// that say what the block is — a `type`/`kind` (`"type": "azurerm_storage_account"`, `"kind": "GlobalDocumentDB"`),
// an endpoint host, a `name`/`id`/`key` (a Key Vault secret named `cosmos-primary-key`). Also the tables printed by
// command-line tools (`az … -o table`): a header line, a line of dashes, rows.

const MAX_MEMBERS_PER_BLOCK = 8;
/** Longest line whose members are read (minified files have one huge line; its structure is not indentation). */
const MAX_MEMBER_LINE = 4096;
const MAX_DEPTH = 24;

const SECTION = /^\[[^\]\n]{1,100}\]\s*$/;
/**
 * The timestamp a log writer puts before every line (GitHub Actions' and Azure Pipelines' raw logs, `kubectl logs
 * --timestamps`, `docker logs -t`): not indentation. A JSON document printed by a step keeps its shape after it.
 */
const LOG_TIMESTAMP = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)? /y;
/** A member's key at the start of a line: `"type":`, `type:`, `kind =`, `- name:`. */
const MEMBER_KEY = /(?:-\s+)?["']?([$\w.-]{1,64})["']?\s*[:=]/y;
const TYPE_KEY = /^(?:\w+_)?(?:type|kind)$|^resource_?type$/i;
// `key` names the value beside it in key/value lists: Postman's and Insomnia's environments (`{"key": "storageKey",
// "value": "…"}`), Consul's and etcd's exports.
const NAME_KEY = /^(?:name|id|key|secret_?name|key_?name|kid|display_?name|title|label)$/i;
/** A member holding an endpoint (any scheme or a bare host with a dot-separated domain). */
const HOST_HINT = /:\/\/|\.(?:azure|windows|net|com|cn|us|de|io)\b/i;
const DASH_ROW = /^-{2,}(?:[ \t]+-{2,})*\s*$/;

export type MemberKind = 'type' | 'name' | 'host';

/** The file's top level, as a block. */
export const ROOT_BLOCK = -1;

export class BlockStructure {
  private readonly parent: Int32Array;
  private readonly members = new Map<number, { kind: MemberKind; line: number }[]>();
  /** For a line in a table's body: the line of dashes above it; otherwise -1. */
  private readonly tableRule: Int32Array;

  constructor(private readonly text: string, private readonly lines: LineIndex) {
    const n = lines.count;
    this.parent = new Int32Array(n).fill(-1);
    this.tableRule = new Int32Array(n).fill(-1);
    const stack: { line: number; indent: number }[] = [];
    let section = -1;
    let rule = -1; // the dash line of the table whose rows follow
    for (let i = 0; i < n; i++) {
      let start = lines.startOfLine(i);
      const end = lines.endOfLine(i);
      LOG_TIMESTAMP.lastIndex = start;
      if (LOG_TIMESTAMP.test(text)) start = LOG_TIMESTAMP.lastIndex;
      let p = start;
      while (p < end && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
      if (p >= end || (p === end - 1 && text.charCodeAt(p) === 13)) { rule = -1; continue; } // blank
      detectionWork.steps += end - start;
      const indent = p - start;
      const short = end - start <= MAX_MEMBER_LINE;
      const lineText = short ? text.slice(start, end) : '';
      if (short && i > 0 && DASH_ROW.test(lineText) && lineText.split('-').length > 4) { rule = i; continue; }
      if (rule >= 0) this.tableRule[i] = rule;
      if (indent === 0 && short && SECTION.test(lineText)) { section = i; stack.length = 0; continue; }
      while (stack.length && stack[stack.length - 1]!.indent >= indent) stack.pop();
      const parentLine = stack.length ? stack[stack.length - 1]!.line : section;
      this.parent[i] = parentLine;
      stack.push({ line: i, indent });
      if (short) this.recordMember(i, p, parentLine);
    }
  }

  private recordMember(line: number, contentStart: number, parentLine: number): void {
    const c = this.text.charCodeAt(contentStart);
    if (c === 125 || c === 93 || c === 41) return; // } ] ): closing lines
    MEMBER_KEY.lastIndex = contentStart;
    const key = MEMBER_KEY.exec(this.text)?.[1];
    const kinds: MemberKind[] = [];
    if (key && TYPE_KEY.test(key)) kinds.push('type');
    else if (key && NAME_KEY.test(key)) kinds.push('name');
    if (HOST_HINT.test(this.text.slice(contentStart, this.lines.endOfLine(line)))) kinds.push('host');
    for (const kind of kinds) {
      this.addMember(parentLine, kind, line);
      // Kubernetes objects name themselves in `metadata: { name: … }`: a member of the object, too.
      if (kind === 'name' && parentLine >= 0 && this.lineText(parentLine).trim().replace(/["':{\s]/g, '') === 'metadata' && this.parent[parentLine]! >= 0) {
        this.addMember(this.parent[parentLine]!, kind, line);
      }
    }
  }

  private addMember(block: number, kind: MemberKind, line: number): void {
    let list = this.members.get(block);
    if (!list) this.members.set(block, (list = []));
    if (list.length < MAX_MEMBERS_PER_BLOCK * 3 && list.filter((m) => m.kind === kind).length < MAX_MEMBERS_PER_BLOCK) list.push({ kind, line });
  }

  /** The text of the 0-based line (at most MAX_MEMBER_LINE characters); '' for the file's root. */
  lineText(line: number): string {
    if (line < 0) return '';
    const start = this.lines.startOfLine(line);
    return this.text.slice(start, Math.min(this.lines.endOfLine(line), start + MAX_MEMBER_LINE));
  }

  /**
   * The lines of the blocks enclosing the line holding `offset`, nearest first (TOML/INI sections included), then
   * ROOT_BLOCK: the file's top level, whose members are the unindented lines (a YAML document's own keys).
   */
  ancestors(offset: number): number[] {
    const out: number[] = [];
    for (let l = this.parent[this.lines.lineNumberAt(offset)]!; l >= 0 && out.length < MAX_DEPTH; l = this.parent[l]!) out.push(l);
    out.push(ROOT_BLOCK);
    return out;
  }

  /** The lines of `block`'s direct members of one kind (at most a few). */
  membersOf(block: number, kind: MemberKind): number[] {
    return (this.members.get(block) ?? []).filter((m) => m.kind === kind).map((m) => m.line);
  }

  /**
   * When the line holding `offset` is a row of a table printed by a command-line tool, the header of the column
   * the offset is in and the whole header line.
   */
  tableColumn(offset: number): { cell: string; header: string } | undefined {
    const line = this.lines.lineNumberAt(offset);
    const rule = this.tableRule[line]!;
    if (rule < 1) return undefined;
    const dashes = this.lineText(rule);
    detectionWork.steps += dashes.length;
    const header = this.lineText(rule - 1);
    const column = offset - this.lines.startOfLine(line);
    // The run of dashes under which the value starts (tools left-align cells with their header).
    let runStart = -1;
    for (let i = 0; i <= dashes.length; i++) {
      const dash = dashes.charCodeAt(i) === 45;
      if (dash && runStart < 0) runStart = i;
      if (!dash && runStart >= 0) {
        if (column >= runStart && column < i) return { cell: header.slice(runStart, i), header };
        runStart = -1;
      }
    }
    return undefined;
  }
}
