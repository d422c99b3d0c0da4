import {
  EncodingImporters,
  getLoadedTokenizer,
  importEncodingModule,
  loadTokenizer,
  TokenizerLoadError,
} from './loadTokenizer';
import { TokenizerEncoding } from './types';

describe('loadTokenizer', () => {
  it('loads an encoding once and hands out the same tokenizer', async () => {
    const first = loadTokenizer('cl100k_base');
    const second = loadTokenizer('cl100k_base');
    expect(second).toBe(first);
    const tokenizer = await first;
    expect(tokenizer.encoding).toBe('cl100k_base');
    expect(getLoadedTokenizer('cl100k_base')).toBe(tokenizer);
  });

  it('offers a tokenizer synchronously only once it has loaded', async () => {
    expect(getLoadedTokenizer('o200k_base')).toBeUndefined();
    const loading = loadTokenizer('o200k_base');
    expect(getLoadedTokenizer('o200k_base')).toBeUndefined();
    await loading;
    expect(getLoadedTokenizer('o200k_base')).toBe(await loading);
  });

  it('counts special-token strings as ordinary text, and the empty string as 0', async () => {
    const tokenizer = await loadTokenizer('o200k_base');
    expect(tokenizer.countTokens('<|endoftext|>')).toBeGreaterThan(1);
    expect(tokenizer.countTokens('')).toBe(0);
    expect(tokenizer.countTokens('hello world')).toBe(2);
  });

  it('rejects an encoding it does not know with a typed error', async () => {
    const loading = loadTokenizer('p50k_base' as TokenizerEncoding);
    await expect(loading).rejects.toBeInstanceOf(TokenizerLoadError);
    await expect(loading).rejects.toMatchObject({ encoding: 'p50k_base' });
  });
});

describe('importEncodingModule', () => {
  const failingImport = (): EncodingImporters => {
    // What Jest's VM answers for a native import() in a backend package.
    const error = Object.assign(
      new TypeError(
        'A dynamic import callback was invoked without --experimental-vm-modules',
      ),
      { code: 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG' },
    );
    return {
      cl100k_base: () => Promise.reject(error),
      o200k_base: () => Promise.reject(error),
    };
  };

  it('uses the import() it is given when that works', async () => {
    const module = { countTokens: () => 42 };
    const loaded = await importEncodingModule('cl100k_base', {
      cl100k_base: async () => module,
      o200k_base: async () => module,
    });
    expect(loaded).toBe(module);
  });

  it("falls back to Node's require when import() is refused", async () => {
    const loaded = await importEncodingModule('o200k_base', failingImport());
    expect(loaded.countTokens('hello world')).toBe(2);
  });

  it('fails with a typed error when neither way is available', async () => {
    const process = globalThis.process;
    const getBuiltinModule = process.getBuiltinModule;
    // As in a browser: no Node underneath to fall back to.
    Object.defineProperty(process, 'getBuiltinModule', {
      value: undefined,
      configurable: true,
    });
    try {
      await expect(
        importEncodingModule('o200k_base', failingImport()),
      ).rejects.toBeInstanceOf(TokenizerLoadError);
    } finally {
      Object.defineProperty(process, 'getBuiltinModule', {
        value: getBuiltinModule,
        configurable: true,
      });
    }
  });
});
