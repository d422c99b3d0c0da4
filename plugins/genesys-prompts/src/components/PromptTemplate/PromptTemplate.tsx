import { Fragment, useMemo } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import { tokenizeTemplate } from './tokenizeTemplate';

const useStyles = makeStyles(theme => ({
  root: {
    margin: 0,
    padding: theme.spacing(2),
    fontFamily: 'monospace',
    fontSize: '0.875rem',
    lineHeight: 1.6,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    overflowX: 'auto',
    borderRadius: theme.shape.borderRadius,
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
  },
  variable: {
    padding: theme.spacing(0, 0.5),
    borderRadius: theme.shape.borderRadius,
    fontWeight: theme.typography.fontWeightBold as number,
    color: theme.palette.primary.contrastText,
    backgroundColor: theme.palette.primary.main,
  },
  undeclared: {
    color: theme.palette.error.contrastText,
    backgroundColor: theme.palette.error.main,
  },
}));

/**
 * Props of {@link PromptTemplate}.
 *
 * @public
 */
export interface PromptTemplateProps {
  template: string;
  /** Declared variable names; when given, placeholders not in it are marked as undeclared. */
  declaredVariables?: string[];
}

/**
 * A prompt template in a monospace block with every `{{variable}}` highlighted.
 *
 * @public
 */
export function PromptTemplate(props: PromptTemplateProps) {
  const { template, declaredVariables } = props;
  const classes = useStyles();
  const tokens = useMemo(() => tokenizeTemplate(template), [template]);
  const declared = useMemo(
    () => (declaredVariables ? new Set(declaredVariables) : undefined),
    [declaredVariables],
  );

  return (
    <pre className={classes.root} aria-label="Prompt template">
      {tokens.map((token, index) => {
        if (token.type === 'text') {
          return <Fragment key={index}>{token.value}</Fragment>;
        }
        const undeclared = declared !== undefined && !declared.has(token.name);
        return (
          <mark
            key={index}
            className={
              undeclared
                ? `${classes.variable} ${classes.undeclared}`
                : classes.variable
            }
            aria-label={
              undeclared
                ? `undeclared variable ${token.name}`
                : `variable ${token.name}`
            }
            title={
              undeclared ? 'Not declared in the variables list' : undefined
            }
          >
            {token.value}
          </mark>
        );
      })}
    </pre>
  );
}
