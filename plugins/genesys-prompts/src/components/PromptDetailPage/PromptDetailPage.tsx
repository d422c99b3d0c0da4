import {
  InfoCard,
  Link,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  GenesysContextRule,
  GenesysPromptVariable,
  PromptDetailResponse,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import { ReactNode, useMemo } from 'react';
import { useParams } from 'react-router-dom';
import { usePrompt } from '../../hooks';
import { AbsoluteTime } from '../DateTime';
import { GenesysErrorPanel } from '../GenesysErrorPanel';
import { PromptTemplate } from '../PromptTemplate';

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
  chips: {
    display: 'flex',
    gap: theme.spacing(1),
    marginTop: theme.spacing(2),
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

function PromptDetail(props: { detail: PromptDetailResponse }) {
  const { prompt, latestVersionNo, drift } = props.detail;
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
          {drift && (
            <div className={classes.chips}>
              <Chip
                size="small"
                color="secondary"
                label="Drift: changed in Genesys outside the portal"
              />
            </div>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
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
 * One prompt of the entity: header facts, highlighted template, variables and context rules.
 *
 * @public
 */
export function PromptDetailPage() {
  const { entity } = useEntity();
  const { promptId = '' } = useParams();
  const { value, loading, error, retry } = usePrompt(
    getCompoundEntityRef(entity),
    promptId,
  );

  let content: ReactNode;
  if (loading) {
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
    content = <PromptDetail detail={value} />;
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
      {content}
    </>
  );
}
