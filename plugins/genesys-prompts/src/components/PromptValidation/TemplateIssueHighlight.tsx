import { ValidationIssue } from '@genesys-prompts/plugin-genesys-prompts-common';
import { makeStyles } from '@material-ui/core/styles';
import { Fragment, useMemo } from 'react';
import { issueRanges, segmentTemplate } from './templatePositions';

const useStyles = makeStyles(theme => ({
  root: {
    margin: 0,
    padding: theme.spacing(1.5),
    fontFamily: 'monospace',
    fontSize: '0.875rem',
    lineHeight: 1.6,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    borderRadius: theme.shape.borderRadius,
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    minHeight: '3em',
  },
  error: {
    backgroundColor: 'rgba(248, 81, 73, 0.2)',
    color: 'inherit',
    textDecoration: `underline wavy ${theme.palette.error.main}`,
    textUnderlineOffset: '3px',
  },
  warning: {
    backgroundColor: 'rgba(210, 153, 34, 0.2)',
    color: 'inherit',
    textDecoration: `underline wavy ${theme.palette.warning.main}`,
    textUnderlineOffset: '3px',
  },
  caret: {
    display: 'inline-block',
    width: 0,
    height: '1.2em',
    verticalAlign: 'text-bottom',
    borderLeft: `2px solid ${theme.palette.error.main}`,
  },
}));

function describe(issues: ValidationIssue[]): string {
  return issues
    .map(
      issue =>
        `${issue.severity} ${issue.code} at ${issue.line}:${issue.column}`,
    )
    .join('; ');
}

/**
 * The template as text with every template issue's range marked, errors
 * over warnings; shown under the editor's text area.
 */
export function TemplateIssueHighlight(props: {
  template: string;
  issues: ValidationIssue[];
}) {
  const { template, issues } = props;
  const classes = useStyles();
  const { segments, carets } = useMemo(
    () => segmentTemplate(template, issueRanges(template, issues)),
    [template, issues],
  );

  const caretsAt = (offset: number) =>
    carets
      .filter(caret => caret.start === offset)
      .map((caret, index) => (
        <mark
          key={`caret-${offset}-${index}`}
          className={classes.caret}
          aria-label={describe([caret.issue])}
          title={`${caret.issue.code}: ${caret.issue.message}`}
        />
      ));

  return (
    <pre className={classes.root} aria-label="Template with issues marked">
      {segments.map(segment => (
        <Fragment key={segment.start}>
          {caretsAt(segment.start)}
          {segment.issues.length === 0 ? (
            segment.text
          ) : (
            <mark
              className={
                segment.issues.some(issue => issue.severity === 'error')
                  ? classes.error
                  : classes.warning
              }
              aria-label={describe(segment.issues)}
              title={segment.issues
                .map(issue => `${issue.code}: ${issue.message}`)
                .join('\n')}
            >
              {segment.text}
            </mark>
          )}
        </Fragment>
      ))}
      {caretsAt(template.length)}
    </pre>
  );
}
