import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  evenWeights,
  Experiment,
  GuardThresholds,
  validateExperimentVariants,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { FormEvent, useMemo, useState } from 'react';
import { genesysPromptsApiRef } from '../../api';
import { ConfirmForm, FormDialog, useSubmission } from '../ConfirmForm';
import { Notice } from '../Notice';
import {
  EMPTY_GUARD_TEXT,
  guardToText,
  GuardOverrideFields,
  parseGuardText,
} from './GuardOverrideFields';
import { PromptOption, VariantDraft, WeightEditor } from './WeightEditor';

/** What a new experiment starts from: empty, or copied from an older one. */
export interface ExperimentTemplate {
  variants: VariantDraft[];
  guard?: Partial<GuardThresholds>;
}

/**
 * Props of the new-experiment dialog.
 */
export interface NewExperimentDialogProps {
  open: boolean;
  onClose(): void;
  entityRef: CompoundEntityRef;
  primary: PromptOption;
  /** The entity's other prompts that Genesys has. */
  options: PromptOption[];
  /** Copy of an older experiment's variants and guard ("Run again"). */
  template?: ExperimentTemplate;
  onCreated(experiment: Experiment): void;
}

function initialVariants(
  primary: PromptOption,
  options: PromptOption[],
): VariantDraft[] {
  const [first, second] = evenWeights(2);
  return [
    { promptId: primary.id, weight: first },
    { promptId: options[0]?.id ?? '', weight: second },
  ];
}

function NewExperimentForm(props: Omit<NewExperimentDialogProps, 'open'>) {
  const { onClose, entityRef, primary, options, template, onCreated } = props;
  const api = useApi(genesysPromptsApiRef);
  const [variants, setVariants] = useState<VariantDraft[]>(
    () => template?.variants ?? initialVariants(primary, options),
  );
  const [guardText, setGuardText] = useState(() =>
    template?.guard ? guardToText(template.guard) : EMPTY_GUARD_TEXT,
  );
  const { submitting, error: submitError, submit } = useSubmission();

  const issues = useMemo(
    () =>
      validateExperimentVariants(variants, {
        primaryPromptId: primary.id,
        ownedPromptIds: [primary.id, ...options.map(option => option.id)],
      }),
    [variants, primary.id, options],
  );
  const { guard, problems } = useMemo(
    () => parseGuardText(guardText),
    [guardText],
  );
  const hasGuardTemplate = Object.keys(template?.guard ?? {}).length > 0;
  const messages = [...issues.map(issue => issue.message), ...problems];
  const canCreate = messages.length === 0 && !submitting;

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!canCreate) return;
    await submit(async () => {
      const experiment = await api.createExperiment(entityRef, primary.id, {
        variants: variants.map(({ promptId, weight }) => ({
          promptId,
          weight,
        })),
        ...(Object.keys(guard).length > 0 ? { guard } : {}),
      });
      onCreated(experiment);
    });
  };

  return (
    <ConfirmForm
      titleId="new-experiment-title"
      title="New experiment"
      onSubmit={create}
      onCancel={onClose}
      submitting={submitting}
      canSubmit={canCreate}
      submitLabel={submitting ? 'Creating…' : 'Create draft'}
      error={submitError}
      errorTitle="The experiment was not created"
    >
      <Typography variant="body2" paragraph>
        The traffic of {primary.name} is split between the variants by weight
        once the experiment starts. Until then it is a draft.
      </Typography>
      <WeightEditor
        primary={primary}
        variants={variants}
        options={options}
        issues={issues}
        onChange={setVariants}
      />
      {messages.length > 0 && (
        <Box mt={2}>
          <Notice severity="warning" title="Fix these first">
            <ul aria-label="Experiment issues" style={{ margin: 0 }}>
              {messages.map(message => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          </Notice>
        </Box>
      )}
      <Box mt={2}>
        <Accordion defaultExpanded={hasGuardTemplate}>
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography variant="subtitle2">
              Guard overrides (optional)
            </Typography>
          </AccordionSummary>
          <AccordionDetails>
            <GuardOverrideFields value={guardText} onChange={setGuardText} />
          </AccordionDetails>
        </Accordion>
      </Box>
    </ConfirmForm>
  );
}

/**
 * Creates a draft experiment on a prompt: 1–4 other prompts of the entity,
 * weights that always add up to 100, optional guard overrides; problems
 * are shown as they arise, with the shared validator the backend uses.
 */
export function NewExperimentDialog(props: NewExperimentDialogProps) {
  const { open, ...rest } = props;
  return (
    <FormDialog
      open={open}
      onClose={rest.onClose}
      titleId="new-experiment-title"
      maxWidth="md"
    >
      <NewExperimentForm {...rest} />
    </FormDialog>
  );
}
