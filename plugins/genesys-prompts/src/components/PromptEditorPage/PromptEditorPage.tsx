import { Link, Progress } from '@backstage/core-components';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  genesysPromptCreatePermission,
  genesysPromptUpdatePermission,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import Box from '@material-ui/core/Box';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import { ReactNode, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { genesysPromptsApiRef } from '../../api';
import { useEntityPrompts, usePrompt } from '../../hooks';
import { GenesysErrorPanel } from '../GenesysErrorPanel';
import { noticeState } from '../navigationNotice';
import { deniedBecause } from '../PermissionButton';
import { PromptEditor, PromptEditorSubmission } from '../PromptEditor';

function BackLink(props: { to: string; children: ReactNode }) {
  return (
    <Box mb={2}>
      <Link to={props.to}>
        <Box component="span" display="inline-flex" alignItems="center">
          <ArrowBackIcon fontSize="small" />
          &nbsp;{props.children}
        </Box>
      </Link>
    </Box>
  );
}

/** Why the form cannot save while the permission is loading, failed or denied. */
function permissionBlock(
  permission: { allowed: boolean; loading: boolean; error?: Error },
  denied: string,
): string | undefined {
  if (permission.error) {
    return `Could not check the permission: ${permission.error.message}`;
  }
  if (permission.loading) return 'Checking your permission…';
  return permission.allowed ? undefined : denied;
}

// Route-relative paths: these pages and the prompt page are siblings below the tab's routes.
const promptPath = (promptId: string) =>
  `../prompts/${encodeURIComponent(promptId)}`;

/**
 * The editor for a new prompt, at `new` below the Prompts tab: the name is one
 * of the annotated names Genesys does not have (`?name=` preselects one).
 */
export function CreatePromptPage() {
  const { entity } = useEntity();
  const entityRef = getCompoundEntityRef(entity);
  const api = useApi(genesysPromptsApiRef);
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const { value, loading, error, retry } = useEntityPrompts(entityRef);
  const permission = usePermission({
    permission: genesysPromptCreatePermission,
    resourceRef: stringifyEntityRef(entity),
  });
  const freeNames = useMemo(
    () =>
      value?.items.filter(item => item.notFound).map(item => item.name) ?? [],
    [value],
  );

  const submit = async ({ definition }: PromptEditorSubmission) => {
    const result = await api.createPrompt(entityRef, definition);
    navigate(promptPath(result.prompt.id), {
      state: noticeState(
        `Created ${result.prompt.name} as version ${result.version.versionNo}`,
      ),
    });
  };

  let content: ReactNode;
  if (loading && !value) {
    content = <Progress aria-label="Loading prompt names" />;
  } else if (error) {
    content = (
      <GenesysErrorPanel
        error={error}
        title="Could not load the entity's prompts"
        onRetry={retry}
      />
    );
  } else {
    const requested = searchParams.get('name') ?? undefined;
    content = (
      <PromptEditor
        mode="create"
        nameOptions={freeNames}
        initialName={
          requested && freeNames.includes(requested) ? requested : undefined
        }
        onSubmit={submit}
        onCancel={() => navigate('..')}
        disabledReason={permissionBlock(
          permission,
          deniedBecause(
            genesysPromptCreatePermission.name,
            'owners can create prompts',
          ),
        )}
      />
    );
  }

  return (
    <>
      <BackLink to="..">All prompts</BackLink>
      {content}
    </>
  );
}

/**
 * The editor prefilled with a prompt, at `prompts/:promptId/edit` below the
 * Prompts tab; saves with the revision it loaded, so a concurrent change is
 * refused (409) instead of overwritten.
 */
export function EditPromptPage() {
  const { entity } = useEntity();
  const entityRef = getCompoundEntityRef(entity);
  const { promptId = '' } = useParams();
  const api = useApi(genesysPromptsApiRef);
  const navigate = useNavigate();
  const { value, loading, error, retry } = usePrompt(entityRef, promptId);
  const [reloads, setReloads] = useState(0);
  const permission = usePermission({
    permission: genesysPromptUpdatePermission,
    resourceRef: stringifyEntityRef(entity),
  });

  let content: ReactNode;
  if (loading && !value) {
    content = <Progress aria-label="Loading prompt" />;
  } else if (error) {
    content = (
      <GenesysErrorPanel
        error={error}
        title="Could not load the prompt"
        onRetry={retry}
      />
    );
  } else if (value) {
    const { prompt } = value;
    const submit = async ({ definition, reason }: PromptEditorSubmission) => {
      const result = await api.updatePrompt(entityRef, promptId, {
        ...definition,
        expectedRevision: prompt.revision,
        ...(reason ? { reason } : {}),
      });
      navigate(promptPath(result.prompt.id), {
        state: noticeState(`Saved as version ${result.version.versionNo}`),
      });
    };
    content = (
      <PromptEditor
        // A reload starts the form again from the prompt as it is now.
        key={`${prompt.revision}-${reloads}`}
        mode="edit"
        initialDefinition={prompt}
        onSubmit={submit}
        onCancel={() => navigate(promptPath(promptId))}
        onReload={() => {
          setReloads(n => n + 1);
          retry();
        }}
        disabledReason={permissionBlock(
          permission,
          deniedBecause(genesysPromptUpdatePermission.name, 'owners can edit'),
        )}
      />
    );
  }

  return (
    <>
      <BackLink to={promptPath(promptId)}>Back to the prompt</BackLink>
      {content}
    </>
  );
}
