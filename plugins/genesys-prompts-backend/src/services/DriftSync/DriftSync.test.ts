import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { RunningEmulator, startEmulator } from '@genesys-prompts/genesys-emulator';
import { GenesysPrompt } from '@genesys-prompts/plugin-genesys-prompts-common';
import { Knex } from 'knex';
import { readResilienceConfig } from '../../config';
import { AuditStore } from '../../database/AuditStore';
import { OperationStore } from '../../database/OperationStore';
import { VersionStore } from '../../database/VersionStore';
import { emulatorConnection } from '../../testing/emulatorConnection';
import { contentHash, definitionOf } from '../GenesysClient/definitions';
import { LlmGatewayClient } from '../GenesysClient/GenesysClient';
import { DriftSync } from './DriftSync';

jest.setTimeout(120_000);

const KNOWN = 250;
const LIST_ROUTE = 'GET /api/v2/ai/llm/prompts';

describe.each(
  TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] }).eachSupportedId(),
)('DriftSync on %p', databaseId => {
  const databases = TestDatabases.create({ ids: [databaseId] });
  let emulator: RunningEmulator;
  let knex: Knex;

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: false,
      rateLimit: { allowed: 1e9, windowSeconds: 60 },
    });
  });
  afterAll(() => emulator.close());

  beforeEach(async () => {
    emulator.reset();
    knex = await databases.init(databaseId);
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@genesys-prompts/plugin-genesys-prompts-backend',
        'migrations',
      ),
    });
  });

  const gateway = () =>
    new LlmGatewayClient(
      emulatorConnection(emulator),
      readResilienceConfig(
        new ConfigReader({ genesysPrompts: { rateLimit: { requestsPerMinute: 1e6 } } }),
      ),
    );

  it(`checks ${KNOWN} known prompts with one listing call per 100 prompts and records what changed outside`, async () => {
    const upstream = gateway();
    const versions = new VersionStore(knex);
    const created: GenesysPrompt[] = [];
    for (let i = 0; i < KNOWN; i += 25) {
      created.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(25, KNOWN - i) }, (_, k) =>
            upstream.createPrompt({
              name: `drift-check-${String(i + k).padStart(3, '0')}`,
              version: '1.0.0',
              template: `Prompt ${i + k}: answer {{question}}`,
              variables: [{ name: 'question', type: 'string', required: true }],
              contextRules: [],
              modelId: 'openai-gpt-4o',
              maxTokens: 200,
            }),
          ),
        )),
      );
    }
    await knex.transaction(async tx => {
      for (const prompt of created) {
        await versions.append(tx, {
          promptId: prompt.id,
          promptName: prompt.name,
          entityRef: 'component:default/support-bot',
          action: 'import',
          actor: 'genesys:import',
          reason: null,
          versionLabel: prompt.version,
          revision: prompt.revision,
          contentHash: contentHash(prompt),
          sourceVersionNo: null,
          definition: definitionOf(prompt),
        });
      }
    });
    // Three are edited in Genesys directly.
    for (const prompt of created.slice(0, 3)) {
      await upstream.updatePrompt(
        prompt.id,
        { ...definitionOf(prompt), template: `${prompt.template}\nEdited in Genesys.` },
        prompt.revision,
      );
    }

    const drift = new DriftSync({
      db: knex,
      gateway: gateway(),
      versions,
      operations: new OperationStore(knex),
      audit: new AuditStore(knex),
      logger: mockServices.logger.mock(),
    });
    emulator.clearRequestLog();
    await expect(drift.check()).resolves.toEqual({
      checked: KNOWN,
      drifted: 3,
      missing: 0,
    });
    const { counts } = emulator.requestLog();
    expect(counts[LIST_ROUTE]).toEqual({ '200': Math.ceil(KNOWN / 100) });
    expect(
      Object.keys(counts).filter(route => route.includes('/prompts/{')),
    ).toEqual([]);
    const drifted = await knex('prompt_versions')
      .where({ action: 'drift' })
      .orderBy('prompt_name')
      .pluck('prompt_name');
    expect(drifted).toEqual(created.slice(0, 3).map(p => p.name));

    // Seen once; the next pass finds nothing new.
    await expect(drift.check()).resolves.toEqual({
      checked: KNOWN,
      drifted: 0,
      missing: 0,
    });
  });

  it('does nothing upstream when the portal knows no prompt yet', async () => {
    const drift = new DriftSync({
      db: knex,
      gateway: gateway(),
      versions: new VersionStore(knex),
      operations: new OperationStore(knex),
      audit: new AuditStore(knex),
      logger: mockServices.logger.mock(),
    });
    emulator.clearRequestLog();
    await expect(drift.check()).resolves.toEqual({ checked: 0, drifted: 0, missing: 0 });
    expect(emulator.requestLog().entries).toEqual([]);
  });
});
