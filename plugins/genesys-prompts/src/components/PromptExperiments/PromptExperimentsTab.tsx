import { CompoundEntityRef } from '@backstage/catalog-model';
import { EmptyState, Progress } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Experiment,
  genesysExperimentManagePermission,
  GenesysPrompt,
  MAX_EXPERIMENT_VARIANTS,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import Box from '@material-ui/core/Box';
import AddIcon from '@material-ui/icons/Add';
import { useMemo, useState } from 'react';
import { PromoteExperimentResponse } from '../../api';
import { useEntityPrompts, useExperiments } from '../../hooks';
import { GenesysErrorPanel } from '../GenesysErrorPanel';
import { Notice } from '../Notice';
import { PermissionButton } from '../PermissionButton';
import { ExperimentCard, MANAGE_DENIED } from './ExperimentCard';
import {
  ExperimentAction,
  ExperimentActionDialog,
  ExperimentActionResult,
} from './ExperimentActionDialog';
import { ExperimentTemplate, NewExperimentDialog } from './NewExperimentDialog';
import { PromptOption } from './WeightEditor';

/** The entity's other prompts Genesys has: what a variant can be. */
function useVariantOptions(entityRef: CompoundEntityRef, primaryId: string) {
  const prompts = useEntityPrompts(entityRef);
  const options = useMemo<PromptOption[]>(
    () =>
      (prompts.value?.items ?? []).flatMap(item =>
        item.notFound || item.id === primaryId
          ? []
          : [{ id: item.id, name: item.name }],
      ),
    [prompts.value, primaryId],
  );
  return { options, loading: prompts.loading, error: prompts.error };
}

const DONE: Record<'start' | 'stop', (e: Experiment) => string> = {
  start: e => `Experiment ${e.id} is running: the traffic is split`,
  stop: e => `Experiment ${e.id} is stopped: all traffic goes to the primary`,
};

/**
 * The Experiments tab of a prompt: its A/B tests newest first, with live
 * results for the running one, and (with the manage permission) creating,
 * starting, stopping and promoting them.
 */
export function PromptExperimentsTab(props: {
  entityRef: CompoundEntityRef;
  entityRefString: string;
  prompt: GenesysPrompt;
  onPromoted(result: PromoteExperimentResponse): void;
}) {
  const { entityRef, entityRefString, prompt, onPromoted } = props;
  const [refreshKey, setRefreshKey] = useState(0);
  const experiments = useExperiments(entityRef, prompt.id, refreshKey);
  const variantOptions = useVariantOptions(entityRef, prompt.id);
  const permission = usePermission({
    permission: genesysExperimentManagePermission,
    resourceRef: entityRefString,
  });
  const [creating, setCreating] = useState<{ template?: ExperimentTemplate }>();
  const [pending, setPending] = useState<{
    action: ExperimentAction;
    experiment: Experiment;
  }>();
  const [notice, setNotice] = useState<string>();

  const items = experiments.value ?? [];
  const runningId = items.find(e => e.status === 'running')?.id;
  const primary = { id: prompt.id, name: prompt.name };

  const onDone = (result: ExperimentActionResult) => {
    setPending(undefined);
    setRefreshKey(key => key + 1);
    if (result.action === 'promote') onPromoted(result.promoted);
    else setNotice(DONE[result.action](result.experiment));
  };
  const runAgain = (experiment: Experiment) =>
    setCreating({
      template: {
        variants: experiment.variants
          .slice(0, MAX_EXPERIMENT_VARIANTS)
          .map(({ promptId, weight }) => ({ promptId, weight })),
        guard: experiment.guard,
      },
    });

  let list;
  if (experiments.loading && !experiments.value) {
    list = <Progress aria-label="Loading experiments" />;
  } else if (experiments.error) {
    list = (
      <GenesysErrorPanel
        error={experiments.error}
        title="Could not load the experiments"
        onRetry={experiments.retry}
      />
    );
  } else if (items.length === 0) {
    list = (
      <EmptyState
        missing="data"
        title="No experiments yet"
        description="Test this prompt against other prompts of this entity: each gets a share of the traffic, and the results say which does better."
      />
    );
  } else {
    list = items.map(experiment => (
      <Box key={experiment.id} mb={2}>
        <ExperimentCard
          entityRef={entityRef}
          experiment={experiment}
          permission={permission}
          runningId={runningId}
          onAction={(action, e) => setPending({ action, experiment: e })}
          onRunAgain={runAgain}
        />
      </Box>
    ));
  }

  return (
    <>
      <Box mb={2} display="flex" justifyContent="flex-end">
        <PermissionButton
          id="experiment-new"
          variant="contained"
          color="primary"
          startIcon={<AddIcon />}
          permission={permission}
          deniedReason={MANAGE_DENIED}
          disabledReason={newExperimentUnavailable(variantOptions)}
          onClick={() => setCreating({})}
        >
          New experiment
        </PermissionButton>
      </Box>
      {notice && (
        <Box mb={2}>
          <Notice severity="success" onClose={() => setNotice(undefined)}>
            {notice}
          </Notice>
        </Box>
      )}
      {list}
      <NewExperimentDialog
        open={creating !== undefined}
        onClose={() => setCreating(undefined)}
        entityRef={entityRef}
        primary={primary}
        options={variantOptions.options}
        template={creating?.template}
        onCreated={experiment => {
          setCreating(undefined);
          setRefreshKey(key => key + 1);
          setNotice(
            `Experiment ${experiment.id} created as a draft: start it to split the traffic`,
          );
        }}
      />
      <ExperimentActionDialog
        pending={pending}
        entityRef={entityRef}
        onClose={() => setPending(undefined)}
        onDone={onDone}
      />
    </>
  );
}

/** Why no experiment can be created now, if none can. */
function newExperimentUnavailable(variants: {
  options: PromptOption[];
  loading: boolean;
  error?: Error;
}): string | undefined {
  if (variants.loading) return 'Loading the entity’s prompts…';
  if (variants.error) {
    return `Could not load the entity's prompts: ${variants.error.message}`;
  }
  return variants.options.length === 0
    ? 'This entity owns no other prompt to test against: name one in its annotation first'
    : undefined;
}
