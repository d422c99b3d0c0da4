import { EmptyState } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  GENESYS_PROMPTS_ANNOTATION,
  getGenesysPromptNames,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { Route, Routes } from 'react-router-dom';
import { PromptDetailPage } from '../PromptDetailPage';
import { CreatePromptPage, EditPromptPage } from '../PromptEditorPage';
import { PromptListTable } from '../PromptListTable';

/**
 * The entity's Prompts tab: the prompt list at its root, the new-prompt form
 * at `new`, one page per prompt below `prompts/:promptId` and its editor at
 * `prompts/:promptId/edit`, relative to wherever the tab is mounted.
 *
 * @public
 */
export function EntityGenesysPromptsContent() {
  const { entity } = useEntity();
  const annotation = entity.metadata.annotations?.[GENESYS_PROMPTS_ANNOTATION];

  if (annotation === undefined) {
    return (
      <MissingAnnotationEmptyState annotation={GENESYS_PROMPTS_ANNOTATION} />
    );
  }
  // Present but blank (or only commas): nothing to ask the backend for.
  if (getGenesysPromptNames(entity).length === 0) {
    return (
      <EmptyState
        missing="field"
        title="No prompts listed"
        description={
          <>
            The <code>{GENESYS_PROMPTS_ANNOTATION}</code> annotation of this
            entity is empty. List the prompt names it owns, separated by commas.
          </>
        }
      />
    );
  }

  return (
    <Routes>
      <Route index element={<PromptListTable />} />
      <Route path="new" element={<CreatePromptPage />} />
      <Route path="prompts/:promptId" element={<PromptDetailPage />} />
      <Route path="prompts/:promptId/edit" element={<EditPromptPage />} />
    </Routes>
  );
}
