import { fetchApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  AuditExportFormat,
  genesysAuditReadPermission,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useState } from 'react';
import { downloadFile, genesysPromptsApiRef } from '../../api';
import { describeError } from '../GenesysErrorPanel';
import { Notice } from '../Notice';
import { PermissionButton } from '../PermissionButton';

const FORMATS: Array<{ value: AuditExportFormat; label: string }> = [
  { value: 'jsonl', label: 'JSON Lines' },
  { value: 'csv', label: 'CSV' },
];

/**
 * Downloads the prompt's audit entries as JSON Lines or CSV through
 * `/audit/export`, which needs genesys-prompts.audit.read (not per entity).
 */
export function AuditDownload(props: { promptId: string }) {
  const { promptId } = props;
  const api = useApi(genesysPromptsApiRef);
  const fetchApi = useApi(fetchApiRef);
  const canRead = usePermission({ permission: genesysAuditReadPermission });
  const [format, setFormat] = useState<AuditExportFormat>('jsonl');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const download = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await downloadFile({
        fetchApi,
        url: await api.getAuditExportUrl({ format, promptId }),
        fallbackFilename: `audit-${promptId}.${format}`,
      });
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box mb={2}>
      <Box display="flex" alignItems="flex-start" gridGap={16}>
        <TextField
          id="audit-download-format"
          select
          SelectProps={{ native: true }}
          label="Format"
          variant="outlined"
          size="small"
          value={format}
          onChange={e => setFormat(e.target.value as AuditExportFormat)}
          disabled={!canRead.allowed}
        >
          {FORMATS.map(f => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </TextField>
        <PermissionButton
          id="audit-download"
          variant="outlined"
          startIcon={<GetAppIcon />}
          permission={canRead}
          deniedReason={`Needs ${genesysAuditReadPermission.name}`}
          pending={busy}
          onClick={download}
        >
          Download
        </PermissionButton>
      </Box>
      {error && (
        <Box mt={1}>
          <Notice
            severity="error"
            title="Could not download the audit log"
            onClose={() => setError(undefined)}
          >
            {describeError(error)}
          </Notice>
        </Box>
      )}
    </Box>
  );
}
