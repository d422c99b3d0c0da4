import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { AuditLogEntry } from '@genesys-prompts/plugin-genesys-prompts-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import { ReactNode, useMemo } from 'react';
import { usePromptAudit } from '../../hooks';
import { AbsoluteTime } from '../DateTime';
import { GenesysErrorPanel } from '../GenesysErrorPanel';
import { AuditDownload } from './AuditDownload';

const SUMMARY_LENGTH = 160;

// Shown elsewhere (promptName), or only useful to an operator reading the JSON.
const HIDDEN_DETAILS = new Set(['promptName', 'operationId', 'contentHash']);

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One line from an audit entry's details: version, revision, reason, error first. */
export function summarizeAuditDetails(
  details: Record<string, unknown>,
): string {
  const parts: string[] = [];
  const known: Array<[string, (value: unknown) => string]> = [
    ['versionNo', v => `version ${text(v)}`],
    ['sourceVersionNo', v => `from version ${text(v)}`],
    ['revision', v => `revision ${text(v)}`],
    ['expectedRevision', v => `expected revision ${text(v)}`],
    ['reason', v => `reason “${text(v)}”`],
    ['error', v => `error: ${text(v)}`],
    ['correlationId', v => `correlation id ${text(v)}`],
  ];
  const used = new Set(HIDDEN_DETAILS);
  for (const [key, format] of known) {
    used.add(key);
    if (details[key] !== undefined && details[key] !== null) {
      parts.push(format(details[key]));
    }
  }
  for (const [key, value] of Object.entries(details)) {
    if (!used.has(key) && value !== undefined && value !== null) {
      parts.push(`${key}: ${text(value)}`);
    }
  }
  const summary = parts.join('; ');
  return summary.length > SUMMARY_LENGTH
    ? `${summary.slice(0, SUMMARY_LENGTH - 1)}…`
    : summary;
}

const HASH_PREFIX = 12;

const columns: TableColumn<AuditLogEntry>[] = [
  {
    title: 'Time',
    field: 'createdAt',
    render: row => <AbsoluteTime value={row.createdAt} />,
  },
  { title: 'Action', field: 'action' },
  {
    title: 'Outcome',
    field: 'outcome',
    render: row => (
      <Chip
        size="small"
        label={row.outcome}
        color={row.outcome === 'failure' ? 'secondary' : 'default'}
        variant={row.outcome === 'failure' ? 'default' : 'outlined'}
      />
    ),
  },
  { title: 'Actor', field: 'actor' },
  {
    title: 'Details',
    sorting: false,
    render: row => (
      <span title={JSON.stringify(row.details, null, 2)}>
        {summarizeAuditDetails(row.details)}
      </span>
    ),
  },
  {
    title: 'Hash',
    field: 'hash',
    sorting: false,
    render: row => (
      <code title={`hash ${row.hash}\nprevious ${row.prevHash}`}>
        {row.hash.slice(0, HASH_PREFIX)}
      </code>
    ),
  },
];

/**
 * The Audit tab of a prompt: its hash-chained audit entries, newest first,
 * failures included, downloadable as JSON Lines or CSV. `refreshKey` reloads them.
 */
export function PromptAuditTab(props: {
  entityRef: CompoundEntityRef;
  promptId: string;
  refreshKey?: number;
}) {
  const { entityRef, promptId, refreshKey } = props;
  const audit = usePromptAudit(entityRef, promptId, refreshKey);
  const rows = useMemo(
    () => audit.items.map(item => ({ ...item })),
    [audit.items],
  );

  let content: ReactNode;
  if (audit.loading && audit.items.length === 0) {
    content = <Progress aria-label="Loading audit entries" />;
  } else if (audit.error && audit.items.length === 0) {
    content = (
      <GenesysErrorPanel
        error={audit.error}
        title="Could not load the audit log"
        onRetry={audit.retry}
      />
    );
  } else if (audit.items.length === 0) {
    content = (
      <EmptyState
        missing="data"
        title="No audit entries yet"
        description="Every change, rollback, drift and failed attempt on this prompt will be listed here."
      />
    );
  } else {
    content = (
      <>
        <Table<AuditLogEntry>
          title="Audit log"
          subtitle="Every change and failed attempt; each entry's hash covers the one before it"
          columns={columns}
          data={rows}
          options={{ paging: false, search: false, padding: 'dense' }}
        />
        {(audit.hasMore || audit.error) && (
          <Box mt={1}>
            {audit.error && (
              <GenesysErrorPanel
                error={audit.error}
                title="Could not load more audit entries"
              />
            )}
            <Button
              variant="outlined"
              onClick={audit.loadMore}
              disabled={audit.loading || !audit.hasMore}
            >
              Load older entries
            </Button>
          </Box>
        )}
      </>
    );
  }

  return (
    <>
      <AuditDownload promptId={promptId} />
      {content}
    </>
  );
}
