import { CompoundEntityRef } from '@backstage/catalog-model';
import { fetchApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  GenesysPrompt,
  genesysPromptExportPermission,
  genesysPromptReadPermission,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import Box from '@material-ui/core/Box';
import CloudUploadIcon from '@material-ui/icons/CloudUpload';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useState } from 'react';
import { downloadFile, genesysPromptsApiRef } from '../../api';
import { useExportTargets } from '../../hooks';
import { describeError } from '../GenesysErrorPanel';
import { Notice } from '../Notice';
import { deniedBecause, PermissionButton } from '../PermissionButton';
import { ExportPromptDialog, NO_EXPORT_TARGETS } from './ExportPromptDialog';

interface PromptActionProps {
  entityRef: CompoundEntityRef;
  /** The entity's stringified ref: the resource the permissions are checked on. */
  entityRefString: string;
  prompt: Pick<GenesysPrompt, 'id' | 'name'>;
}

/**
 * The Export action: disabled with the reason when the user may not export
 * or no target is configured; otherwise opens the {@link ExportPromptDialog}.
 */
export function ExportPromptButton(props: PromptActionProps) {
  const { entityRef, entityRefString, prompt } = props;
  const canExport = usePermission({
    permission: genesysPromptExportPermission,
    resourceRef: entityRefString,
  });
  const targets = useExportTargets();
  const [open, setOpen] = useState(false);

  let unavailable: string | undefined;
  if (targets.error) {
    unavailable = `Could not load the export targets: ${describeError(
      targets.error,
    )}`;
  } else if (targets.value && targets.value.items.length === 0) {
    unavailable = NO_EXPORT_TARGETS;
  }

  return (
    <>
      <PermissionButton
        id="prompt-export"
        variant="outlined"
        startIcon={<CloudUploadIcon />}
        permission={canExport}
        deniedReason={deniedBecause(
          genesysPromptExportPermission.name,
          'owners can export',
        )}
        disabledReason={unavailable}
        pending={targets.loading}
        onClick={() => setOpen(true)}
      >
        Export
      </PermissionButton>
      <ExportPromptDialog
        open={open}
        onClose={() => setOpen(false)}
        entityRef={entityRef}
        prompt={prompt}
        targets={targets.value?.items ?? []}
      />
    </>
  );
}

/** Downloads every version of the prompt as one JSON file, with the user's token. */
export function DownloadHistoryButton(props: PromptActionProps) {
  const { entityRef, entityRefString, prompt } = props;
  const api = useApi(genesysPromptsApiRef);
  const fetchApi = useApi(fetchApiRef);
  const canRead = usePermission({
    permission: genesysPromptReadPermission,
    resourceRef: entityRefString,
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const download = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await downloadFile({
        fetchApi,
        url: await api.getPromptHistoryExportUrl(entityRef, prompt.id),
        fallbackFilename: `${prompt.name}-history.json`,
      });
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PermissionButton
        id="prompt-history-download"
        variant="outlined"
        startIcon={<GetAppIcon />}
        permission={canRead}
        deniedReason={deniedBecause(
          genesysPromptReadPermission.name,
          'anyone who may see the prompt',
        )}
        pending={busy}
        onClick={download}
      >
        Download history (JSON)
      </PermissionButton>
      {error && (
        // Full width: wraps under the action buttons.
        <Box flexBasis="100%">
          <Notice
            severity="error"
            title="Could not download the history"
            onClose={() => setError(undefined)}
          >
            {describeError(error)}
          </Notice>
        </Box>
      )}
    </>
  );
}
