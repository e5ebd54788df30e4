import { type LineIndex } from './lineIndex';
import { detectionWork } from './workCounter';

// The sections of a Markdown document: for any line, the headings it sits under, nearest first (`## Cosmos DB`
// above a fenced block that holds a key says whose key it is, as a block's header does in JSON or YAML). ATX
// headings (`#` to `######`) and setext headings (a line of `=` or `-` under a line of text); lines inside fenced
// code blocks are never headings (a shell comment `# storage` in a ```sh block is not a section). One pass over the
// lines, computed once per file.

const ATX = /^ {0,3}(#{1,6})[ \t]+(\S.{0,200})/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*\r?$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** Longest line read as a heading (a minified line is not one). */
const MAX_HEADING_LINE = 300;

export class MarkdownSections {
  /** For each line: the line of the nearest heading at or above it, or -1. */
  private readonly heading: Int32Array;
  /** For each heading line: the line of the nearest heading of a higher level above it, or -1. */
  private readonly parent = new Map<number, number>();

  constructor(private readonly text: string, private readonly lines: LineIndex) {
    const n = lines.count;
    this.heading = new Int32Array(n).fill(-1);
    const open: number[] = []; // open[level - 1]: the line of the last heading of that level still in force
    let fence = '';
    let current = -1;
    for (let i = 0; i < n; i++) {
      const start = lines.startOfLine(i);
      const end = lines.endOfLine(i);
      const line = end - start <= MAX_HEADING_LINE ? text.slice(start, end) : '';
      detectionWork.steps += line.length;
      const fenceMark = FENCE.exec(line)?.[1];
      if (fence) {
        if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length && line.trim() === fenceMark) fence = '';
      } else if (fenceMark) {
        fence = fenceMark;
      } else {
        let level = ATX.exec(line)?.[1]?.length ?? 0;
        let at = i;
        if (!level && i > 0 && current !== i - 1) {
          const underline = SETEXT.exec(line)?.[1];
          const above = underline ? this.lineText(i - 1).trim() : '';
          if (above !== '' && !FENCE.test(above) && !ATX.test(above) && !SETEXT.test(above)) { level = underline![0] === '=' ? 1 : 2; at = i - 1; }
        }
        if (level) {
          open.length = Math.min(open.length, level - 1);
          let parent = -1;
          for (let l = open.length - 1; l >= 0 && parent < 0; l--) parent = open[l] ?? -1;
          this.parent.set(at, parent);
          while (open.length < level - 1) open.push(-1);
          open.push(at);
          current = at;
          if (at < i) this.heading[at] = at;
        }
      }
      this.heading[i] = current;
    }
  }

  /** The text of the headings above the line holding `offset`, nearest first (at most six). */
  headingsAt(offset: number): string[] {
    const out: string[] = [];
    for (let h = this.heading[this.lines.lineNumberAt(offset)]!; h >= 0 && out.length < 6; h = this.parent.get(h) ?? -1) {
      out.push(this.lineText(h).replace(/^ {0,3}#{1,6}[ \t]+/, '').trim());
    }
    return out;
  }

  private lineText(line: number): string {
    const start = this.lines.startOfLine(line);
    return this.text.slice(start, Math.min(this.lines.endOfLine(line), start + MAX_HEADING_LINE));
  }
}

/**
 * True for the names of documents whose headings make sections: Markdown, and reStructuredText (its headings
 * underlined with `=` or `-` are read).
 */
export const hasSectionHeadings = (file: string): boolean => /\.(?:md|markdown|mdx|mdown|mkd|rst)$/i.test(file);
