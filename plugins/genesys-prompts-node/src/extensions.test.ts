import { genesysPromptsDeployHooksExtensionPoint } from './extensions';

describe('genesysPromptsDeployHooksExtensionPoint', () => {
  it('has the id the backend plugin registers', () => {
    expect(genesysPromptsDeployHooksExtensionPoint.id).toBe(
      'genesys-prompts.deploy-hooks',
    );
  });
});
