import { ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';

/** Title for an error panel: keeps the server's message (with its upstream correlation id) visible. */
export function describeError(error: Error): string {
  if (error instanceof ResponseError || error.name === 'ResponseError') {
    const { cause } = error as ResponseError;
    if (cause?.message && cause.message !== error.message) {
      return `${error.message}: ${cause.message}`;
    }
  }
  return error.message;
}

/**
 * A ResponseErrorPanel whose title shows what the server said, not just the
 * status line, with a retry button since upstream failures are often transient.
 */
export function GenesysErrorPanel(props: {
  error: Error;
  title?: string;
  onRetry?: () => void;
}) {
  const { error, title, onRetry } = props;
  const message = describeError(error);
  return (
    <>
      <ResponseErrorPanel
        error={error}
        title={title ? `${title}: ${message}` : message}
      />
      {onRetry && (
        <Box mt={2}>
          <Button variant="outlined" color="primary" onClick={onRetry}>
            Retry
          </Button>
        </Box>
      )}
    </>
  );
}
