/** Converts 0-based offsets to 1-based line/column (UTF-16 code units, as VS Code and SARIF count them). */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      let i = this.text.indexOf('\n');
      while (i !== -1) {
        starts.push(i + 1);
        i = this.text.indexOf('\n', i + 1);
      }
      this.starts = starts;
    }
    return this.starts;
  }

  /** Number of lines (a text without a newline has one). */
  get count(): number {
    return this.lineStarts().length;
  }

  /** Offset of the first character of the 0-based line `index`. */
  startOfLine(index: number): number {
    return this.lineStarts()[index]!;
  }

  /** Offset just past the last character of the 0-based line `index` (before its `\n`). */
  endOfLine(index: number): number {
    const starts = this.lineStarts();
    return index + 1 < starts.length ? starts[index + 1]! - 1 : this.text.length;
  }

  /** The 0-based line holding `offset` (O(log n)). */
  lineNumberAt(offset: number): number {
    const starts = this.lineStarts();
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): { line: number; column: number } {
    const lo = this.lineNumberAt(offset);
    return { line: lo + 1, column: offset - this.lineStarts()[lo]! + 1 };
  }

  /** Offset of the first character of the line holding `offset` (O(log n), unlike `lastIndexOf`). */
  lineStart(offset: number): number {
    return this.lineStarts()[this.lineNumberAt(offset)]!;
  }

  /** Offset of the line break ending the line holding `offset` (or the text length). */
  lineEnd(offset: number): number {
    const starts = this.lineStarts();
    const next = this.lineNumberAt(offset) + 1;
    return next < starts.length ? starts[next]! - 1 : this.text.length;
  }
}
