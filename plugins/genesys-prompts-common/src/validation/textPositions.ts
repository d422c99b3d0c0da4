/** A 1-based line and column (UTF-16 code units) in a text. @public */
export interface TextPosition {
  line: number;
  column: number;
}

/**
 * Turns string offsets into 1-based line/column positions. Lines break at
 * `\n`, `\r\n` and a lone `\r`, as editors count them.
 */
export class TextPositions {
  private readonly lineStarts: number[];

  constructor(text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10 /* \n */) {
        starts.push(i + 1);
      } else if (code === 13 /* \r */) {
        // "\r\n" is one break, counted at its "\n".
        if (text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  /** The position of the character at `offset` (0-based). */
  at(offset: number): TextPosition {
    // Binary search: validation of a 100k-character template stays linear.
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low] + 1 };
  }
}
