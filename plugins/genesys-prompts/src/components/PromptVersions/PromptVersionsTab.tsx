import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { PromptVersionSummary } from '@genesys-prompts/plugin-genesys-prompts-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { genesysPromptsApiRef } from '../../api';
import { usePromptVersions } from '../../hooks';
import { RelativeTime } from '../DateTime';
import { GenesysErrorPanel } from '../GenesysErrorPanel';
import { PromptDiff } from '../PromptDiff';

/** The action of a version as a short label ("rollback to #2"). */
export function versionActionLabel(version: PromptVersionSummary): string {
  return version.action === 'rollback' && version.sourceVersionNo !== null
    ? `rollback to #${version.sourceVersionNo}`
    : version.action;
}

const NONE = (
  <Typography component="span" variant="body2" color="textSecondary">
    —
  </Typography>
);

/** Loads two versions and shows what changed from the older to the newer. */
function VersionComparison(props: {
  entityRef: CompoundEntityRef;
  promptId: string;
  older: number;
  newer: number;
}) {
  const { entityRef, promptId, older, newer } = props;
  const api = useApi(genesysPromptsApiRef);
  const { kind, namespace, name } = entityRef;
  const { value, loading, error } = useAsync(
    () =>
      Promise.all([
        api.getPromptVersion({ kind, namespace, name }, promptId, older),
        api.getPromptVersion({ kind, namespace, name }, promptId, newer),
      ]),
    [api, kind, namespace, name, promptId, older, newer],
  );

  if (loading) {
    return <Progress aria-label="Loading the versions to compare" />;
  }
  if (error) {
    return (
      <GenesysErrorPanel
        error={error}
        title="Could not load the versions to compare"
      />
    );
  }
  if (!value) return null;
  const [from, to] = value;
  return (
    <PromptDiff
      from={{ label: `version ${older}`, definition: from.definition }}
      to={{ label: `version ${newer}`, definition: to.definition }}
    />
  );
}

/**
 * The Versions tab of a prompt: its history, newest first; ticking two rows
 * shows the diff between them. `refreshKey` reloads the history.
 */
export function PromptVersionsTab(props: {
  entityRef: CompoundEntityRef;
  promptId: string;
  refreshKey?: number;
}) {
  const { entityRef, promptId, refreshKey } = props;
  const history = usePromptVersions(entityRef, promptId, refreshKey);
  // In the order they were ticked; a third tick drops the oldest.
  const [selected, setSelected] = useState<number[]>([]);
  const newest = history.items[0]?.versionNo;

  // material-table writes bookkeeping onto rows, so it gets copies.
  const rows = useMemo(
    () => history.items.map(item => ({ ...item })),
    [history.items],
  );

  const columns = useMemo((): TableColumn<PromptVersionSummary>[] => {
    const toggle = (versionNo: number) =>
      setSelected(previous =>
        previous.includes(versionNo)
          ? previous.filter(n => n !== versionNo)
          : [...previous, versionNo].slice(-2),
      );
    return [
      {
        title: 'Compare',
        sorting: false,
        width: '1%',
        render: row => (
          <Checkbox
            size="small"
            checked={selected.includes(row.versionNo)}
            onChange={() => toggle(row.versionNo)}
            inputProps={{ 'aria-label': `Select version ${row.versionNo}` }}
          />
        ),
      },
      {
        title: 'Version',
        field: 'versionNo',
        render: row => (
          <>
            #{row.versionNo}
            {row.versionNo === newest && (
              <Box component="span" ml={1}>
                <Chip size="small" label="current" />
              </Box>
            )}
          </>
        ),
      },
      { title: 'Label', field: 'versionLabel' },
      {
        title: 'Action',
        field: 'action',
        render: row => versionActionLabel(row),
      },
      { title: 'Actor', field: 'actor' },
      {
        title: 'Reason',
        field: 'reason',
        render: row => row.reason ?? NONE,
      },
      {
        title: 'Time',
        field: 'createdAt',
        render: row => <RelativeTime value={row.createdAt} />,
      },
    ];
  }, [selected, newest]);

  if (history.loading && history.items.length === 0) {
    return <Progress aria-label="Loading versions" />;
  }
  if (history.error && history.items.length === 0) {
    return (
      <GenesysErrorPanel
        error={history.error}
        title="Could not load the versions"
        onRetry={history.retry}
      />
    );
  }
  if (history.items.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No versions yet"
        description="The portal records a version on every change made from it, and a drift version when Genesys shows a change made elsewhere."
      />
    );
  }

  const [older, newer] = [...selected].sort((a, b) => a - b);
  return (
    <>
      <Table<PromptVersionSummary>
        title="Versions"
        subtitle={
          selected.length === 2
            ? `Comparing version ${older} with version ${newer}`
            : 'Tick two versions to compare them'
        }
        columns={columns}
        data={rows}
        options={{ paging: false, search: false, padding: 'dense' }}
      />
      {(history.hasMore || history.error) && (
        <Box mt={1}>
          {history.error && (
            <GenesysErrorPanel
              error={history.error}
              title="Could not load more versions"
            />
          )}
          <Button
            variant="outlined"
            onClick={history.loadMore}
            disabled={history.loading || !history.hasMore}
          >
            Load older versions
          </Button>
        </Box>
      )}
      {selected.length === 2 && (
        <Box mt={3}>
          <VersionComparison
            entityRef={entityRef}
            promptId={promptId}
            older={older}
            newer={newer}
          />
        </Box>
      )}
    </>
  );
}
