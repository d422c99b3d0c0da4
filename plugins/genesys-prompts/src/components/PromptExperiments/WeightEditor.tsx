import {
  evenWeights,
  ExperimentVariantIssue,
  MAX_EXPERIMENT_VARIANTS,
  rebalanceWeights,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import Slider from '@material-ui/core/Slider';
import { makeStyles } from '@material-ui/core/styles';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';

/** A variant as the form holds it; `promptId` is '' until one is chosen. */
export interface VariantDraft {
  promptId: string;
  weight: number;
}

/** A prompt the entity owns, as the form offers it. */
export interface PromptOption {
  id: string;
  name: string;
}

const useStyles = makeStyles(theme => ({
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(200px, 2fr) minmax(120px, 2fr) 96px 40px',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(1),
  },
  primary: { paddingLeft: theme.spacing(1) },
}));

/** Issues for variant `index` (its prompt or its weight). */
function issuesOf(issues: ExperimentVariantIssue[], index: number) {
  return issues.filter(issue => issue.field.startsWith(`variants[${index}]`));
}

function PromptSelect(props: {
  index: number;
  value: string;
  options: PromptOption[];
  error: boolean;
  onChange(promptId: string): void;
}) {
  const { index, value, options, error, onChange } = props;
  const known = value === '' || options.some(option => option.id === value);
  return (
    <TextField
      id={`experiment-variant-${index}`}
      select
      size="small"
      variant="outlined"
      label={`Variant ${index + 1}`}
      SelectProps={{ native: true }}
      value={value}
      error={error}
      onChange={e => onChange(e.target.value)}
    >
      <option value="">Choose a prompt</option>
      {options.map(option => (
        <option key={option.id} value={option.id}>
          {option.name}
        </option>
      ))}
      {/* Copied from an older experiment, and no longer the entity's. */}
      {!known && (
        <option value={value}>{`${value} (not owned by this entity)`}</option>
      )}
    </TextField>
  );
}

/**
 * The variants of a new experiment: the primary first (fixed), then 1–4
 * other prompts, each with a weight. Changing one weight rebalances the
 * others so they always add up to 100.
 */
export function WeightEditor(props: {
  primary: PromptOption;
  variants: VariantDraft[];
  options: PromptOption[];
  issues: ExperimentVariantIssue[];
  onChange(variants: VariantDraft[]): void;
}) {
  const { primary, variants, options, issues, onChange } = props;
  const classes = useStyles();
  const weights = variants.map(v => v.weight);
  const total = weights.reduce((sum, weight) => sum + weight, 0);

  const setWeight = (index: number, weight: number) => {
    const next = rebalanceWeights(weights, index, weight);
    onChange(variants.map((v, i) => ({ ...v, weight: next[i] })));
  };
  const setPrompt = (index: number, promptId: string) =>
    onChange(variants.map((v, i) => (i === index ? { ...v, promptId } : v)));
  const remove = (index: number) => {
    // Give the removed weight to the others in proportion, then drop the row.
    const next = rebalanceWeights(weights, index, 0);
    onChange(
      variants
        .map((v, i) => ({ ...v, weight: next[i] }))
        .filter((_, i) => i !== index),
    );
  };
  const add = () => {
    const used = new Set(variants.map(v => v.promptId));
    const unused = options.find(option => !used.has(option.id));
    const next = evenWeights(variants.length + 1);
    onChange(
      [...variants, { promptId: unused?.id ?? '', weight: 0 }].map((v, i) => ({
        ...v,
        weight: next[i],
      })),
    );
  };
  const splitEvenly = () => {
    const next = evenWeights(variants.length);
    onChange(variants.map((v, i) => ({ ...v, weight: next[i] })));
  };

  return (
    <Box role="group" aria-label="Variants and weights">
      {variants.map((variant, index) => {
        const rowIssues = issuesOf(issues, index);
        const label = `variant ${index + 1}`;
        return (
          <div className={classes.row} key={index}>
            {index === 0 ? (
              <Typography className={classes.primary}>
                {primary.name} <em>(primary)</em>
              </Typography>
            ) : (
              <PromptSelect
                index={index}
                value={variant.promptId}
                options={options}
                error={rowIssues.some(i => i.field.endsWith('promptId'))}
                onChange={promptId => setPrompt(index, promptId)}
              />
            )}
            <Slider
              value={variant.weight}
              min={0}
              max={100}
              step={1}
              aria-label={`Weight slider of ${label}`}
              onChange={(_event, value) => setWeight(index, value as number)}
            />
            <TextField
              type="number"
              size="small"
              variant="outlined"
              value={variant.weight}
              error={rowIssues.some(i => i.field.endsWith('weight'))}
              inputProps={{
                min: 0,
                max: 100,
                step: 1,
                'aria-label': `Weight of ${label}`,
              }}
              onChange={e => setWeight(index, Number(e.target.value))}
            />
            {index === 0 ? (
              <span />
            ) : (
              <IconButton
                size="small"
                aria-label={`Remove ${label}`}
                onClick={() => remove(index)}
                disabled={variants.length <= 2}
              >
                <DeleteIcon fontSize="small" />
              </IconButton>
            )}
          </div>
        );
      })}
      <Box display="flex" alignItems="center" style={{ gap: 16 }}>
        <Button
          size="small"
          startIcon={<AddIcon />}
          onClick={add}
          disabled={variants.length >= MAX_EXPERIMENT_VARIANTS}
        >
          Add variant
        </Button>
        <Button size="small" onClick={splitEvenly}>
          Split evenly
        </Button>
        <Typography variant="body2" color="textSecondary" aria-live="polite">
          Total: {total} %
        </Typography>
      </Box>
    </Box>
  );
}
