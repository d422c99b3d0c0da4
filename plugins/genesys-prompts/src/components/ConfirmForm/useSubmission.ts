import { useState } from 'react';

/**
 * Submission state of a dialog that closes once its request succeeded:
 * `submitting` stays true until then; a failure is kept in `error` and
 * enables the form again.
 */
export function useSubmission() {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<Error>();
  const submit = async (task: () => Promise<void>) => {
    setSubmitting(true);
    setError(undefined);
    try {
      await task();
    } catch (e) {
      setError(e as Error);
      setSubmitting(false);
    }
  };
  return { submitting, error, submit };
}
