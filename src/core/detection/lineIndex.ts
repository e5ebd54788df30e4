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

  position(offset: number): { line: number; column: number } {
    const starts = this.lineStarts();
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }
}
