import {
  AuthorizeResult,
  ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  genesysAuditReadPermission,
  genesysPromptReadPermission,
  genesysPromptRollbackPermission,
  genesysPromptUpdatePermission,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { GenesysPromptsExamplePolicy } from './permissionPolicy';

const member: PolicyQueryUser = {
  credentials: {} as PolicyQueryUser['credentials'],
  info: {
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: ['user:default/guest', 'group:default/contact-centre-ai'],
  },
};

describe('GenesysPromptsExamplePolicy', () => {
  const policy = new GenesysPromptsExamplePolicy();

  it('lets everyone read prompts and the audit log', async () => {
    for (const permission of [genesysPromptReadPermission, genesysAuditReadPermission]) {
      await expect(policy.handle({ permission }, member)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it.each([genesysPromptUpdatePermission, genesysPromptRollbackPermission])(
    'lets only owners use $name',
    async permission => {
      const decision = (await policy.handle(
        { permission },
        member,
      )) as ConditionalPolicyDecision;
      expect(decision).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: member.info.ownershipEntityRefs },
        },
      });
    },
  );
});
