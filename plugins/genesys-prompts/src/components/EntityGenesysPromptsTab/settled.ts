/**
 * `value` as a thenable that calls back at once, for the loader of an
 * extension whose component is already in the bundle. React.lazy renders
 * the component of such a loader in the same pass; with a Promise, even a
 * resolved one, it suspends first: a fallback is committed (and painted),
 * and the component's effects run a commit later. `catch` and `finally`
 * are there too, so a caller that uses them still works.
 */
export function settled<T>(value: T): Promise<T> {
  const thenable: PromiseLike<T> = {
    then<R1 = T, R2 = never>(
      onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    ): PromiseLike<R1 | R2> {
      if (!onFulfilled) {
        return thenable as unknown as PromiseLike<R1>;
      }
      let next: R1 | PromiseLike<R1>;
      try {
        next = onFulfilled(value);
      } catch (error) {
        return Promise.reject(error);
      }
      return isThenable(next) ? next : settled(next);
    },
  };
  const promiseLike = Object.assign(thenable, {
    catch: () => promiseLike,
    finally: (onFinally?: (() => void) | null) => {
      onFinally?.();
      return promiseLike;
    },
  });
  return promiseLike as unknown as Promise<T>;
}

function isThenable<R>(value: R | PromiseLike<R>): value is PromiseLike<R> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
