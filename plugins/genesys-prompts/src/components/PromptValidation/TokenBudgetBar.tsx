import { TokenBudget } from '@genesys-prompts/plugin-genesys-prompts-common';
import Box from '@material-ui/core/Box';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';

type Part = 'template' | 'context' | 'variables' | 'reserve';

const PARTS: Array<{ part: Part; label: string; key: keyof TokenBudget }> = [
  { part: 'template', label: 'Template', key: 'templateTokens' },
  { part: 'context', label: 'Context', key: 'contextTokens' },
  { part: 'variables', label: 'Variables', key: 'variableTokens' },
  { part: 'reserve', label: 'Reserve', key: 'reserveTokens' },
];

function partColor(theme: Theme, part: Part, fits: boolean): string {
  if (!fits) {
    return {
      template: theme.palette.error.dark,
      context: theme.palette.error.main,
      variables: theme.palette.error.light,
      reserve: theme.palette.error.light,
    }[part];
  }
  return {
    template: theme.palette.primary.main,
    context: theme.palette.info.main,
    variables: theme.palette.secondary.main,
    reserve: theme.palette.grey[500],
  }[part];
}

const useStyles = makeStyles<Theme, { fits: boolean }>(theme => ({
  bar: {
    position: 'relative',
    display: 'flex',
    height: 16,
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
    backgroundColor: theme.palette.action.hover,
    border: ({ fits }) =>
      `1px solid ${fits ? theme.palette.divider : theme.palette.error.main}`,
  },
  segment: { height: '100%' },
  template: ({ fits }) => ({
    backgroundColor: partColor(theme, 'template', fits),
  }),
  context: ({ fits }) => ({
    backgroundColor: partColor(theme, 'context', fits),
  }),
  variables: ({ fits }) => ({
    backgroundColor: partColor(theme, 'variables', fits),
  }),
  reserve: ({ fits }) => ({
    backgroundColor: partColor(theme, 'reserve', fits),
    opacity: 0.7,
  }),
  limit: {
    position: 'absolute',
    top: 0,
    bottom: 0,
    width: 2,
    backgroundColor: theme.palette.text.primary,
  },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 2),
    margin: theme.spacing(1, 0, 0),
    padding: 0,
    listStyle: 'none',
  },
  swatch: {
    display: 'inline-block',
    width: 10,
    height: 10,
    marginRight: theme.spacing(0.5),
    borderRadius: 2,
  },
  verdict: ({ fits }) => ({
    color: fits ? theme.palette.text.primary : theme.palette.error.main,
    fontWeight: fits ? undefined : (theme.typography.fontWeightBold as number),
  }),
}));

const ESTIMATE_REASONS: Record<string, string> = {
  'tokenizer-not-loaded': "loading the model's tokenizer",
  'unknown-model': 'unknown model',
  'unsupported-tokenizer': 'tokenizer not supported',
};

const format = (n: number) => n.toLocaleString('en-US');

/**
 * Props of {@link TokenBudgetBar}.
 *
 * @public
 */
export interface TokenBudgetBarProps {
  budget: TokenBudget;
}

/**
 * A prompt's token budget as a bar: template, context, variables and reserve
 * against the prompt's maxTokens (red when it does not fit), with the
 * numbers, and "estimated" when the template was not counted exactly.
 *
 * @public
 */
export function TokenBudgetBar(props: TokenBudgetBarProps) {
  const { budget } = props;
  const classes = useStyles({ fits: budget.fits });
  // Scale to the larger of total and limit, so an overflow shows past the limit mark.
  const scale = Math.max(budget.total, budget.limit ?? 0, 1);
  const approx = budget.estimated ? '≈ ' : '';

  const verdict: string[] = [];
  verdict.push(
    budget.limit === null
      ? `${approx}${format(budget.total)} tokens; no valid max tokens`
      : `${approx}${format(budget.total)} of ${format(budget.limit)} tokens`,
  );
  if (budget.limit !== null && budget.total > budget.limit) {
    verdict.push(`over max tokens by ${format(budget.total - budget.limit)}`);
  }
  if (budget.contextWindow !== null) {
    verdict.push(
      budget.total > budget.contextWindow
        ? `over the ${format(budget.contextWindow)}-token context window`
        : `context window ${format(budget.contextWindow)}`,
    );
  } else {
    verdict.push('context window unknown');
  }

  const summary = PARTS.map(
    ({ label, key }) => `${label} ${format(budget[key] as number)}`,
  ).join(', ');

  return (
    <Box role="group" aria-label="Token budget" data-fits={String(budget.fits)}>
      <Box display="flex" alignItems="baseline" mb={1} flexWrap="wrap">
        <Typography variant="subtitle2" component="span">
          Token budget
        </Typography>
        <Box ml={1}>
          <Typography variant="caption" color="textSecondary">
            {budget.tokenizer === 'estimate'
              ? 'estimated counts'
              : `tokenizer ${budget.tokenizer}`}
            {budget.estimated &&
              ` · estimated${
                budget.estimateReason
                  ? ` (${
                      ESTIMATE_REASONS[budget.estimateReason] ??
                      budget.estimateReason
                    })`
                  : ''
              }`}
          </Typography>
        </Box>
      </Box>
      <div
        className={classes.bar}
        role="img"
        aria-label={`${summary}: ${verdict.join('; ')}`}
      >
        {PARTS.map(({ part, label, key }) => {
          const value = budget[key] as number;
          return value > 0 ? (
            <div
              key={part}
              className={`${classes.segment} ${classes[part]}`}
              style={{ width: `${(value / scale) * 100}%` }}
              title={`${label}: ${format(value)} tokens`}
            />
          ) : null;
        })}
        {budget.limit !== null && budget.total > budget.limit && (
          <div
            className={classes.limit}
            style={{ left: `${(budget.limit / scale) * 100}%` }}
            title={`max tokens ${format(budget.limit)}`}
          />
        )}
      </div>
      <ul className={classes.legend}>
        {PARTS.map(({ part, label, key }) => (
          <li key={part}>
            <Typography variant="caption">
              <span className={`${classes.swatch} ${classes[part]}`} />
              {label}: {format(budget[key] as number)}
            </Typography>
          </li>
        ))}
      </ul>
      <Typography variant="body2" className={classes.verdict}>
        {budget.fits ? 'Fits: ' : 'Does not fit: '}
        {verdict.join(' · ')}
      </Typography>
    </Box>
  );
}
