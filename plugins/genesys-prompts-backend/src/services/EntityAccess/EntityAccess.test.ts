import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  genesysPromptReadPermission,
  genesysPromptUpdatePermission,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { EntityAccess } from './EntityAccess';

const supportBot: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'support-bot', namespace: 'default' },
  spec: { owner: 'group:default/contact-centre-ai' },
};
const ref = { kind: 'component', namespace: 'default', name: 'support-bot' };

describe('EntityAccess', () => {
  let clock: number;
  let decision: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  let catalog: ReturnType<typeof catalogServiceMock.mock>;
  let permissions: ReturnType<typeof mockServices.permissions.mock>;

  const tokenOf = (user: string, expiresAt: number): BackstageCredentials => ({
    ...mockCredentials.user(user),
    expiresAt: new Date(expiresAt),
  });
  const alice = tokenOf('user:default/alice', 1_000_000);

  function access(grantTtlMs: number) {
    return new EntityAccess(catalog, permissions, grantTtlMs, () => clock);
  }
  const flush = () => new Promise(resolve => setImmediate(resolve));
  const checks = () => ({
    catalogReads: catalog.getEntityByRef.mock.calls.length,
    decisions: permissions.authorize.mock.calls.length,
  });

  beforeEach(() => {
    clock = 0;
    decision = AuthorizeResult.ALLOW;
    const realCatalog = catalogServiceMock({ entities: [supportBot] });
    catalog = catalogServiceMock.mock({
      getEntityByRef: jest.fn((r, o) => realCatalog.getEntityByRef(r, o)),
    });
    permissions = mockServices.permissions.mock({
      authorize: jest.fn(async requests => requests.map(() => ({ result: decision }))),
    });
  });

  it('checks every request when grants are not reused (ttl 0)', async () => {
    const entityAccess = access(0);
    await entityAccess.authorize(ref, genesysPromptReadPermission, alice);
    await entityAccess.authorize(ref, genesysPromptReadPermission, alice);
    expect(checks()).toEqual({ catalogReads: 2, decisions: 2 });
  });

  it('reuses a grant for the same token, permission and entity until it expires', async () => {
    const entityAccess = access(10_000);
    const first = await entityAccess.authorize(ref, genesysPromptReadPermission, alice);
    clock = 4_999;
    const again = await entityAccess.authorize(ref, genesysPromptReadPermission, alice);
    expect(again).toBe(first);
    expect(checks()).toEqual({ catalogReads: 1, decisions: 1 });

    // Unused until it expired: checked again before answering.
    clock = 10_000;
    await entityAccess.authorize(ref, genesysPromptReadPermission, alice);
    expect(checks()).toEqual({ catalogReads: 2, decisions: 2 });
  });

  it('checks a grant past half its life again in the background, still answering from it', async () => {
    const entityAccess = access(10_000);
    await entityAccess.authorize(ref, genesysPromptReadPermission, alice);
    clock = 6_000;
    await entityAccess.authorize(ref, genesysPromptReadPermission, alice);
    await entityAccess.authorize(ref, genesysPromptReadPermission, alice);
    await flush();
    expect(checks()).toEqual({ catalogReads: 2, decisions: 2 });
    // Renewed at 6 s: at 15 s it still answers at once, and is checked again.
    clock = 15_000;
    await entityAccess.authorize(ref, genesysPromptReadPermission, alice);
    await flush();
    expect(checks()).toEqual({ catalogReads: 3, decisions: 3 });
  });

  it('drops a grant whose background check is refused: revoked access ends within the ttl', async () => {
    const entityAccess = access(10_000);
    await entityAccess.authorize(ref, genesysPromptUpdatePermission, alice);
    decision = AuthorizeResult.DENY;
    clock = 6_000;
    // Served once more while the check runs…
    await entityAccess.authorize(ref, genesysPromptUpdatePermission, alice);
    await flush();
    // …then refused.
    await expect(
      entityAccess.authorize(ref, genesysPromptUpdatePermission, alice),
    ).rejects.toThrow(NotAllowedError);
  });

  it('asks again for another permission, another user or another token of the same user', async () => {
    const entityAccess = access(10_000);
    await entityAccess.authorize(ref, genesysPromptReadPermission, alice);
    await entityAccess.authorize(ref, genesysPromptUpdatePermission, alice);
    await entityAccess.authorize(
      ref,
      genesysPromptReadPermission,
      tokenOf('user:default/bob', 1_000_000),
    );
    await entityAccess.authorize(
      ref,
      genesysPromptReadPermission,
      tokenOf('user:default/alice', 2_000_000),
    );
    await entityAccess.authorize(
      ref,
      genesysPromptReadPermission,
      mockCredentials.service('plugin:catalog'),
    );
    expect(checks()).toEqual({ catalogReads: 5, decisions: 5 });
  });

  it('never reuses a refusal: access granted afterwards applies at once', async () => {
    const entityAccess = access(10_000);
    decision = AuthorizeResult.DENY;
    await expect(
      entityAccess.authorize(ref, genesysPromptUpdatePermission, alice),
    ).rejects.toThrow(NotAllowedError);
    await expect(
      entityAccess.authorize(ref, genesysPromptUpdatePermission, alice),
    ).rejects.toThrow(NotAllowedError);
    decision = AuthorizeResult.ALLOW;
    await expect(
      entityAccess.authorize(ref, genesysPromptUpdatePermission, alice),
    ).resolves.toEqual(supportBot);
    expect(checks()).toEqual({ catalogReads: 3, decisions: 3 });
  });

  it('does not remember an entity the caller cannot see', async () => {
    const entityAccess = access(10_000);
    const unknown = { ...ref, name: 'no-such-service' };
    await expect(
      entityAccess.authorize(unknown, genesysPromptReadPermission, alice),
    ).rejects.toThrow(NotFoundError);
    await expect(
      entityAccess.authorize(unknown, genesysPromptReadPermission, alice),
    ).rejects.toThrow(NotFoundError);
    expect(checks()).toEqual({ catalogReads: 2, decisions: 0 });
  });

  it('lets concurrent requests of one token share one check', async () => {
    const entityAccess = access(10_000);
    const entities = await Promise.all(
      Array.from({ length: 20 }, () =>
        entityAccess.authorize(ref, genesysPromptReadPermission, alice),
      ),
    );
    expect(new Set(entities).size).toBe(1);
    expect(checks()).toEqual({ catalogReads: 1, decisions: 1 });
  });

  it('resolves the entity with the caller’s credentials and authorizes its ref', async () => {
    await access(10_000).authorize(ref, genesysPromptReadPermission, alice);
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(ref, {
      credentials: alice,
    });
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: genesysPromptReadPermission,
          resourceRef: 'component:default/support-bot',
        },
      ],
      { credentials: alice },
    );
  });
});
