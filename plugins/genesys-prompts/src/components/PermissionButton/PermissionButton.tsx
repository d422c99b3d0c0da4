import Button, { ButtonProps } from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';

// A class, not a Box: each Box adds a style sheet of its own when it mounts.
const useStyles = makeStyles({
  root: { display: 'inline-flex', flexDirection: 'column', maxWidth: 360 },
});

/**
 * A button for an action a permission guards: disabled while the decision
 * loads, and disabled with the reason written under it when denied (or when
 * `disabledReason` says the action makes no sense right now); `pending`
 * disables it quietly while something it needs loads.
 */
export function PermissionButton(
  props: Omit<ButtonProps, 'disabled'> & {
    /** Stable id, so the reason can describe the button. */
    id: string;
    permission: { allowed: boolean; loading: boolean; error?: Error };
    /** Why a denied user cannot act, naming the permission. */
    deniedReason: string;
    /** Another reason to disable the button, shown the same way. */
    disabledReason?: string;
    /** Disabled without a reason: something the action needs is loading or running. */
    pending?: boolean;
  },
) {
  const {
    id,
    permission,
    deniedReason,
    disabledReason,
    pending,
    ...buttonProps
  } = props;
  let reason: string | undefined;
  if (permission.error) {
    reason = `Could not check the permission: ${permission.error.message}`;
  } else if (!permission.loading && !permission.allowed) {
    reason = deniedReason;
  } else if (permission.allowed) {
    reason = disabledReason;
  }
  const disabled = !permission.allowed || reason !== undefined || !!pending;
  const reasonId = `${id}-reason`;
  const classes = useStyles();
  return (
    <div className={classes.root}>
      <Button
        {...buttonProps}
        id={id}
        disabled={disabled}
        aria-describedby={reason ? reasonId : undefined}
      >
        {buttonProps.children}
      </Button>
      {reason && (
        <Typography id={reasonId} variant="caption" color="textSecondary">
          {reason}
        </Typography>
      )}
    </div>
  );
}

/** Why a user without `permissionName` cannot act, and who usually can. */
export function deniedBecause(permissionName: string, who: string): string {
  return `You need ${permissionName} on this entity (${who})`;
}
