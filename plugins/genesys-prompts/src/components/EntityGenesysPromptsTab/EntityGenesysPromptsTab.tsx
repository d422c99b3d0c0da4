import {
  CompoundEntityRef,
  getCompoundEntityRef,
} from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ForwardedError } from '@backstage/errors';
import { useEntity } from '@backstage/plugin-catalog-react';
import { getGenesysPromptNames } from '@genesys-prompts/plugin-genesys-prompts-common';
import { ComponentType, useEffect, useState } from 'react';
import { useLocation, useResolvedPath } from 'react-router-dom';
import { GenesysPromptsApi, genesysPromptsApiRef } from '../../api';
import { settled } from './settled';

/*
 * This module is part of the app's main bundle (the plugin's extensions
 * import it): it stays small and loads the tab itself on demand.
 */

/** The tab's content once its code has loaded: later mounts render it at once. */
let loadedContent: ComponentType | undefined;

/**
 * Loads the Prompts tab's code. The tab and its prefetchers share this one
 * import, so the bundler makes one set of chunks of it.
 */
export function loadPromptsTabContent(): Promise<ComponentType> {
  return import('../EntityGenesysPromptsContent').then(m => {
    loadedContent = m.EntityGenesysPromptsContent;
    return loadedContent;
  });
}

/**
 * Asks for the entity's prompt list unless the client holds a recent one, so
 * that the list view finds it loaded or in flight.
 */
export function warmEntityPrompts(
  api: GenesysPromptsApi,
  entityRef: CompoundEntityRef,
): void {
  if (api.peekEntityPrompts?.(entityRef) !== undefined) {
    return;
  }
  api.getEntityPrompts(entityRef).catch(() => {
    // Not lost: the list view asks again (a failed list is not kept) and shows the error.
  });
}

const trimSlashes = (path: string) => path.replace(/\/+$/, '');

/**
 * The Prompts tab as the entity page mounts it: it shows progress until the
 * tab's code has loaded and, on the list view, asks for the entity's prompt
 * list meanwhile rather than after. It does not suspend: a suspending
 * component commits (and runs its effects) only once its code is there.
 */
export function EntityGenesysPromptsTab() {
  const { entity } = useEntity();
  const api = useApi(genesysPromptsApiRef);
  const { pathname } = useLocation();
  const tabPath = useResolvedPath('.').pathname;
  const atList = trimSlashes(pathname) === trimSlashes(tabPath);
  const named = getGenesysPromptNames(entity).length > 0;
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  // Loaded already (prefetched, or shown before): the content renders at once.
  const [content, setContent] = useState<{
    Content?: ComponentType;
    error?: Error;
  }>(() => ({ Content: loadedContent }));

  // Declared first, so it runs first: the list request goes out before the code below is loaded and run.
  useEffect(() => {
    if (atList && named) {
      warmEntityPrompts(api, { kind, namespace, name });
    }
  }, [api, atList, named, kind, namespace, name]);

  useEffect(() => {
    if (content.Content || content.error) {
      return undefined;
    }
    let mounted = true;
    loadPromptsTabContent().then(
      Content => mounted && setContent({ Content }),
      error => mounted && setContent({ error }),
    );
    return () => {
      mounted = false;
    };
  }, [content]);

  if (content.error) {
    // To the plugin's error boundary, like a failed lazy extension.
    throw new ForwardedError(
      'Failed loading the Prompts tab, try to reload the page',
      content.error,
    );
  }
  return content.Content ? <content.Content /> : <Progress />;
}

/**
 * The extension's loader. The tab is in the main bundle, so it resolves at
 * once (see {@link settled}): the tab renders, and asks for the list, in the
 * pass that reaches it. It loads the content's code after asking: running
 * that code holds the main thread, and the request should be on its way.
 */
export function loadEntityGenesysPromptsTab(): Promise<
  typeof EntityGenesysPromptsTab
> {
  return settled(EntityGenesysPromptsTab);
}

/** requestIdleCallback where the browser has it, else a short timeout. */
function whenIdle(run: () => void): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(run, { timeout: 2000 });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(run, 200);
  return () => window.clearTimeout(id);
}

/**
 * Once `ready`, when the browser is idle: loads the Prompts tab's code and
 * the entity's prompt list, so that the tab opens without waiting for
 * either. For views one click away from the tab (the overview's metric card).
 */
export function usePromptsTabPrefetch(
  entityRef: CompoundEntityRef,
  ready: boolean,
): void {
  const api = useApi(genesysPromptsApiRef);
  const { kind, namespace, name } = entityRef;
  useEffect(() => {
    if (!ready) {
      return undefined;
    }
    return whenIdle(() => {
      loadPromptsTabContent().catch(() => {
        // Not lost: the tab loads its code again when opened and reports a failure.
      });
      warmEntityPrompts(api, { kind, namespace, name });
    });
  }, [api, ready, kind, namespace, name]);
}
