import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/**
 * Where the entity's Prompts tab is mounted.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'genesys-prompts' });

/**
 * One prompt's detail page, below the Prompts tab.
 *
 * @public
 */
export const promptRouteRef = createSubRouteRef({
  id: 'genesys-prompts/prompt',
  parent: rootRouteRef,
  path: '/prompts/:promptId',
});
