/*
 * Token benchmark (issue 4), in one run:
 * 1. load time of each encoder (first import, so one sample each);
 * 2. throughput of the chosen tokenizer (gpt-tokenizer) and the alternative
 *    (js-tiktoken) on the same corpus, median of several repetitions, plus
 *    OpenAI's tiktoken (WASM; the tests' reference, not shippable) for scale;
 * 3. the time to validate a ~32k-token template: the full validation with
 *    its token budget, median of N runs after warm-up.
 * Prints a table and writes bench/results/tokens.json.
 *
 * Run: npm run bench:tokens  (node with Backstage's TypeScript transform)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createPromptValidationReport,
  loadTokenizer,
  TokenizerEncoding,
  TOKENIZER_ENCODINGS,
  validatePromptDefinition,
} from '../../plugins/genesys-prompts-common/src';
import { TOKEN_CORPUS } from '../../plugins/genesys-prompts-common/src/tokens/__fixtures__/corpus';

const REPETITIONS = 9;
const MIN_REPETITION_MS = 50;
const VALIDATION_WARMUP = 5;
const VALIDATION_RUNS = 31;
const TARGET_TEMPLATE_TOKENS = 32_000;
const TARGETS = { throughputRatio: 1.0, validationMs: 50 };

type Count = (text: string) => number;

interface GptTokenizerModule {
  countTokens(
    text: string,
    options?: { disallowedSpecial?: Set<string> },
  ): number;
  clearMergeCache(): void;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const time = <T>(fn: () => T): [T, number] => {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
};

const corpusTexts = TOKEN_CORPUS.map(entry => entry.text);
const corpusBytes = corpusTexts.reduce(
  (sum, text) => sum + Buffer.byteLength(text, 'utf8'),
  0,
);

async function loadLibraries() {
  const loadMs: Record<string, number> = {};
  const gpt: Partial<Record<TokenizerEncoding, GptTokenizerModule>> = {};
  const jsTiktoken: Partial<Record<TokenizerEncoding, Count>> = {};
  const wasm: Partial<Record<TokenizerEncoding, Count>> = {};
  // The same ESM instances the package's loadTokenizer() imports.
  for (const encoding of TOKENIZER_ENCODINGS) {
    const start = performance.now();
    gpt[encoding] = (await import(
      `gpt-tokenizer/encoding/${encoding}`
    )) as GptTokenizerModule;
    gpt[encoding]!.countTokens('warm the rank table');
    loadMs[`gpt-tokenizer ${encoding}`] = performance.now() - start;
  }
  const { Tiktoken } = await import('js-tiktoken/lite');
  for (const encoding of TOKENIZER_ENCODINGS) {
    const start = performance.now();
    const ranks = await import(`js-tiktoken/ranks/${encoding}`);
    const encoder = new Tiktoken(
      ranks.default.bpe_ranks ? ranks.default : ranks,
    );
    encoder.encode('warm the rank table');
    jsTiktoken[encoding] = text => encoder.encode(text, [], []).length;
    loadMs[`js-tiktoken ${encoding}`] = performance.now() - start;
  }
  // CommonJS under a native import(): its functions may sit on `default`.
  const tiktokenModule = await import('tiktoken');
  const getEncoding =
    tiktokenModule.get_encoding ??
    (tiktokenModule as unknown as { default: typeof tiktokenModule }).default
      .get_encoding;
  for (const encoding of TOKENIZER_ENCODINGS) {
    const start = performance.now();
    const encoder = getEncoding(encoding);
    wasm[encoding] = text => encoder.encode_ordinary(text).length;
    loadMs[`tiktoken (WASM) ${encoding}`] = performance.now() - start;
  }
  return { loadMs, gpt, jsTiktoken, wasm };
}

interface Corpus {
  name: string;
  texts: string[];
  bytes: number;
}

const bytesOf = (texts: string[]) =>
  texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0);

// The whole test corpus, and the same without its one pathological text (a
// 3,000-character run of one letter, a single pre-token that BPE merges in
// quadratic time in some ports) to show throughput on typical prompt text.
const CORPORA: Corpus[] = [
  { name: 'full', texts: corpusTexts, bytes: corpusBytes },
  (() => {
    const texts = TOKEN_CORPUS.filter(
      entry => entry.id !== 'edge-long-run',
    ).map(entry => entry.text);
    return { name: 'without edge-long-run', texts, bytes: bytesOf(texts) };
  })(),
];

interface ThroughputResult {
  library: string;
  encoding: TokenizerEncoding;
  corpus: string;
  mergeCache?: 'cleared before each pass' | 'warm';
  tokens: number;
  passesPerRepetition: number;
  medianMs: number;
  tokensPerSecond: number;
  mbPerSecond: number;
}

function throughput(
  library: string,
  encoding: TokenizerEncoding,
  corpus: Corpus,
  count: Count,
  beforePass?: () => void,
  mergeCache?: ThroughputResult['mergeCache'],
): ThroughputResult {
  const countCorpus = (passes: number) => {
    let tokens = 0;
    for (let pass = 0; pass < passes; pass++) {
      beforePass?.();
      for (const text of corpus.texts) tokens += count(text);
    }
    return tokens;
  };
  // Warm-up (JIT, lazy tables), which also sizes a repetition to at least
  // MIN_REPETITION_MS so that timer resolution does not matter.
  const [, warmupMs] = time(() => countCorpus(1));
  const passes = Math.max(
    1,
    Math.ceil(MIN_REPETITION_MS / Math.max(warmupMs, 0.01)),
  );
  const durations: number[] = [];
  let tokens = 0;
  for (let repetition = 0; repetition < REPETITIONS; repetition++) {
    const [counted, ms] = time(() => countCorpus(passes));
    tokens = counted / passes;
    durations.push(ms / passes);
  }
  const medianMs = median(durations);
  return {
    library,
    encoding,
    corpus: corpus.name,
    ...(mergeCache ? { mergeCache } : {}),
    tokens,
    passesPerRepetition: passes,
    medianMs: round(medianMs, 3),
    tokensPerSecond: Math.round(tokens / (medianMs / 1000)),
    mbPerSecond: round(corpus.bytes / 1e6 / (medianMs / 1000)),
  };
}

/** A template of about TARGET_TEMPLATE_TOKENS tokens: corpus texts and 20 variables. */
function buildLargeDefinition(encoding: TokenizerEncoding, count: Count) {
  const names = Array.from({ length: 20 }, (_, i) => `variable_${i}`);
  const parts: string[] = [];
  let tokens = 0;
  for (let i = 0; tokens < TARGET_TEMPLATE_TOKENS; i++) {
    const text = `${corpusTexts[i % corpusTexts.length]}\n{{${
      names[i % names.length]
    }}}\n`;
    parts.push(text);
    tokens += count(text);
  }
  return {
    name: 'bench-32k',
    version: '1.0.0',
    template: parts.join(''),
    variables: names.map(name => ({ name, type: 'string', required: true })),
    contextRules: [
      { source: 'knowledge_base', maxTokens: 2000, injectionPoint: 'system' },
    ],
    modelId: encoding === 'o200k_base' ? 'openai-gpt-4o' : 'openai-gpt-4-turbo',
    maxTokens: 100_000,
  };
}

async function validationTime(
  encoding: TokenizerEncoding,
  gpt: GptTokenizerModule,
) {
  const tokenizer = await loadTokenizer(encoding);
  const definition = buildLargeDefinition(encoding, tokenizer.countTokens);
  const options = { tokenizer };
  const measure = (clearCache: boolean) => {
    const durations: number[] = [];
    for (let run = 0; run < VALIDATION_WARMUP + VALIDATION_RUNS; run++) {
      if (clearCache) gpt.clearMergeCache();
      const [, ms] = time(() =>
        createPromptValidationReport(definition, options),
      );
      if (run >= VALIDATION_WARMUP) durations.push(ms);
    }
    return durations;
  };
  const validatorOnly: number[] = [];
  for (let run = 0; run < VALIDATION_WARMUP + VALIDATION_RUNS; run++) {
    const [, ms] = time(() => validatePromptDefinition(definition));
    if (run >= VALIDATION_WARMUP) validatorOnly.push(ms);
  }
  const warm = measure(false);
  const cold = measure(true);
  const report = createPromptValidationReport(definition, options);
  return {
    encoding,
    modelId: definition.modelId,
    templateChars: definition.template.length,
    templateTokens: tokenizer.countTokens(definition.template),
    budgetTemplateTokens: report.budget.templateTokens,
    placeholders: (definition.template.match(/\{\{/g) ?? []).length,
    issues: report.issues.length,
    runs: VALIDATION_RUNS,
    warmup: VALIDATION_WARMUP,
    validatorOnlyMedianMs: round(median(validatorOnly)),
    fullMedianMs: round(median(warm)),
    fullMaxMs: round(Math.max(...warm)),
    fullColdMergeCacheMedianMs: round(median(cold)),
  };
}

function table(rows: Array<Record<string, string | number>>) {
  const columns = Object.keys(rows[0]);
  const widths = columns.map(column =>
    Math.max(column.length, ...rows.map(row => String(row[column]).length)),
  );
  const line = (cells: string[]) =>
    cells.map((cell, i) => cell.padEnd(widths[i])).join('  ');
  console.log(line(columns));
  console.log(line(widths.map(width => '-'.repeat(width))));
  for (const row of rows) console.log(line(columns.map(c => String(row[c]))));
  console.log();
}

async function main() {
  const { loadMs, gpt, jsTiktoken, wasm } = await loadLibraries();

  const results: ThroughputResult[] = [];
  for (const corpus of CORPORA) {
    for (const encoding of TOKENIZER_ENCODINGS) {
      const module = gpt[encoding]!;
      const count: Count = text =>
        module.countTokens(text, { disallowedSpecial: new Set() });
      results.push(
        throughput(
          'gpt-tokenizer',
          encoding,
          corpus,
          count,
          () => module.clearMergeCache(),
          'cleared before each pass',
        ),
        throughput('gpt-tokenizer', encoding, corpus, count, undefined, 'warm'),
        throughput('js-tiktoken', encoding, corpus, jsTiktoken[encoding]!),
        throughput(
          'tiktoken (WASM reference)',
          encoding,
          corpus,
          wasm[encoding]!,
        ),
      );
    }
  }
  const ratios = CORPORA.flatMap(corpus =>
    TOKENIZER_ENCODINGS.map(encoding => {
      const of = (library: string, cache?: string) =>
        results.find(
          r =>
            r.library === library &&
            r.encoding === encoding &&
            r.corpus === corpus.name &&
            r.mergeCache === cache,
        )!;
      const alternative = of('js-tiktoken');
      return {
        corpus: corpus.name,
        encoding,
        cacheClearedRatio: round(
          of('gpt-tokenizer', 'cleared before each pass').tokensPerSecond /
            alternative.tokensPerSecond,
        ),
        cacheWarmRatio: round(
          of('gpt-tokenizer', 'warm').tokensPerSecond /
            alternative.tokensPerSecond,
        ),
      };
    }),
  );
  const validation = [];
  for (const encoding of TOKENIZER_ENCODINGS) {
    validation.push(await validationTime(encoding, gpt[encoding]!));
  }
  // Every counter must agree, or the speed comparison means nothing.
  for (const encoding of TOKENIZER_ENCODINGS) {
    const counts = new Set(
      results
        .filter(r => r.encoding === encoding && r.corpus === 'full')
        .map(r => r.tokens),
    );
    if (counts.size !== 1) {
      throw new Error(`Token counts disagree for ${encoding}: ${[...counts]}`);
    }
  }

  const targetsMet = {
    throughput: ratios.every(
      r => r.cacheClearedRatio >= TARGETS.throughputRatio,
    ),
    validation: validation.every(v => v.fullMedianMs < TARGETS.validationMs),
  };
  const output = {
    benchmark: 'tokens',
    date: new Date().toISOString(),
    machine: {
      node: process.version,
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
    },
    corpus: {
      texts: corpusTexts.length,
      bytes: corpusBytes,
      tokens: Object.fromEntries(
        TOKENIZER_ENCODINGS.map(encoding => [
          encoding,
          results.find(r => r.encoding === encoding && r.corpus === 'full')!
            .tokens,
        ]),
      ),
      repetitions: REPETITIONS,
      minRepetitionMs: MIN_REPETITION_MS,
    },
    loadMs: Object.fromEntries(
      Object.entries(loadMs).map(([key, ms]) => [key, round(ms, 1)]),
    ),
    throughput: results,
    ratioChosenToAlternative: ratios,
    validation32k: validation,
    targets: { ...TARGETS, met: targetsMet },
  };

  console.log(
    `Corpus: ${corpusTexts.length} texts, ${corpusBytes} bytes; ` +
      `median of ${REPETITIONS} repetitions of >= ${MIN_REPETITION_MS} ms each\n`,
  );
  table(
    Object.entries(output.loadMs).map(([encoder, ms]) => ({
      encoder,
      'first load ms': ms,
    })),
  );
  table(
    results.map(r => ({
      library:
        r.library +
        (r.mergeCache
          ? ` (cache ${r.mergeCache === 'warm' ? 'warm' : 'cleared'})`
          : ''),
      corpus: r.corpus,
      encoding: r.encoding,
      tokens: r.tokens,
      'median ms': r.medianMs,
      'tokens/s': r.tokensPerSecond,
      'MB/s': r.mbPerSecond,
    })),
  );
  table(
    ratios.map(r => ({
      corpus: r.corpus,
      encoding: r.encoding,
      'gpt-tokenizer / js-tiktoken (cache cleared)': r.cacheClearedRatio,
      '(cache warm)': r.cacheWarmRatio,
    })),
  );
  table(
    validation.map(v => ({
      model: v.modelId,
      'template tokens': v.templateTokens,
      chars: v.templateChars,
      'validator only ms': v.validatorOnlyMedianMs,
      'validate + budget ms': v.fullMedianMs,
      'max ms': v.fullMaxMs,
      'cache cleared ms': v.fullColdMergeCacheMedianMs,
    })),
  );
  console.log(
    `Targets: chosen >= ${TARGETS.throughputRatio}x alternative: ${
      targetsMet.throughput ? 'met' : 'MISSED'
    }; ` +
      `32k-token validation < ${TARGETS.validationMs} ms: ${
        targetsMet.validation ? 'met' : 'MISSED'
      }`,
  );

  const resultsDir = join(__dirname, '..', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, 'tokens.json');
  writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);
  console.log(`Wrote ${file}`);
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
