import { ConfigReader } from '@backstage/config';
import { PromptDeploy } from '@genesys-prompts/plugin-genesys-prompts-node';
import {
  ChangeFreezeHook,
  parseInstant,
  readChangeFreezeConfig,
} from './changeFreeze';

const holiday = {
  from: '2026-12-20T00:00:00Z',
  to: '2027-01-03T00:00:00Z',
  reason: 'Holiday change freeze',
};

function configOf(changeFreeze: object | undefined) {
  return new ConfigReader(
    changeFreeze === undefined ? {} : { genesysPrompts: { changeFreeze } },
  );
}

function deploy(overrides: Partial<PromptDeploy> = {}): PromptDeploy {
  return {
    action: 'update',
    promptId: 'prompt-1',
    promptName: 'customer-support-assistant',
    entityRef: 'component:default/support-bot',
    actor: 'user:default/guest',
    definition: {
      name: 'customer-support-assistant',
      version: '1.0.1',
      template: 'Hello {{name}}',
      variables: [],
      contextRules: [],
      modelId: 'model-1',
      maxTokens: 512,
    },
    ...overrides,
  };
}

function hookAt(
  time: string,
  changeFreeze: object = { windows: [holiday] },
): ChangeFreezeHook {
  return new ChangeFreezeHook(
    readChangeFreezeConfig(configOf(changeFreeze)),
    () => Date.parse(time),
  );
}

describe('ChangeFreezeHook', () => {
  it('is identified as change-freeze', () => {
    expect(hookAt('2026-12-01T00:00:00Z').id).toBe('change-freeze');
  });

  it.each(['create', 'update', 'promote'] as const)(
    'refuses a %s inside a window, naming its end and reason',
    async action => {
      const hook = hookAt('2026-12-24T12:00:00Z');
      await expect(hook.check(deploy({ action }))).resolves.toEqual({
        allow: false,
        reason:
          'Change freeze until 2027-01-03T00:00:00Z: Holiday change freeze',
      });
    },
  );

  it('allows deploys before and after a window, `to` being exclusive', async () => {
    for (const time of [
      '2026-12-19T23:59:59.999Z',
      '2027-01-03T00:00:00Z',
      '2027-02-01T00:00:00Z',
    ]) {
      await expect(hookAt(time).check(deploy())).resolves.toEqual({
        allow: true,
      });
    }
  });

  it('refuses at the very start of a window', async () => {
    await expect(
      hookAt('2026-12-20T00:00:00Z').check(deploy()),
    ).resolves.toMatchObject({ allow: false });
  });

  it('lets rollbacks through during a freeze by default, the guard included', async () => {
    const hook = hookAt('2026-12-24T12:00:00Z');
    await expect(
      hook.check(
        deploy({ action: 'rollback', actor: 'genesys-prompts:guard' }),
      ),
    ).resolves.toEqual({ allow: true });
    await expect(
      hook.check(deploy({ action: 'rollback', actor: 'user:default/guest' })),
    ).resolves.toEqual({ allow: true });
  });

  it('refuses rollbacks, the guard included, when allowRollbacks is false', async () => {
    const hook = hookAt('2026-12-24T12:00:00Z', {
      windows: [holiday],
      allowRollbacks: false,
    });
    for (const actor of ['genesys-prompts:guard', 'user:default/guest']) {
      await expect(
        hook.check(deploy({ action: 'rollback', actor })),
      ).resolves.toEqual({
        allow: false,
        reason:
          'Change freeze until 2027-01-03T00:00:00Z: Holiday change freeze',
      });
    }
    // Outside a window a rollback is still allowed.
    await expect(
      hookAt('2027-03-01T00:00:00Z', {
        windows: [holiday],
        allowRollbacks: false,
      }).check(deploy({ action: 'rollback' })),
    ).resolves.toEqual({ allow: true });
  });

  it('names the window that ends last when windows overlap', async () => {
    const hook = hookAt('2026-12-22T00:00:00Z', {
      windows: [
        holiday,
        {
          from: '2026-12-21T00:00:00Z',
          to: '2026-12-23T00:00:00Z',
          reason: 'Migration',
        },
        {
          from: '2027-06-01T00:00:00Z',
          to: '2027-06-02T00:00:00Z',
          reason: 'Not active',
        },
      ],
    });
    await expect(hook.check(deploy())).resolves.toEqual({
      allow: false,
      reason: 'Change freeze until 2027-01-03T00:00:00Z: Holiday change freeze',
    });
  });

  it('omits the reason suffix when the window has none', async () => {
    const hook = hookAt('2026-12-24T00:00:00Z', {
      windows: [{ from: holiday.from, to: holiday.to }],
    });
    await expect(hook.check(deploy())).resolves.toEqual({
      allow: false,
      reason: 'Change freeze until 2027-01-03T00:00:00Z',
    });
  });

  it('honours time-zone offsets', async () => {
    // 00:00 at +02:00 is 22:00 UTC the day before.
    const changeFreeze = {
      windows: [
        { from: '2026-12-20T00:00:00+02:00', to: '2026-12-21T00:00:00+02:00' },
      ],
    };
    await expect(
      hookAt('2026-12-19T22:30:00Z', changeFreeze).check(deploy()),
    ).resolves.toMatchObject({ allow: false });
    await expect(
      hookAt('2026-12-20T22:30:00Z', changeFreeze).check(deploy()),
    ).resolves.toEqual({ allow: true });
  });

  it('reads Date.now by default', async () => {
    const now = Date.now();
    const hook = new ChangeFreezeHook({
      windows: [{ from: now - 60_000, to: now + 60_000, toText: 'soon' }],
      allowRollbacks: true,
    });
    await expect(hook.check(deploy())).resolves.toEqual({
      allow: false,
      reason: 'Change freeze until soon',
    });
  });
});

describe('readChangeFreezeConfig', () => {
  it('defaults to no windows and rollbacks allowed', () => {
    expect(readChangeFreezeConfig(configOf(undefined))).toEqual({
      windows: [],
      allowRollbacks: true,
    });
    expect(readChangeFreezeConfig(configOf({}))).toEqual({
      windows: [],
      allowRollbacks: true,
    });
  });

  it('parses windows and allowRollbacks', () => {
    expect(
      readChangeFreezeConfig(
        configOf({ windows: [holiday], allowRollbacks: false }),
      ),
    ).toEqual({
      windows: [
        {
          from: Date.parse(holiday.from),
          to: Date.parse(holiday.to),
          toText: holiday.to,
          reason: holiday.reason,
        },
      ],
      allowRollbacks: false,
    });
  });

  it('rejects a window whose from is not before its to, naming the key', () => {
    expect(() =>
      readChangeFreezeConfig(
        configOf({
          windows: [
            holiday,
            { from: holiday.to, to: holiday.from, reason: 'Backwards' },
          ],
        }),
      ),
    ).toThrow(
      "Invalid config value at 'genesysPrompts.changeFreeze.windows[1]': 'from' (2027-01-03T00:00:00Z) must be before 'to' (2026-12-20T00:00:00Z)",
    );
    expect(() =>
      readChangeFreezeConfig(
        configOf({ windows: [{ from: holiday.from, to: holiday.from }] }),
      ),
    ).toThrow(/windows\[0\]': 'from' .* must be before 'to'/);
  });

  it.each([
    ['not a date', 'next tuesday'],
    ['a date without a time', '2026-12-20'],
    ['a time without a zone', '2026-12-20T00:00:00'],
    ['an impossible day', '2026-02-30T00:00:00Z'],
    ['an impossible month', '2026-13-01T00:00:00Z'],
    ['hour 24', '2026-12-20T24:00:00Z'],
  ])('rejects %s, naming the key', (_, value) => {
    expect(() =>
      readChangeFreezeConfig(
        configOf({ windows: [{ ...holiday, to: value }] }),
      ),
    ).toThrow(
      `Invalid config value at 'genesysPrompts.changeFreeze.windows[0].to': '${value}' is not an ISO 8601 timestamp with a time zone, e.g. 2026-12-20T00:00:00Z`,
    );
  });

  it('rejects a missing from, naming the key', () => {
    expect(() =>
      readChangeFreezeConfig(configOf({ windows: [{ to: holiday.to }] })),
    ).toThrow(/genesysPrompts\.changeFreeze\.windows\[0\]\.from/);
  });

  it('rejects windows that are not a list, naming the key', () => {
    expect(() =>
      readChangeFreezeConfig(configOf({ windows: { from: holiday.from } })),
    ).toThrow(/genesysPrompts\.changeFreeze\.windows/);
  });
});

describe('parseInstant', () => {
  it('accepts ISO 8601 timestamps with a zone', () => {
    expect(parseInstant('2026-12-20T00:00:00Z')).toBe(Date.UTC(2026, 11, 20));
    expect(parseInstant('2026-12-20T01:30+01:30')).toBe(Date.UTC(2026, 11, 20));
    expect(parseInstant('2026-12-20T00:00:00.250Z')).toBe(
      Date.UTC(2026, 11, 20, 0, 0, 0, 250),
    );
  });
});
