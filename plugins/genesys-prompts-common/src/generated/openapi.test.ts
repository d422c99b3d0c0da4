import { readFileSync } from 'node:fs';
import {
  generateOpenApiTypes,
  outputPath,
} from '../../scripts/generate-openapi-types';

/*
 * The checked-in types against the spec: regenerating in memory must give
 * the file byte for byte, so the spec and the client's types cannot drift.
 */

jest.setTimeout(60_000);

/** Undefined when equal, else what to do and the first differing line. */
function staleness(actual: string, expected: string): string | undefined {
  if (actual === expected) return undefined;
  const actualLines = actual.split('\n');
  const expectedLines = expected.split('\n');
  let line = 0;
  while (actualLines[line] === expectedLines[line]) line += 1;
  return [
    'src/generated/openapi.ts is stale: run `npm run openapi:generate`.',
    `First difference at line ${line + 1}:`,
    `  checked in: ${actualLines[line] ?? '<end of file>'}`,
    `  generated:  ${expectedLines[line] ?? '<end of file>'}`,
  ].join('\n');
}

describe('src/generated/openapi.ts', () => {
  it('is what openapi-typescript generates from openapi.yaml', async () => {
    const expected = await generateOpenApiTypes();
    const actual = readFileSync(outputPath, 'utf8');

    expect(staleness(actual, expected)).toBeUndefined();
  });
});
