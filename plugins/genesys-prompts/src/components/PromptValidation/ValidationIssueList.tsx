import { ValidationIssue } from '@genesys-prompts/plugin-genesys-prompts-common';
import ButtonBase from '@material-ui/core/ButtonBase';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import ErrorIcon from '@material-ui/icons/Error';
import WarningIcon from '@material-ui/icons/Warning';
import { isTemplateIssue } from './templatePositions';

const useStyles = makeStyles(theme => ({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  },
  item: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    width: '100%',
    textAlign: 'left',
    padding: theme.spacing(0.5),
    borderRadius: theme.shape.borderRadius,
    font: 'inherit',
  },
  clickable: {
    '&:hover': { backgroundColor: theme.palette.action.hover },
  },
  error: { color: theme.palette.error.main },
  warning: { color: theme.palette.warning.main },
  where: {
    fontFamily: 'monospace',
    whiteSpace: 'nowrap',
    color: theme.palette.text.secondary,
  },
  code: {
    fontFamily: 'monospace',
    fontWeight: theme.typography.fontWeightMedium as number,
  },
}));

/** Where an issue is: `line:column` in the template, or the field's path. */
export function issueLocation(issue: ValidationIssue): string {
  return isTemplateIssue(issue)
    ? `${issue.line}:${issue.column}`
    : issue.field ?? 'definition';
}

/**
 * Props of {@link ValidationIssueList}.
 *
 * @public
 */
export interface ValidationIssueListProps {
  issues: ValidationIssue[];
  /** Called when a template issue is clicked, e.g. to select its text in the editor. */
  onSelectIssue?: (issue: ValidationIssue) => void;
}

/**
 * The validator's issues: severity, where (`line:column` in the template or
 * the field), rule code and message.
 *
 * @public
 */
export function ValidationIssueList(props: ValidationIssueListProps) {
  const { issues, onSelectIssue } = props;
  const classes = useStyles();
  const errors = issues.filter(issue => issue.severity === 'error').length;
  const warnings = issues.length - errors;

  if (issues.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary" role="status">
        No problems found.
      </Typography>
    );
  }

  return (
    <>
      <Typography variant="body2" role="status" gutterBottom>
        {errors} error{errors === 1 ? '' : 's'}, {warnings} warning
        {warnings === 1 ? '' : 's'}
      </Typography>
      <ul className={classes.list} aria-label="Validation issues">
        {issues.map((issue, index) => {
          const Icon = issue.severity === 'error' ? ErrorIcon : WarningIcon;
          const where = issueLocation(issue);
          const content = (
            <>
              <Icon
                fontSize="small"
                className={classes[issue.severity]}
                titleAccess={issue.severity}
              />
              <span className={classes.where}>{where}</span>
              <span>
                <span className={classes.code}>{issue.code}</span>{' '}
                {issue.message}
              </span>
            </>
          );
          const selectable = onSelectIssue && isTemplateIssue(issue);
          return (
            <li key={`${issue.code}-${where}-${index}`}>
              {selectable ? (
                <ButtonBase
                  className={`${classes.item} ${classes.clickable}`}
                  onClick={() => onSelectIssue(issue)}
                  title="Select in the template"
                >
                  {content}
                </ButtonBase>
              ) : (
                <div className={classes.item}>{content}</div>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
