/*
 * The fallback when a model's tokenizer is unknown. `ceil(length / 4)` (what
 * the gateway itself uses) is off by 2-4x on code, non-Latin scripts and
 * emoji, so this mimics what BPE tokenizers do instead: split the text the
 * way cl100k_base's pre-tokenizer does, then price each piece by its kind.
 * On the test corpus (tokens/__fixtures__/corpus.ts) it is within about a
 * quarter of cl100k_base's count for the median text, and errs high for
 * o200k_base, whose vocabulary is larger (estimateTokens.test.ts pins this).
 */

/** The budget's `tokenizer` when the model is unknown and {@link estimateTokens} counted. @public */
export const ESTIMATE_TOKENIZER = 'estimate';

// cl100k_base's pre-tokenizer pattern, without the contraction branch.
const PIECES =
  /[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/gu;

const WHITESPACE_ONLY = /^\s+$/;
const DIGITS_ONLY = /^\p{N}+$/u;
const HAS_LETTER = /\p{L}/u;

/** ASCII letters per token inside a word: common English words are one token. */
const ASCII_LETTERS_PER_TOKEN = 6;
/** ASCII punctuation per token: operators and brackets rarely merge far. */
const ASCII_PUNCTUATION_PER_TOKEN = 2;
/** UTF-8 bytes per token for other characters below U+10000 (CJK, Cyrillic, ...). */
const UTF8_BYTES_PER_TOKEN = 2.5;
/** Tokens per character above U+FFFF (emoji, flags): byte-level fallbacks. */
const TOKENS_PER_ASTRAL_CHARACTER = 2;
/** Whitespace characters per token: runs are split into a few long tokens. */
const WHITESPACE_PER_TOKEN = 8;

function pieceTokens(piece: string): number {
  if (WHITESPACE_ONLY.test(piece)) {
    return Math.ceil(piece.length / WHITESPACE_PER_TOKEN);
  }
  if (DIGITS_ONLY.test(piece)) return 1; // at most three digits per piece
  let ascii = 0;
  let utf8Bytes = 0;
  let astral = 0;
  for (let i = 0; i < piece.length; i++) {
    const code = piece.charCodeAt(i);
    if (code < 0x80) {
      ascii++;
    } else if (code >= 0xd800 && code < 0xdc00) {
      astral++;
      i++; // the low surrogate
    } else {
      utf8Bytes += code < 0x800 ? 2 : 3;
    }
  }
  const perAscii = HAS_LETTER.test(piece)
    ? ASCII_LETTERS_PER_TOKEN
    : ASCII_PUNCTUATION_PER_TOKEN;
  return Math.max(
    1,
    Math.ceil(
      ascii / perAscii +
        utf8Bytes / UTF8_BYTES_PER_TOKEN +
        astral * TOKENS_PER_ASTRAL_CHARACTER,
    ),
  );
}

/**
 * Estimates the tokens of a text without a tokenizer: the text is split like
 * cl100k_base's pre-tokenizer, and each piece costs `ceil(ASCII letters / 6 +
 * other UTF-8 bytes / 2.5 + 2 per emoji-plane character)` (ASCII punctuation
 * at 2 per token, a digit group or a word at least 1, whitespace 8 per
 * token). Used for models whose tokenizer is unknown, and flagged as an
 * estimate wherever it is used.
 *
 * @public
 */
export function estimateTokens(text: string): number {
  let total = 0;
  for (const match of text.matchAll(PIECES)) {
    total += pieceTokens(match[0]);
  }
  return total;
}
