import {
  InfoCard,
  Link,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import {
  CompoundEntityRef,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  GenesysContextRule,
  GenesysPrompt,
  GenesysPromptVariable,
  genesysPromptRollbackPermission,
  genesysPromptUpdatePermission,
  PromptDetailResponse,
  PromptValidationReport,
  PromptWriteResponse,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { makeStyles } from '@material-ui/core/styles';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import EditIcon from '@material-ui/icons/Edit';
import HistoryIcon from '@material-ui/icons/History';
import { lazy, ReactNode, Suspense, useEffect, useMemo, useState } from 'react';
import {
  useLocation,
  useNavigate,
  useParams,
  useSearchParams,
} from 'react-router-dom';
import { PromoteExperimentResponse } from '../../api';
import { usePrompt, usePromptValidation } from '../../hooks';
import { AbsoluteTime } from '../DateTime';
import { GenesysErrorPanel } from '../GenesysErrorPanel';
import { readNotice } from '../navigationNotice';
import { Notice } from '../Notice';
import { deniedBecause, PermissionButton } from '../PermissionButton';
import { PromptAuditTab } from '../PromptAudit';
import { PromptExperimentsTab } from '../PromptExperiments';
import { DownloadHistoryButton, ExportPromptButton } from '../PromptExport';
import { PromptTemplate } from '../PromptTemplate';
import { TokenBudgetBar, ValidationIssueList } from '../PromptValidation';
import { PromptVersionsTab } from '../PromptVersions';
import { RollbackDialog } from '../RollbackDialog';

// Its own chunk: the charting library loads only when the Metrics tab opens.
const PromptMetricsTab = lazy(() =>
  import('../PromptMetrics').then(m => ({ default: m.PromptMetricsTab })),
);

/** The detail answer; `validation` arrives once the backend adds it (SPEC: prompt detail). */
type PromptDetailWithValidation = PromptDetailResponse & {
  validation?: PromptValidationReport;
};

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(3),
    rowGap: theme.spacing(1),
    margin: 0,
  },
  term: {
    color: theme.palette.text.secondary,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  definition: {
    margin: 0,
    wordBreak: 'break-word',
  },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: theme.spacing(2),
  },
  tabs: {
    borderBottom: `1px solid ${theme.palette.divider}`,
    marginBottom: theme.spacing(3),
  },
}));

function None(props: { children: ReactNode }) {
  return (
    <Typography variant="body2" color="textSecondary">
      {props.children}
    </Typography>
  );
}

// material-table writes bookkeeping onto rows, so the tables get copies.
type VariableRow = GenesysPromptVariable;
type ContextRuleRow = GenesysContextRule;

const variableColumns: TableColumn<VariableRow>[] = [
  { title: 'Name', field: 'name', highlight: true },
  { title: 'Type', field: 'type' },
  {
    title: 'Required',
    field: 'required',
    render: row => (row.required ? 'Yes' : 'No'),
  },
  {
    title: 'Default',
    field: 'defaultValue',
    sorting: false,
    render: row =>
      row.defaultValue === undefined || row.defaultValue === '' ? (
        <Typography component="span" variant="body2" color="textSecondary">
          —
        </Typography>
      ) : (
        <code>{row.defaultValue}</code>
      ),
  },
];

const contextRuleColumns: TableColumn<ContextRuleRow>[] = [
  { title: 'Source', field: 'source', highlight: true },
  { title: 'Injection point', field: 'injectionPoint' },
  { title: 'Max tokens', field: 'maxTokens', type: 'numeric', align: 'left' },
];

function PromptOverview(props: { detail: PromptDetailWithValidation }) {
  const { prompt, latestVersionNo, validation } = props.detail;
  const classes = useStyles();
  const variables = useMemo(
    () => prompt.variables.map(v => ({ ...v })),
    [prompt.variables],
  );
  const contextRules = useMemo(
    () => prompt.contextRules.map(r => ({ ...r })),
    [prompt.contextRules],
  );
  const declared = useMemo(
    () => prompt.variables.map(v => v.name),
    [prompt.variables],
  );

  const facts: Array<[string, ReactNode]> = [
    ['Version', prompt.version],
    ['Model', prompt.modelId],
    ['Max tokens', prompt.maxTokens],
    ['Revision', prompt.revision],
    [
      'Local version',
      latestVersionNo === null ? 'no history yet' : `#${latestVersionNo}`,
    ],
    ['Created', <AbsoluteTime value={prompt.dateCreated} />],
    ['Last modified', <AbsoluteTime value={prompt.dateModified} />],
    ['ID', <code>{prompt.id}</code>],
  ];

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard title={prompt.name} subheader="Genesys Cloud LLM prompt">
          <dl className={classes.facts} aria-label="Prompt details">
            {facts.map(([term, definition]) => (
              <Box key={term} display="contents">
                <dt className={classes.term}>{term}</dt>
                <dd className={classes.definition}>{definition}</dd>
              </Box>
            ))}
          </dl>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={8}>
        <InfoCard title="Template">
          {prompt.template ? (
            <PromptTemplate
              template={prompt.template}
              declaredVariables={declared}
            />
          ) : (
            <None>Empty template.</None>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <PromptValidationCard prompt={prompt} validation={validation} />
      </Grid>
      <Grid item xs={12} md={6}>
        <Table<VariableRow>
          title="Variables"
          columns={variableColumns}
          data={variables}
          emptyContent={
            <Box p={2}>
              <None>No variables.</None>
            </Box>
          }
          options={{ paging: false, search: false, padding: 'dense' }}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <Table<ContextRuleRow>
          title="Context rules"
          columns={contextRuleColumns}
          data={contextRules}
          emptyContent={
            <Box p={2}>
              <None>No context rules.</None>
            </Box>
          }
          options={{ paging: false, search: false, padding: 'dense' }}
        />
      </Grid>
    </Grid>
  );
}

/**
 * The validator's verdict on the prompt as deployed: the backend's when the
 * detail carries it, else the shared validator run here.
 */
function PromptValidationCard(props: {
  prompt: GenesysPrompt;
  validation?: PromptValidationReport;
}) {
  const { prompt, validation } = props;
  // Only validate here when the backend did not (no tokenizer load then).
  const local = usePromptValidation(validation ? undefined : prompt, {
    delayMs: 0,
  });
  const report = validation ?? local;
  return (
    <InfoCard title="Validation">
      <TokenBudgetBar budget={report.budget} />
      <Box mt={2}>
        <ValidationIssueList issues={report.issues} />
      </Box>
    </InfoCard>
  );
}

type PromptTab = 'overview' | 'metrics' | 'experiments' | 'versions' | 'audit';
const TABS: Array<{ value: PromptTab; label: string }> = [
  { value: 'overview', label: 'Overview' },
  { value: 'metrics', label: 'Metrics' },
  { value: 'experiments', label: 'Experiments' },
  { value: 'versions', label: 'Versions' },
  { value: 'audit', label: 'Audit' },
];

function parseTab(value: string | null): PromptTab {
  return TABS.some(tab => tab.value === value)
    ? (value as PromptTab)
    : 'overview';
}

/** Why rolling back makes no sense yet, if it does not. */
function rollbackUnavailable(
  latestVersionNo: number | null,
): string | undefined {
  if (latestVersionNo === null) {
    return 'No version history yet: the portal records one from the first change made here';
  }
  return latestVersionNo < 2
    ? 'There is no earlier version to roll back to'
    : undefined;
}

function PromptPage(props: {
  entityRef: CompoundEntityRef;
  entityRefString: string;
  detail: PromptDetailWithValidation;
  historyKey: number;
  onRolledBack(result: PromptWriteResponse, toVersion: number): void;
  onPromoted(result: PromoteExperimentResponse): void;
}) {
  const {
    entityRef,
    entityRefString,
    detail,
    historyKey,
    onRolledBack,
    onPromoted,
  } = props;
  const { prompt, latestVersionNo, drift } = detail;
  const classes = useStyles();
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const tab = parseTab(searchParams.get('tab'));
  const [rollbackOpen, setRollbackOpen] = useState(false);
  const canUpdate = usePermission({
    permission: genesysPromptUpdatePermission,
    resourceRef: entityRefString,
  });
  const canRollback = usePermission({
    permission: genesysPromptRollbackPermission,
    resourceRef: entityRefString,
  });

  const selectTab = (next: PromptTab) => {
    const params = new URLSearchParams(searchParams);
    if (next === 'overview') params.delete('tab');
    else params.set('tab', next);
    setSearchParams(params);
  };

  return (
    <>
      {drift && (
        <Box mb={2}>
          <Notice
            severity="warning"
            title="Drift: changed in Genesys outside the portal"
          >
            The change is recorded as a drift version (see Versions). The next
            change or rollback made here acknowledges it.
          </Notice>
        </Box>
      )}
      <Box mb={2} className={classes.actions}>
        <PermissionButton
          id="prompt-edit"
          variant="outlined"
          color="primary"
          startIcon={<EditIcon />}
          permission={canUpdate}
          deniedReason={deniedBecause(
            genesysPromptUpdatePermission.name,
            'owners can edit',
          )}
          onClick={() => navigate('edit')}
        >
          Edit
        </PermissionButton>
        <PermissionButton
          id="prompt-rollback"
          variant="outlined"
          startIcon={<HistoryIcon />}
          permission={canRollback}
          deniedReason={deniedBecause(
            genesysPromptRollbackPermission.name,
            'owners can roll back',
          )}
          disabledReason={rollbackUnavailable(latestVersionNo)}
          onClick={() => setRollbackOpen(true)}
        >
          Roll back
        </PermissionButton>
        <ExportPromptButton
          entityRef={entityRef}
          entityRefString={entityRefString}
          prompt={prompt}
        />
        <DownloadHistoryButton
          entityRef={entityRef}
          entityRefString={entityRefString}
          prompt={prompt}
        />
      </Box>
      <Tabs
        value={tab}
        onChange={(_event, value) => selectTab(value)}
        indicatorColor="primary"
        textColor="primary"
        aria-label="Prompt sections"
        className={classes.tabs}
      >
        {TABS.map(({ value, label }) => (
          <Tab
            key={value}
            value={value}
            label={label}
            id={`prompt-tab-${value}`}
            aria-controls={`prompt-tabpanel-${value}`}
          />
        ))}
      </Tabs>
      <div
        role="tabpanel"
        id={`prompt-tabpanel-${tab}`}
        aria-labelledby={`prompt-tab-${tab}`}
      >
        {tab === 'overview' && <PromptOverview detail={detail} />}
        {tab === 'metrics' && (
          <Suspense fallback={<Progress aria-label="Loading metrics" />}>
            <PromptMetricsTab entityRef={entityRef} promptId={prompt.id} />
          </Suspense>
        )}
        {tab === 'experiments' && (
          <PromptExperimentsTab
            entityRef={entityRef}
            entityRefString={entityRefString}
            prompt={prompt}
            onPromoted={onPromoted}
          />
        )}
        {tab === 'versions' && (
          <PromptVersionsTab
            entityRef={entityRef}
            promptId={prompt.id}
            refreshKey={historyKey}
          />
        )}
        {tab === 'audit' && (
          <PromptAuditTab
            entityRef={entityRef}
            promptId={prompt.id}
            refreshKey={historyKey}
          />
        )}
      </div>
      {latestVersionNo !== null && (
        <RollbackDialog
          open={rollbackOpen}
          onClose={() => setRollbackOpen(false)}
          entityRef={entityRef}
          prompt={prompt}
          latestVersionNo={latestVersionNo}
          onRolledBack={(result, toVersion) => {
            setRollbackOpen(false);
            onRolledBack(result, toVersion);
          }}
        />
      )}
    </>
  );
}

/**
 * One prompt of the entity: header facts, highlighted template, variables,
 * context rules and validation (Overview), live metrics and the guard's
 * checks (Metrics), A/B tests (Experiments), its version history with diffs
 * (Versions) and audit entries (Audit, downloadable), with Edit, Roll back,
 * Export and Download history actions that the user's permissions enable. The tab is the `tab` query parameter.
 *
 * @public
 */
export function PromptDetailPage() {
  const { entity } = useEntity();
  const entityRef = getCompoundEntityRef(entity);
  const { promptId = '' } = useParams();
  const location = useLocation();
  const { value, loading, error, retry } = usePrompt(entityRef, promptId);
  // A result to show: from the editor (router state) or from a rollback here.
  const [notice, setNotice] = useState(() => readNotice(location.state));
  const [historyKey, setHistoryKey] = useState(0);

  const stateNotice = readNotice(location.state);
  useEffect(() => {
    if (stateNotice) setNotice(stateNotice);
  }, [stateNotice, location.key]);

  let content: ReactNode;
  // While reloading after a change, keep showing the prompt.
  if (loading && !value) {
    content = <Progress aria-label="Loading prompt" />;
  } else if (error) {
    content = (
      <GenesysErrorPanel
        error={error}
        title="Could not load the prompt"
        onRetry={retry}
      />
    );
  } else if (value) {
    content = (
      <PromptPage
        entityRef={entityRef}
        entityRefString={stringifyEntityRef(entity)}
        detail={value}
        historyKey={historyKey}
        onRolledBack={(result, toVersion) => {
          setNotice(
            `Rolled back to version ${
              result.version.sourceVersionNo ?? toVersion
            } as version ${result.version.versionNo}`,
          );
          setHistoryKey(key => key + 1);
          retry();
        }}
        onPromoted={result => {
          const winner = result.experiment.variants.find(
            v => v.promptId === result.experiment.promotedPromptId,
          );
          setNotice(
            `Promoted ${winner?.name ?? 'the winner'} as version ${
              result.version.versionNo
            }`,
          );
          setHistoryKey(key => key + 1);
          retry();
        }}
      />
    );
  }

  return (
    <>
      <Box mb={2}>
        {/* Route-relative: up from `prompts/:promptId` to the tab's list. */}
        <Link to="..">
          <Box component="span" display="inline-flex" alignItems="center">
            <ArrowBackIcon fontSize="small" />
            &nbsp;All prompts
          </Box>
        </Link>
      </Box>
      {notice && (
        <Box mb={2}>
          <Notice severity="success" onClose={() => setNotice(undefined)}>
            {notice}
          </Notice>
        </Box>
      )}
      {content}
    </>
  );
}
