import { InfoCard } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import {
  BUILT_IN_MODELS,
  GENESYS_CONTEXT_SOURCES,
  GENESYS_INJECTION_POINTS,
  GENESYS_VARIABLE_TYPES,
  GenesysPromptDefinition,
  ValidationIssue,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import { makeStyles } from '@material-ui/core/styles';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import { FormEvent, ReactNode, useMemo, useRef, useState } from 'react';
import {
  usePromptValidation,
  useTokenBudgetOptions,
  validateInBrowser,
} from '../../hooks';
import { describeError } from '../GenesysErrorPanel';
import { Notice } from '../Notice';
import {
  issueRanges,
  TemplateIssueHighlight,
  TokenBudgetBar,
  ValidationIssueList,
} from '../PromptValidation';
import {
  ContextRuleDraft,
  definitionFromDraft,
  draftFromDefinition,
  emptyContextRule,
  emptyVariable,
  PromptDraft,
  VariableDraft,
} from './draft';

const useStyles = makeStyles(theme => ({
  template: {
    fontFamily: 'monospace',
    fontSize: '0.875rem',
    lineHeight: 1.6,
  },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(1.5),
  },
  grow: { flex: '1 1 160px', minWidth: 120 },
  narrow: { flex: '0 1 140px', minWidth: 100 },
  sectionTitle: {
    marginTop: theme.spacing(3),
    marginBottom: theme.spacing(1),
  },
  sticky: {
    position: 'sticky',
    top: theme.spacing(2),
  },
  actions: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginTop: theme.spacing(3),
  },
}));

/**
 * What the editor hands to its caller on submit: a definition the browser
 * validator accepts, and for an edit the optional reason.
 *
 * @public
 */
export interface PromptEditorSubmission {
  definition: GenesysPromptDefinition;
  reason?: string;
}

/**
 * Props of {@link PromptEditor}.
 *
 * @public
 */
export interface PromptEditorProps {
  /** `create` picks the name from `nameOptions`; `edit` keeps the name and asks for a reason. */
  mode: 'create' | 'edit';
  /** The definition to start from (edit). */
  initialDefinition?: GenesysPromptDefinition;
  /** Names the prompt may get (create): the entity's annotated names Genesys does not have. */
  nameOptions?: string[];
  /** The name picked at first (create). */
  initialName?: string;
  /** Saves; a rejection is shown in the form (400 and 409 explained). */
  onSubmit(submission: PromptEditorSubmission): Promise<void>;
  onCancel?(): void;
  /** Offered in the alert when the save hit a stale revision (409). */
  onReload?(): void;
  /** When set, saving is impossible and this says why (e.g. a missing permission). */
  disabledReason?: string;
}

function statusOf(error: Error): number | undefined {
  return error.name === 'ResponseError'
    ? (error as ResponseError).statusCode
    : undefined;
}

function SubmitError(props: { error: Error; onReload?: () => void }) {
  const { error, onReload } = props;
  const status = statusOf(error);
  if (status === 409) {
    return (
      <Notice
        severity="error"
        title="Someone changed this prompt since you loaded it"
        action={
          onReload && (
            <Button variant="outlined" size="small" onClick={onReload}>
              Reload
            </Button>
          )
        }
      >
        Reload to get the latest version, then apply your change again
        (reloading replaces what you typed here; copy it first if you need it).{' '}
        {describeError(error)}
      </Notice>
    );
  }
  let title = 'Could not save the prompt';
  if (status === 400) title = 'The backend refused the prompt';
  if (status === 403) title = 'You are not allowed to make this change';
  return (
    <Notice severity="error" title={title}>
      {describeError(error)}
    </Notice>
  );
}

/** The first issue about each definition field, for the field's helper text. */
function fieldMessages(
  issues: ValidationIssue[],
): Map<string, ValidationIssue> {
  const byField = new Map<string, ValidationIssue>();
  for (const issue of issues) {
    if (
      issue.field &&
      issue.field !== 'template' &&
      !byField.has(issue.field)
    ) {
      byField.set(issue.field, issue);
    }
  }
  return byField;
}

/** Native select options, keeping an unknown current value visible (the validator flags it). */
function options(values: readonly string[], current: string): ReactNode {
  const all =
    values.includes(current) || current === '' ? values : [current, ...values];
  return all.map(value => (
    <option key={value} value={value}>
      {value}
    </option>
  ));
}

const MODEL_LIST_ID = 'genesys-prompts-model-ids';

/**
 * The create and edit form of a prompt: template, variables, context rules,
 * model, maxTokens and version label (plus a reason on edit), validated live
 * with the shared validator as the user types: issues with their positions,
 * marked in the template, and the token budget as a bar. Saving is disabled
 * while there are errors.
 *
 * @public
 */
export function PromptEditor(props: PromptEditorProps) {
  const {
    mode,
    initialDefinition,
    nameOptions = [],
    initialName,
    onSubmit,
    onCancel,
    onReload,
    disabledReason,
  } = props;
  const classes = useStyles();
  const [draft, setDraft] = useState<PromptDraft>(() =>
    draftFromDefinition(
      initialDefinition,
      initialName ?? (nameOptions.length === 1 ? nameOptions[0] : ''),
    ),
  );
  const [reason, setReason] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<Error>();
  const templateRef = useRef<HTMLTextAreaElement>(null);

  const definition = useMemo(() => definitionFromDraft(draft), [draft]);
  const report = usePromptValidation(definition);
  const budgetOptions = useTokenBudgetOptions();
  const byField = useMemo(() => fieldMessages(report.issues), [report]);
  const templateIssues = useMemo(
    () => report.issues.filter(issue => issue.field === 'template'),
    [report],
  );
  const errorCount = report.issues.filter(i => i.severity === 'error').length;

  const update = (changes: Partial<PromptDraft>) =>
    setDraft(previous => ({ ...previous, ...changes }));
  const updateVariable = (key: number, changes: Partial<VariableDraft>) =>
    setDraft(previous => ({
      ...previous,
      variables: previous.variables.map(v =>
        v.key === key ? { ...v, ...changes } : v,
      ),
    }));
  const updateRule = (key: number, changes: Partial<ContextRuleDraft>) =>
    setDraft(previous => ({
      ...previous,
      contextRules: previous.contextRules.map(r =>
        r.key === key ? { ...r, ...changes } : r,
      ),
    }));

  const fieldProps = (field: string) => {
    const issue = byField.get(field);
    return issue
      ? {
          error: issue.severity === 'error',
          helperText: `${issue.code}: ${issue.message}`,
        }
      : {};
  };

  const selectIssue = (issue: ValidationIssue) => {
    const textarea = templateRef.current;
    if (!textarea) return;
    const [range] = issueRanges(draft.template, [issue]);
    textarea.focus();
    textarea.setSelectionRange(range.start, Math.max(range.end, range.start));
  };

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    // The live report may lag the last keystroke by the debounce: check now.
    if (!validateInBrowser(definition, budgetOptions).valid || disabledReason)
      return;
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      await onSubmit({
        definition,
        reason: mode === 'edit' && reason.trim() ? reason.trim() : undefined,
      });
    } catch (error) {
      setSubmitError(error as Error);
    } finally {
      setSubmitting(false);
    }
  };

  const nameMissing = mode === 'create' && nameOptions.length === 0;
  const blockedReason =
    disabledReason ??
    (nameMissing
      ? 'No name is free: every prompt the entity annotation lists already exists in Genesys.'
      : undefined);
  const submitDisabled = errorCount > 0 || submitting || !!blockedReason;
  let submitLabel = mode === 'create' ? 'Create prompt' : 'Save changes';
  if (submitting) submitLabel = 'Saving…';

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Prompt editor">
      <Grid container spacing={3}>
        {(blockedReason || submitError) && (
          <Grid item xs={12}>
            {blockedReason && (
              <Box mb={submitError ? 2 : 0}>
                <Notice severity="warning" title="You cannot save this form">
                  {blockedReason}
                </Notice>
              </Box>
            )}
            {submitError && (
              <SubmitError error={submitError} onReload={onReload} />
            )}
          </Grid>
        )}
        <Grid item xs={12} md={8}>
          <InfoCard title={mode === 'create' ? 'New prompt' : 'Edit prompt'}>
            <div className={classes.row}>
              {mode === 'create' ? (
                <TextField
                  id="prompt-name"
                  className={classes.grow}
                  select
                  SelectProps={{ native: true }}
                  label="Name"
                  value={draft.name}
                  onChange={e => update({ name: e.target.value })}
                  {...fieldProps('name')}
                  helperText={
                    fieldProps('name').helperText ??
                    'A name the entity annotation lists and Genesys does not have yet'
                  }
                >
                  {nameOptions.length !== 1 && (
                    <option value="">Choose a name</option>
                  )}
                  {nameOptions.map(name => (
                    <option key={name} value={name}>
                      {name}
                    </option>
                  ))}
                </TextField>
              ) : (
                <TextField
                  id="prompt-name"
                  className={classes.grow}
                  label="Name"
                  value={draft.name}
                  disabled
                  helperText="A prompt cannot be renamed"
                />
              )}
              <TextField
                id="prompt-version"
                className={classes.narrow}
                label="Version label"
                value={draft.version}
                onChange={e => update({ version: e.target.value })}
                {...fieldProps('version')}
              />
            </div>
            <div className={classes.row}>
              <TextField
                id="prompt-model"
                className={classes.grow}
                label="Model ID"
                value={draft.modelId}
                onChange={e => update({ modelId: e.target.value })}
                inputProps={{ list: MODEL_LIST_ID }}
                {...fieldProps('modelId')}
              />
              <datalist id={MODEL_LIST_ID}>
                {Object.keys(BUILT_IN_MODELS).map(id => (
                  <option key={id} value={id} />
                ))}
              </datalist>
              <TextField
                id="prompt-max-tokens"
                className={classes.narrow}
                label="Max tokens"
                value={draft.maxTokens}
                onChange={e => update({ maxTokens: e.target.value })}
                inputProps={{ inputMode: 'numeric' }}
                {...fieldProps('maxTokens')}
              />
            </div>

            <TextField
              id="prompt-template"
              label="Template"
              value={draft.template}
              onChange={e => update({ template: e.target.value })}
              multiline
              minRows={8}
              fullWidth
              variant="outlined"
              inputRef={templateRef}
              InputProps={{ classes: { input: classes.template } }}
              inputProps={{ spellCheck: false }}
              error={templateIssues.some(i => i.severity === 'error')}
              helperText="Placeholders are {{name}}; every one must be a declared variable"
            />
            {draft.template !== '' && templateIssues.length > 0 && (
              <Box mt={1}>
                <Typography variant="caption" color="textSecondary">
                  Problems marked in the template
                </Typography>
                <TemplateIssueHighlight
                  template={draft.template}
                  issues={templateIssues}
                />
              </Box>
            )}

            <Typography
              variant="subtitle1"
              component="h3"
              className={classes.sectionTitle}
            >
              Variables
            </Typography>
            {draft.variables.length === 0 && (
              <Typography variant="body2" color="textSecondary" gutterBottom>
                No variables declared.
              </Typography>
            )}
            {draft.variables.map((variable, index) => {
              const n = index + 1;
              const path = `variables[${index}]`;
              return (
                <div className={classes.row} key={variable.key}>
                  <TextField
                    id={`variable-${variable.key}-name`}
                    className={classes.grow}
                    label={`Variable ${n} name`}
                    value={variable.name}
                    onChange={e =>
                      updateVariable(variable.key, { name: e.target.value })
                    }
                    {...fieldProps(`${path}.name`)}
                  />
                  <TextField
                    id={`variable-${variable.key}-type`}
                    className={classes.narrow}
                    select
                    SelectProps={{ native: true }}
                    label={`Variable ${n} type`}
                    value={variable.type}
                    onChange={e =>
                      updateVariable(variable.key, { type: e.target.value })
                    }
                    {...fieldProps(`${path}.type`)}
                  >
                    {options(GENESYS_VARIABLE_TYPES, variable.type)}
                  </TextField>
                  <FormControlLabel
                    control={
                      <Checkbox
                        checked={variable.required}
                        onChange={e =>
                          updateVariable(variable.key, {
                            required: e.target.checked,
                          })
                        }
                        inputProps={{
                          'aria-label': `Variable ${n} required`,
                        }}
                      />
                    }
                    label="Required"
                  />
                  <TextField
                    id={`variable-${variable.key}-default`}
                    className={classes.grow}
                    label={`Variable ${n} default`}
                    value={variable.defaultValue}
                    onChange={e =>
                      updateVariable(variable.key, {
                        defaultValue: e.target.value,
                      })
                    }
                    {...fieldProps(`${path}.defaultValue`)}
                  />
                  <IconButton
                    aria-label={`Remove variable ${n}`}
                    onClick={() =>
                      update({
                        variables: draft.variables.filter(
                          v => v.key !== variable.key,
                        ),
                      })
                    }
                  >
                    <DeleteIcon />
                  </IconButton>
                </div>
              );
            })}
            <Button
              size="small"
              startIcon={<AddIcon />}
              onClick={() =>
                update({ variables: [...draft.variables, emptyVariable()] })
              }
            >
              Add variable
            </Button>

            <Typography
              variant="subtitle1"
              component="h3"
              className={classes.sectionTitle}
            >
              Context rules
            </Typography>
            {draft.contextRules.length === 0 && (
              <Typography variant="body2" color="textSecondary" gutterBottom>
                No context rules.
              </Typography>
            )}
            {draft.contextRules.map((rule, index) => {
              const n = index + 1;
              const path = `contextRules[${index}]`;
              return (
                <div className={classes.row} key={rule.key}>
                  <TextField
                    id={`rule-${rule.key}-source`}
                    className={classes.grow}
                    select
                    SelectProps={{ native: true }}
                    label={`Context rule ${n} source`}
                    value={rule.source}
                    onChange={e =>
                      updateRule(rule.key, { source: e.target.value })
                    }
                    {...fieldProps(`${path}.source`)}
                  >
                    {options(GENESYS_CONTEXT_SOURCES, rule.source)}
                  </TextField>
                  <TextField
                    id={`rule-${rule.key}-injection`}
                    className={classes.narrow}
                    select
                    SelectProps={{ native: true }}
                    label={`Context rule ${n} injection point`}
                    value={rule.injectionPoint}
                    onChange={e =>
                      updateRule(rule.key, { injectionPoint: e.target.value })
                    }
                    {...fieldProps(`${path}.injectionPoint`)}
                  >
                    {options(GENESYS_INJECTION_POINTS, rule.injectionPoint)}
                  </TextField>
                  <TextField
                    id={`rule-${rule.key}-max-tokens`}
                    className={classes.narrow}
                    label={`Context rule ${n} max tokens`}
                    value={rule.maxTokens}
                    onChange={e =>
                      updateRule(rule.key, { maxTokens: e.target.value })
                    }
                    inputProps={{ inputMode: 'numeric' }}
                    {...fieldProps(`${path}.maxTokens`)}
                  />
                  <IconButton
                    aria-label={`Remove context rule ${n}`}
                    onClick={() =>
                      update({
                        contextRules: draft.contextRules.filter(
                          r => r.key !== rule.key,
                        ),
                      })
                    }
                  >
                    <DeleteIcon />
                  </IconButton>
                </div>
              );
            })}
            <Button
              size="small"
              startIcon={<AddIcon />}
              onClick={() =>
                update({
                  contextRules: [...draft.contextRules, emptyContextRule()],
                })
              }
            >
              Add context rule
            </Button>

            {mode === 'edit' && (
              <Box mt={3}>
                <TextField
                  id="prompt-reason"
                  label="Reason (optional)"
                  helperText="Recorded in the version history and the audit log"
                  value={reason}
                  onChange={e => setReason(e.target.value)}
                  fullWidth
                  multiline
                  minRows={2}
                />
              </Box>
            )}

            <div className={classes.actions}>
              <Button
                type="submit"
                variant="contained"
                color="primary"
                disabled={submitDisabled}
                aria-describedby={
                  errorCount > 0 ? 'prompt-editor-blocked' : undefined
                }
              >
                {submitLabel}
              </Button>
              {onCancel && (
                <Button onClick={onCancel} disabled={submitting}>
                  Cancel
                </Button>
              )}
              {errorCount > 0 && (
                <Typography
                  id="prompt-editor-blocked"
                  variant="body2"
                  color="error"
                >
                  Fix {errorCount} error{errorCount === 1 ? '' : 's'} to save
                </Typography>
              )}
            </div>
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={4}>
          <div className={classes.sticky}>
            <InfoCard title="Validation">
              <TokenBudgetBar budget={report.budget} />
              <Box mt={2}>
                <ValidationIssueList
                  issues={report.issues}
                  onSelectIssue={selectIssue}
                />
              </Box>
            </InfoCard>
          </div>
        </Grid>
      </Grid>
    </form>
  );
}
