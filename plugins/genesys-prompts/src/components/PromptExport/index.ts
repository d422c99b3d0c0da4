export {
  ExportPromptDialog,
  NO_EXPORT_TARGETS,
  targetLabel,
} from './ExportPromptDialog';
export type { ExportPromptDialogProps } from './ExportPromptDialog';
export {
  DownloadHistoryButton,
  ExportPromptButton,
} from './PromptExportActions';
