import { isTokenizerEncoding, Tokenizer, TokenizerEncoding } from './types';

/*
 * Lazy loading of the encoders (gpt-tokenizer; the choice is argued in
 * ./README.md). Each encoding's rank table is 1-2.4 MB of JavaScript, so
 * nothing in this package imports one statically: the browser fetches it the
 * first time a budget needs it, as a chunk of its own.
 *
 * How the one `import()` below works everywhere:
 * - Browser (rspack/webpack): `import('gpt-tokenizer/encoding/…')` is a split
 *   point, so each encoding lands in its own chunk outside the entity page's
 *   first chunk. A `require()` would not be split, even inside a
 *   `Promise.resolve().then(...)`: the bundler inlines it into the caller's
 *   chunk, so this file never calls `require` itself.
 * - Node (the backend, `backstage-cli package start` and built dist): a
 *   native dynamic import, which loads CommonJS and ESM alike.
 * - Jest, frontend and common packages: SWC rewrites `import()` into
 *   `Promise.resolve().then(() => require(...))`, which Jest serves.
 * - Jest, backend packages: Backstage's Jest config keeps `import()` native
 *   for Node roles (SWC `ignoreDynamic`), and Jest's VM sandbox rejects it
 *   with ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG unless Node runs with
 *   --experimental-vm-modules. Then, and only where Node is underneath, we
 *   load the same module with Node's own `require` (through
 *   `process.getBuiltinModule`, Node >= 20.16), which no bundler sees.
 */

/** The part of a gpt-tokenizer encoding module this package uses. */
interface EncodingModule {
  countTokens(
    input: string,
    options?: { disallowedSpecial?: Set<string> },
  ): number;
}

/** Loads one encoding module; a table so tests can stand in for the imports. */
export type EncodingImporters = Record<
  TokenizerEncoding,
  () => Promise<EncodingModule>
>;

const MODULE_SPECIFIERS: Record<TokenizerEncoding, string> = {
  cl100k_base: 'gpt-tokenizer/encoding/cl100k_base',
  o200k_base: 'gpt-tokenizer/encoding/o200k_base',
};

// The specifiers must be string literals here for the bundler to split them.
const dynamicImporters: EncodingImporters = {
  cl100k_base: () =>
    import(
      /* webpackChunkName: "tokenizer-cl100k_base" */ 'gpt-tokenizer/encoding/cl100k_base'
    ),
  o200k_base: () =>
    import(
      /* webpackChunkName: "tokenizer-o200k_base" */ 'gpt-tokenizer/encoding/o200k_base'
    ),
};

/** Thrown when a tokenizer cannot be loaded. @public */
export class TokenizerLoadError extends Error {
  readonly encoding: string;

  constructor(
    encoding: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TokenizerLoadError';
    this.encoding = encoding;
  }
}

type NodeModuleBuiltin = {
  createRequire(path: string): (id: string) => unknown;
};

/** Node's `require`, reached without a `require` token a bundler would follow. */
function nodeRequire(): ((id: string) => unknown) | undefined {
  const nodeProcess = (
    globalThis as {
      process?: { getBuiltinModule?: (id: string) => unknown; cwd(): string };
    }
  ).process;
  const moduleBuiltin = nodeProcess?.getBuiltinModule?.('node:module') as
    | NodeModuleBuiltin
    | undefined;
  // Resolved from the working directory (Jest runs in the repo, whose
  // node_modules holds gpt-tokenizer); `__filename` would make bundlers warn.
  return moduleBuiltin?.createRequire(`${nodeProcess!.cwd()}/`);
}

/** Imports an encoding module, falling back to Node's require in Jest's VM. */
export async function importEncodingModule(
  encoding: TokenizerEncoding,
  importers: EncodingImporters = dynamicImporters,
): Promise<EncodingModule> {
  try {
    return await importers[encoding]();
  } catch (importError) {
    const requireInNode = nodeRequire();
    if (!requireInNode) {
      throw new TokenizerLoadError(
        encoding,
        `Could not load the ${encoding} tokenizer: ${String(importError)}`,
        { cause: importError },
      );
    }
    try {
      return requireInNode(MODULE_SPECIFIERS[encoding]) as EncodingModule;
    } catch (requireError) {
      throw new TokenizerLoadError(
        encoding,
        `Could not load the ${encoding} tokenizer: ${String(
          importError,
        )}; ${String(requireError)}`,
        { cause: importError },
      );
    }
  }
}

// Special-token strings in a prompt are plain text to the model's API.
const NO_SPECIAL_TOKENS = { disallowedSpecial: new Set<string>() };

function toTokenizer(
  encoding: TokenizerEncoding,
  module: EncodingModule,
): Tokenizer {
  return {
    encoding,
    countTokens: text =>
      text === '' ? 0 : module.countTokens(text, NO_SPECIAL_TOKENS),
  };
}

const loading = new Map<TokenizerEncoding, Promise<Tokenizer>>();
const ready = new Map<TokenizerEncoding, Tokenizer>();

/**
 * Loads the tokenizer of an encoding, once: later calls return the same
 * promise. In the browser the encoding arrives as a separate chunk on first
 * use. A failed load is forgotten so that a later call retries.
 *
 * @throws TokenizerLoadError for an encoding this package does not know, or
 *   when the module cannot be loaded.
 * @public
 */
export function loadTokenizer(encoding: TokenizerEncoding): Promise<Tokenizer> {
  if (!isTokenizerEncoding(encoding)) {
    return Promise.reject(
      new TokenizerLoadError(
        encoding,
        `Unsupported tokenizer "${encoding}": use cl100k_base or o200k_base.`,
      ),
    );
  }
  let tokenizer = loading.get(encoding);
  if (!tokenizer) {
    tokenizer = importEncodingModule(encoding).then(module => {
      const loadedTokenizer = toTokenizer(encoding, module);
      ready.set(encoding, loadedTokenizer);
      return loadedTokenizer;
    });
    loading.set(encoding, tokenizer);
    tokenizer.catch(() => loading.delete(encoding));
  }
  return tokenizer;
}

/**
 * The tokenizer of an encoding if {@link loadTokenizer} has finished loading
 * it, for synchronous callers such as a render function; undefined before.
 *
 * @public
 */
export function getLoadedTokenizer(
  encoding: TokenizerEncoding,
): Tokenizer | undefined {
  return ready.get(encoding);
}
