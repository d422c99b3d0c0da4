import { CacheManager } from '@backstage/backend-defaults/cache';
import { ConfigReader } from '@backstage/config';
import { GenesysPrompt } from '@genesys-prompts/plugin-genesys-prompts-common';
import { GenesysPromptsGateway } from '../GenesysClient/GenesysClient';
import { PromptCatalogue } from './PromptCatalogue';

/** A gateway whose listing is counted and can be changed. */
function countingGateway() {
  const state = { listings: 0, names: ['a', 'b'] };
  const gateway = {
    listPrompts: async () => {
      state.listings += 1;
      await new Promise(resolve => setTimeout(resolve, 5));
      return state.names.map(name => ({ id: `id-${name}`, name }) as GenesysPrompt);
    },
  } as unknown as GenesysPromptsGateway;
  return { gateway, state };
}

describe('PromptCatalogue', () => {
  const sharedCache = () =>
    CacheManager.fromConfig(new ConfigReader({})).forPlugin('genesys-prompts');

  it('lists once for concurrent cold readers, then answers from memory within the TTL', async () => {
    const { gateway, state } = countingGateway();
    const catalogue = new PromptCatalogue(gateway, sharedCache(), 60_000);
    const [first, second] = await Promise.all([
      catalogue.byName(['a']),
      catalogue.byName(['b', 'missing']),
    ]);
    expect([...first.keys()]).toEqual(['a']);
    expect([...second.keys()]).toEqual(['b']);
    await catalogue.all();
    expect(state.listings).toBe(1);
  });

  it('serves an expired listing while the next one loads in the background', async () => {
    const { gateway, state } = countingGateway();
    let now = 0;
    const catalogue = new PromptCatalogue(gateway, sharedCache(), 1000, () => now);
    await catalogue.all();
    state.names = ['a', 'b', 'c'];
    now = 1500;
    expect((await catalogue.all()).map(p => p.name)).toEqual(['a', 'b']);
    await new Promise(resolve => setTimeout(resolve, 20));
    expect((await catalogue.all()).map(p => p.name)).toEqual(['a', 'b', 'c']);
    expect(state.listings).toBe(2);
  });

  it('lists again on every replica after a write on any of them', async () => {
    const cache = sharedCache();
    const one = countingGateway();
    const two = countingGateway();
    const replicaOne = new PromptCatalogue(one.gateway, cache, 60_000);
    const replicaTwo = new PromptCatalogue(two.gateway, cache, 60_000);
    await replicaOne.all();
    await replicaTwo.all();
    one.state.names = two.state.names = ['a', 'b', 'new'];
    await replicaTwo.invalidate();
    expect((await replicaOne.byName(['new'])).has('new')).toBe(true);
    expect((await replicaTwo.byName(['new'])).has('new')).toBe(true);
    expect([one.state.listings, two.state.listings]).toEqual([2, 2]);
  });

  it('does not cache at all with a TTL of 0', async () => {
    const { gateway, state } = countingGateway();
    const catalogue = new PromptCatalogue(gateway, sharedCache(), 0);
    await catalogue.all();
    await catalogue.all();
    expect(state.listings).toBe(2);
  });
});
