import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { genesysPromptsApiRef, GenesysPromptsApi } from '../../api';
import {
  backendError,
  hourlySeries,
  makeApi,
  promptMetrics,
  totals,
  upstreamError,
} from '../../testing/fixtures';
import { PromptMetricsTab } from './PromptMetricsTab';

const ENTITY_REF = {
  kind: 'Component',
  namespace: 'default',
  name: 'support-bot',
};
const HOUR = 3600_000;

function renderTab(api: GenesysPromptsApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[genesysPromptsApiRef, api]]}>
      <PromptMetricsTab entityRef={ENTITY_REF} promptId="p-1" />
    </TestApiProvider>,
  );
}

function lastRequest(api: jest.Mocked<GenesysPromptsApi>) {
  const calls = api.getPromptMetrics.mock.calls;
  return calls[calls.length - 1][2]!;
}

function span(request: { from?: string; to?: string }) {
  return Date.parse(request.to!) - Date.parse(request.from!);
}

describe('PromptMetricsTab', () => {
  it('shows the totals, the four charts with deploy markers and the guard checks', async () => {
    const api = makeApi();
    await renderTab(api);

    const totalsList = await screen.findByLabelText('Totals');
    const value = (term: string) =>
      within(totalsList).getByText(term, { selector: 'dt' }).nextElementSibling;
    expect(value('Requests')).toHaveTextContent('12,480');
    expect(value('Errors')).toHaveTextContent('125');
    expect(value('Success rate')).toHaveTextContent('99.0 %');
    expect(value('p95')).toHaveTextContent('812 ms');
    expect(value('p99')).toHaveTextContent('1.14 s');
    expect(value('Tokens')).toHaveTextContent('3.4M');

    for (const title of [
      'Requests and errors',
      'Success rate',
      'Latency',
      'Tokens',
    ]) {
      const chart = screen.getByRole('figure', { name: title });
      expect(chart.querySelector('.recharts-surface')).not.toBeNull();
      // The deploy of version 4 at 06:30, inside the last 24 hours.
      expect(within(chart).getByText('#4 1.2.0')).toBeInTheDocument();
    }
    const latency = screen.getByRole('figure', { name: 'Latency' });
    for (const name of ['p50', 'p95', 'p99']) {
      expect(within(latency).getByText(name)).toBeInTheDocument();
    }

    const request = lastRequest(api);
    expect(api.getPromptMetrics).toHaveBeenCalledWith(ENTITY_REF, 'p-1', {
      from: request.from,
      to: request.to,
      granularity: 'PT1H',
    });
    expect(span(request)).toBe(24 * HOUR);

    const guard = await screen.findByRole('list', { name: 'Guard checks' });
    const items = within(guard).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('passed');
    expect(items[0]).toHaveTextContent('Version 4 (after version 3)');
    expect(items[0]).toHaveTextContent(
      'success rate 98.9 % (before 98.7 %), p95 812 ms (before 790 ms)',
    );
    expect(items[1]).toHaveTextContent('rolled back');
    expect(items[1]).toHaveTextContent('rolled back to version 2');
    expect(items[1]).toHaveTextContent(
      'error rate 14.0 % is above the 10.0 % limit',
    );
  });

  it('asks for the new range and granularity when they change', async () => {
    const api = makeApi();
    await renderTab(api);
    await screen.findByLabelText('Totals');

    fireEvent.change(screen.getByLabelText('Range'), {
      target: { value: '7d' },
    });
    await waitFor(() => expect(api.getPromptMetrics).toHaveBeenCalledTimes(2));
    expect(span(lastRequest(api))).toBe(7 * 24 * HOUR);
    expect(lastRequest(api).granularity).toBe('PT1H');

    fireEvent.change(screen.getByLabelText('Range'), {
      target: { value: '30d' },
    });
    await waitFor(() => expect(api.getPromptMetrics).toHaveBeenCalledTimes(3));
    expect(span(lastRequest(api))).toBe(30 * 24 * HOUR);
    expect(lastRequest(api).granularity).toBe('P1D');

    fireEvent.change(screen.getByLabelText('Granularity'), {
      target: { value: 'PT15M' },
    });
    await waitFor(() => expect(api.getPromptMetrics).toHaveBeenCalledTimes(4));
    expect(lastRequest(api)).toMatchObject({ granularity: 'PT15M' });
    expect(span(lastRequest(api))).toBe(30 * 24 * HOUR);
  });

  it('asks for a custom range once applied', async () => {
    const api = makeApi();
    await renderTab(api);
    await screen.findByLabelText('Totals');

    fireEvent.change(screen.getByLabelText('Range'), {
      target: { value: 'custom' },
    });
    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: '2026-11-20T08:00' },
    });
    fireEvent.change(screen.getByLabelText('To'), {
      target: { value: '2026-11-22T08:00' },
    });
    // Picking "Custom" alone asks for nothing new.
    expect(api.getPromptMetrics).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));

    await waitFor(() => expect(api.getPromptMetrics).toHaveBeenCalledTimes(2));
    expect(lastRequest(api)).toEqual({
      from: new Date('2026-11-20T08:00').toISOString(),
      to: new Date('2026-11-22T08:00').toISOString(),
      granularity: 'PT1H',
    });
  });

  it('refuses an inverted custom range, and shows the backend 400 message for a range it refuses', async () => {
    const api = makeApi();
    await renderTab(api);
    await screen.findByLabelText('Totals');

    fireEvent.change(screen.getByLabelText('Range'), {
      target: { value: 'custom' },
    });
    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: '2026-11-22T08:00' },
    });
    fireEvent.change(screen.getByLabelText('To'), {
      target: { value: '2026-11-20T08:00' },
    });
    expect(
      screen.getByText('The start must be before the end'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Apply' })).toBeDisabled();

    const refused = await backendError(
      400,
      'InputError',
      'The range may span at most 90 days',
    );
    api.getPromptMetrics.mockRejectedValueOnce(refused);
    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: '2025-01-01T00:00' },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));

    expect(
      await screen.findByText('The backend refused this range'),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      /The range may span at most 90 days/,
    );
    // The picker stays, to correct the range.
    expect(screen.getByLabelText('From')).toHaveValue('2025-01-01T00:00');
  });

  it('draws a line per variant while an experiment runs', async () => {
    const variants = [
      {
        promptId: 'p-1',
        name: 'customer-support-assistant',
        weight: 80,
        totals: totals(800, 8, 800, 1),
        series: hourlySeries(24, 5),
      },
      {
        promptId: 'p-2',
        name: 'refund-helper',
        weight: 20,
        totals: totals(200, 2, 600, 1),
        series: hourlySeries(24, 1),
      },
    ];
    await renderTab(
      makeApi({
        getPromptMetrics: async () => ({
          ...promptMetrics,
          experimentId: 'e-1',
          variants,
        }),
      }),
    );

    const chart = await screen.findByRole('figure', {
      name: 'Success rate per variant',
    });
    expect(
      within(chart).getByText('customer-support-assistant (80 %)'),
    ).toBeInTheDocument();
    expect(within(chart).getByText('refund-helper (20 %)')).toBeInTheDocument();
    expect(chart.querySelectorAll('path.recharts-line-curve')).toHaveLength(2);
    expect(screen.getByText('Experiment e-1')).toBeInTheDocument();
  });

  it('shows the server message with the correlation id and retries', async () => {
    const error = await upstreamError();
    const api = makeApi({ getPromptMetrics: () => Promise.reject(error) });
    await renderTab(api);

    expect(
      await screen.findByText(
        /Could not load the metrics: .*correlation id 5f3c-8e21-upstream/,
      ),
    ).toBeInTheDocument();
    api.getPromptMetrics.mockResolvedValueOnce(promptMetrics);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByLabelText('Totals')).toBeInTheDocument();
  });
});
