import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import CheckCircleOutlineIcon from '@material-ui/icons/CheckCircleOutline';
import CloseIcon from '@material-ui/icons/Close';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import InfoOutlinedIcon from '@material-ui/icons/InfoOutlined';
import ReportProblemOutlinedIcon from '@material-ui/icons/ReportProblemOutlined';
import { ReactNode } from 'react';

/** How a {@link Notice} looks and whether screen readers interrupt for it. */
export type NoticeSeverity = 'success' | 'info' | 'warning' | 'error';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1.5),
    padding: theme.spacing(1.5, 2),
    borderRadius: theme.shape.borderRadius,
    border: `1px solid ${theme.palette.divider}`,
    borderLeftWidth: 4,
    backgroundColor: theme.palette.background.paper,
  },
  success: { borderLeftColor: theme.palette.success.main },
  info: { borderLeftColor: theme.palette.info.main },
  warning: { borderLeftColor: theme.palette.warning.main },
  error: { borderLeftColor: theme.palette.error.main },
  successIcon: { color: theme.palette.success.main },
  infoIcon: { color: theme.palette.info.main },
  warningIcon: { color: theme.palette.warning.main },
  errorIcon: { color: theme.palette.error.main },
  body: { flex: 1, minWidth: 0, wordBreak: 'break-word' },
}));

const ICONS = {
  success: CheckCircleOutlineIcon,
  info: InfoOutlinedIcon,
  warning: ReportProblemOutlinedIcon,
  error: ErrorOutlineIcon,
};

/**
 * An inline banner: a result ("Rolled back to version 3 as version 5"), a
 * warning (drift) or an error (a refused save). Errors and warnings are
 * `role="alert"`, the others `role="status"`.
 */
export function Notice(props: {
  severity: NoticeSeverity;
  title?: ReactNode;
  children?: ReactNode;
  /** Buttons shown under the text. */
  action?: ReactNode;
  onClose?: () => void;
}) {
  const { severity, title, children, action, onClose } = props;
  const classes = useStyles();
  const Icon = ICONS[severity];
  return (
    <div
      role={severity === 'error' || severity === 'warning' ? 'alert' : 'status'}
      className={`${classes.root} ${classes[severity]}`}
    >
      <Icon className={classes[`${severity}Icon`]} />
      <div className={classes.body}>
        {title && (
          <Typography variant="subtitle2" component="div">
            {title}
          </Typography>
        )}
        {children && (
          <Typography variant="body2" component="div">
            {children}
          </Typography>
        )}
        {action && <Box mt={1}>{action}</Box>}
      </div>
      {onClose && (
        <IconButton size="small" aria-label="Dismiss" onClick={onClose}>
          <CloseIcon fontSize="small" />
        </IconButton>
      )}
    </div>
  );
}
