import { get_encoding, Tiktoken } from 'tiktoken';
import { TOKEN_CORPUS } from './__fixtures__/corpus';
import { loadTokenizer } from './loadTokenizer';
import { Tokenizer, TOKENIZER_ENCODINGS } from './types';

/*
 * The reference is OpenAI's tiktoken (Rust, compiled to WASM), used in tests
 * only. encode_ordinary treats special-token strings as text, as our
 * tokenizer does.
 */
describe.each(TOKENIZER_ENCODINGS.map(encoding => [encoding]))(
  'token counts equal tiktoken for %s',
  encoding => {
    let reference: Tiktoken;
    let tokenizer: Tokenizer;

    beforeAll(async () => {
      reference = get_encoding(encoding);
      tokenizer = await loadTokenizer(encoding);
    });

    afterAll(() => reference.free());

    it.each(TOKEN_CORPUS.map(entry => [entry.id, entry.text]))(
      '%s',
      (_id, text) => {
        expect(tokenizer.countTokens(text)).toBe(
          reference.encode_ordinary(text).length,
        );
      },
    );

    it('counts the whole corpus as one text exactly too', () => {
      const all = TOKEN_CORPUS.map(entry => entry.text).join('\n');
      expect(tokenizer.countTokens(all)).toBe(
        reference.encode_ordinary(all).length,
      );
    });
  },
);

describe('the corpus', () => {
  it('has at least 50 texts covering every category and script the issue names', () => {
    expect(TOKEN_CORPUS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(TOKEN_CORPUS.map(entry => entry.id)).size).toBe(
      TOKEN_CORPUS.length,
    );
    const ids = TOKEN_CORPUS.map(entry => entry.id).join(' ');
    for (const prefix of [
      'en-',
      'zh-',
      'ja-',
      'ar-',
      'hi-',
      'ru-',
      'ko-',
      'emoji-zwj',
      'emoji-flags',
      'code-',
      'json-',
      'ws-',
      'mixed-',
    ]) {
      expect(ids).toContain(prefix);
    }
  });
});
