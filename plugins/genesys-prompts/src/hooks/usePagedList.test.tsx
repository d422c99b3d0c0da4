import { act, renderHook, waitFor } from '@testing-library/react';
import { usePagedList } from './usePagedList';

describe('usePagedList', () => {
  it('loads the first page, appends the next on loadMore and restarts when the key changes', async () => {
    const fetchPage = jest.fn(async (cursor?: string) =>
      cursor ? { items: ['c'] } : { items: ['a', 'b'], nextCursor: '2' },
    );
    const { result, rerender } = renderHook(
      ({ key }) => usePagedList(fetchPage, key),
      { initialProps: { key: 'one' } },
    );

    await waitFor(() => expect(result.current.items).toEqual(['a', 'b']));
    expect(result.current.hasMore).toBe(true);

    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.items).toEqual(['a', 'b', 'c']));
    expect(result.current.hasMore).toBe(false);
    expect(fetchPage).toHaveBeenLastCalledWith('2');

    rerender({ key: 'two' });
    await waitFor(() => expect(result.current.items).toEqual(['a', 'b']));
    expect(fetchPage).toHaveBeenCalledTimes(3);
  });

  it('reports an error and retries from the first page', async () => {
    const fetchPage = jest
      .fn()
      .mockRejectedValueOnce(new Error('boom'))
      .mockResolvedValueOnce({ items: [1] });
    const { result } = renderHook(() => usePagedList(fetchPage, 'k'));

    await waitFor(() => expect(result.current.error?.message).toBe('boom'));
    act(() => result.current.retry());
    await waitFor(() => expect(result.current.items).toEqual([1]));
    expect(result.current.error).toBeUndefined();
  });
});
