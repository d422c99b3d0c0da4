import { fetchApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { GenesysPromptsApi, genesysPromptsApiRef } from '../../api';
import {
  backendError,
  FAKE_BASE_URL,
  makeApi,
  makeEntity,
  makePermissionApi,
  TAB_PATH,
} from '../../testing/fixtures';
import { PromptDetailPage } from '../PromptDetailPage';

const ENTITY_REF = {
  kind: 'Component',
  namespace: 'default',
  name: 'support-bot',
};

function fileResponse(body: string, filename?: string) {
  return new Response(body, {
    headers: filename
      ? { 'Content-Disposition': `attachment; filename="${filename}"` }
      : {},
  });
}

function makeFetchApi(
  respond: (url: string) => Promise<Response> = async () =>
    fileResponse('{}', 'customer-support-assistant-history.json'),
) {
  return {
    fetch: jest.fn((input: RequestInfo | URL) => respond(String(input))),
  };
}

async function renderPage(
  api: GenesysPromptsApi,
  fetchApi = makeFetchApi(),
  query = '',
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [genesysPromptsApiRef, api],
        [permissionApiRef, makePermissionApi()],
        [fetchApiRef, fetchApi],
      ]}
    >
      <EntityProvider entity={makeEntity('customer-support-assistant')}>
        <Routes>
          <Route
            path="/catalog/:namespace/:kind/:name/genesys-prompts/prompts/:promptId"
            element={<PromptDetailPage />}
          />
        </Routes>
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: [`${TAB_PATH}/prompts/p-1${query}`] },
  );
  return fetchApi;
}

async function openExportDialog() {
  const button = await screen.findByRole('button', { name: 'Export' });
  await waitFor(() => expect(button).toBeEnabled());
  await userEvent.click(button);
  return screen.findByRole('dialog', { name: 'Export this prompt' });
}

describe('exporting a prompt', () => {
  it('lists the targets by name and format, sends only the name and shows the result', async () => {
    const api = makeApi();
    await renderPage(api);
    const dialog = await openExportDialog();

    const group = within(dialog).getByRole('radiogroup', {
      name: 'Export target',
    });
    const options = within(group).getAllByRole('radio');
    expect(
      options.map(o => o.closest('label')?.textContent ?? o.textContent),
    ).toEqual(['langfuse-prod (langfuse)', 'audit-webhook (generic)']);
    // The first target is chosen already.
    expect(
      within(dialog).getByRole('radio', { name: 'langfuse-prod (langfuse)' }),
    ).toBeChecked();

    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'audit-webhook (generic)' }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Export to audit-webhook' }),
    );

    const result = await within(dialog).findByRole('status');
    expect(result).toHaveTextContent(
      /^Exported to audit-webhook: HTTP 201 at /,
    );
    expect(result.querySelector('time')).toHaveAttribute(
      'dateTime',
      '2026-11-26T12:00:00.000Z',
    );
    expect(api.exportPrompt).toHaveBeenCalledTimes(1);
    expect(api.exportPrompt).toHaveBeenCalledWith(ENTITY_REF, 'p-1', {
      target: 'audit-webhook',
    });
    expect(api.exportPrompt.mock.calls[0][2]).toStrictEqual({
      target: 'audit-webhook',
    });

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('keeps the dialog open with the message naming the failed target', async () => {
    const api = makeApi({
      exportPrompt: async () => {
        throw await backendError(
          502,
          'ServiceUnavailableError',
          "Export target 'langfuse-prod' answered HTTP 500",
        );
      },
    });
    await renderPage(api);
    const dialog = await openExportDialog();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Export to langfuse-prod' }),
    );

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('The export failed');
    expect(alert).toHaveTextContent(
      "Export target 'langfuse-prod' answered HTTP 500",
    );
    expect(within(dialog).queryByRole('status')).not.toBeInTheDocument();
    // A retry is possible.
    expect(
      within(dialog).getByRole('button', { name: 'Export to langfuse-prod' }),
    ).toBeEnabled();
    expect(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    ).toBeEnabled();
  });

  it('disables Export, saying why, when no target is configured', async () => {
    const api = makeApi({ getExportTargets: async () => ({ items: [] }) });
    await renderPage(api);

    const button = await screen.findByRole('button', { name: 'Export' });
    await waitFor(() =>
      expect(button).toHaveAccessibleDescription(
        'No export targets are configured (genesysPrompts.exportTargets)',
      ),
    );
    expect(button).toBeDisabled();
    expect(api.exportPrompt).not.toHaveBeenCalled();
  });

  it('disables Export with the server message when the targets cannot be loaded', async () => {
    const api = makeApi({
      getExportTargets: async () => {
        throw await backendError(500, 'Error', 'config unreadable');
      },
    });
    await renderPage(api);

    const button = await screen.findByRole('button', { name: 'Export' });
    await waitFor(() =>
      expect(button).toHaveAccessibleDescription(
        /^Could not load the export targets: .*config unreadable/,
      ),
    );
    expect(button).toBeDisabled();
  });
});

describe('downloads', () => {
  const createObjectURL = jest.fn((_blob: Blob) => 'blob:http://app/file');
  const revokeObjectURL = jest.fn();
  let saved: string[];

  beforeEach(() => {
    // jsdom has no object URLs and does not navigate.
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    createObjectURL.mockClear();
    saved = [];
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        if (this.href.startsWith('blob:')) saved.push(this.download);
      });
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('downloads the history through the fetchApi as a JSON file', async () => {
    const api = makeApi();
    const fetchApi = await renderPage(api);

    const button = await screen.findByRole('button', {
      name: 'Download history (JSON)',
    });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);

    await waitFor(() =>
      expect(saved).toEqual(['customer-support-assistant-history.json']),
    );
    expect(api.getPromptHistoryExportUrl).toHaveBeenCalledWith(
      ENTITY_REF,
      'p-1',
    );
    expect(fetchApi.fetch).toHaveBeenCalledWith(
      `${FAKE_BASE_URL}/entities/default/Component/support-bot/prompts/p-1/history/export`,
    );
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    expect(await createObjectURL.mock.calls[0][0].text()).toBe('{}');
    await waitFor(() => expect(button).toBeEnabled());
  });

  it('says why a history download failed', async () => {
    const fetchApi = makeFetchApi(async () => {
      throw await backendError(403, 'NotAllowedError', 'Unauthorized');
    });
    await renderPage(makeApi(), fetchApi);
    const button = await screen.findByRole('button', {
      name: 'Download history (JSON)',
    });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not download the history');
    expect(alert).toHaveTextContent('Unauthorized');
    expect(createObjectURL).not.toHaveBeenCalled();
  });

  it("downloads this prompt's audit entries in the chosen format", async () => {
    const api = makeApi();
    const fetchApi = await renderPage(
      api,
      makeFetchApi(async () => fileResponse('line\n')),
      '?tab=audit',
    );

    const format = await screen.findByLabelText('Format');
    expect(format).toHaveValue('jsonl');
    expect(
      within(format)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['JSON Lines', 'CSV']);
    const button = screen.getByRole('button', { name: 'Download' });
    await waitFor(() => expect(button).toBeEnabled());

    await userEvent.click(button);
    await waitFor(() => expect(saved).toEqual(['audit-p-1.jsonl']));
    expect(api.getAuditExportUrl).toHaveBeenLastCalledWith({
      format: 'jsonl',
      promptId: 'p-1',
    });

    await userEvent.selectOptions(format, 'csv');
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    await waitFor(() =>
      expect(saved).toEqual(['audit-p-1.jsonl', 'audit-p-1.csv']),
    );
    expect(api.getAuditExportUrl).toHaveBeenLastCalledWith({
      format: 'csv',
      promptId: 'p-1',
    });
    expect(fetchApi.fetch.mock.calls.map(call => call[0])).toEqual([
      `${FAKE_BASE_URL}/audit/export?format=jsonl&promptId=p-1`,
      `${FAKE_BASE_URL}/audit/export?format=csv&promptId=p-1`,
    ]);
    // The entries stay listed under the controls.
    expect(screen.getByText('user:default/ana')).toBeInTheDocument();
  });
});
