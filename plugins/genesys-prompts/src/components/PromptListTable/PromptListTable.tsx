import {
  EmptyState,
  Link,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  GENESYS_PROMPTS_ANNOTATION,
  genesysPromptCreatePermission,
  PromptSummary,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import { useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { useEntityPrompts } from '../../hooks';
import { RelativeTime } from '../DateTime';
import { GenesysErrorPanel } from '../GenesysErrorPanel';
import { deniedBecause, PermissionButton } from '../PermissionButton';

// A class, not a Box: each Box adds a style sheet of its own when it mounts.
const useStyles = makeStyles(theme => ({
  actions: {
    marginBottom: theme.spacing(2),
    display: 'flex',
    justifyContent: 'flex-end',
  },
}));

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

/** "New prompt": enabled with the create permission and a free annotated name. */
function NewPromptButton(props: { entityRef: string; freeNames: string[] }) {
  const { entityRef, freeNames } = props;
  const navigate = useNavigate();
  const permission = usePermission({
    permission: genesysPromptCreatePermission,
    resourceRef: entityRef,
  });
  return (
    <PermissionButton
      id="prompt-new"
      variant="contained"
      color="primary"
      startIcon={<AddIcon />}
      permission={permission}
      deniedReason={deniedBecause(
        genesysPromptCreatePermission.name,
        'owners can create prompts',
      )}
      disabledReason={
        freeNames.length === 0
          ? `Every name in the ${GENESYS_PROMPTS_ANNOTATION} annotation already exists in Genesys; add a new name there first`
          : undefined
      }
      onClick={() => navigate('new')}
    >
      New prompt
    </PermissionButton>
  );
}

/**
 * The entity's Genesys prompts as a table; names Genesys lacks are marked,
 * not hidden, and can be created with "New prompt".
 *
 * @public
 */
export function PromptListTable() {
  const classes = useStyles();
  const { entity } = useEntity();
  const { value, loading, error, retry } = useEntityPrompts(
    getCompoundEntityRef(entity),
  );
  const rows = useMemo(() => value?.items.map(toRow) ?? [], [value]);
  const freeNames = useMemo(
    () => rows.filter(row => row.notFound).map(row => row.name),
    [rows],
  );
  const newButton = (
    <div className={classes.actions}>
      <NewPromptButton
        entityRef={stringifyEntityRef(entity)}
        freeNames={freeNames}
      />
    </div>
  );

  // Built once per list: a refresh that brings the same list re-renders no rows.
  const table = useMemo(
    () => (
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
          // No column reordering by drag: nobody reorders this list, and each
          // header's drag wrapper is work on every draw (bench:browser profile).
          draggable: false,
        }}
      />
    ),
    [rows],
  );

  // A list loaded recently shows while it is refreshed.
  if (loading && !value) {
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
    <>
      {newButton}
      {table}
    </>
  );
}
