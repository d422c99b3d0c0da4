import {
  EmptyState,
  Link,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { PromptSummary } from '@genesys-prompts/plugin-genesys-prompts-common';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { useEntityPrompts } from '../../hooks';
import { RelativeTime } from '../DateTime';
import { GenesysErrorPanel } from '../GenesysErrorPanel';

/** A table row: every summary field optional, so a notFound name sits beside found prompts. */
type PromptRow = {
  name: string;
  notFound: boolean;
  id?: string;
  version?: string;
  modelId?: string;
  revision?: number;
  dateModified?: string;
  drift?: boolean;
};

function toRow(item: PromptSummary): PromptRow {
  if (item.notFound) {
    return { name: item.name, notFound: true };
  }
  // A copy: material-table writes its own bookkeeping onto row objects.
  return { ...item, notFound: false };
}

const NONE = (
  <Typography component="span" variant="body2" color="textSecondary">
    —
  </Typography>
);

const columns: TableColumn<PromptRow>[] = [
  {
    title: 'Name',
    field: 'name',
    highlight: true,
    render: row =>
      row.notFound || !row.id ? (
        <>
          <Typography component="span" variant="body2">
            {row.name}
          </Typography>{' '}
          <Tooltip title="The entity's annotation names this prompt, but Genesys has no prompt with this name">
            <Chip
              size="small"
              color="secondary"
              variant="outlined"
              label="Not found in Genesys"
            />
          </Tooltip>
        </>
      ) : (
        // Relative to the tab's index route, so it works wherever the tab is mounted.
        <Link to={`prompts/${encodeURIComponent(row.id)}`}>{row.name}</Link>
      ),
  },
  {
    title: 'Version',
    field: 'version',
    render: row => row.version ?? NONE,
  },
  {
    title: 'Model',
    field: 'modelId',
    render: row => row.modelId ?? NONE,
  },
  {
    title: 'Revision',
    field: 'revision',
    type: 'numeric',
    align: 'left',
    render: row => row.revision ?? NONE,
  },
  {
    title: 'Last modified',
    field: 'dateModified',
    render: row =>
      row.dateModified ? <RelativeTime value={row.dateModified} /> : NONE,
  },
  {
    title: 'Drift',
    field: 'drift',
    sorting: false,
    render: row =>
      row.drift ? (
        <Tooltip title="Changed in Genesys outside the portal">
          <Chip size="small" color="secondary" label="Drift" />
        </Tooltip>
      ) : null,
  },
];

/**
 * The entity's Genesys prompts as a table; names Genesys lacks are marked, not hidden.
 *
 * @public
 */
export function PromptListTable() {
  const { entity } = useEntity();
  const { value, loading, error, retry } = useEntityPrompts(
    getCompoundEntityRef(entity),
  );
  const rows = useMemo(() => value?.items.map(toRow) ?? [], [value]);

  if (loading) {
    return <Progress aria-label="Loading prompts" />;
  }
  if (error) {
    return (
      <GenesysErrorPanel
        error={error}
        title="Could not load the prompts"
        onRetry={retry}
      />
    );
  }
  if (rows.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No prompts"
        description="Genesys returned no prompts for the names in this entity's annotation."
      />
    );
  }

  return (
    <Table<PromptRow>
      title="Prompts"
      subtitle="LLM prompts this entity owns in Genesys Cloud"
      columns={columns}
      data={rows}
      options={{
        paging: rows.length > 20,
        pageSize: 20,
        search: rows.length > 5,
        padding: 'dense',
      }}
    />
  );
}
