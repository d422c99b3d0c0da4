/** Router state that carries a one-off message to the page navigated to. */
interface NoticeState {
  genesysPromptsNotice?: string;
}

/** The state to navigate with so the next page shows `message` (e.g. "Saved as version 5"). */
export function noticeState(message: string): NoticeState {
  return { genesysPromptsNotice: message };
}

/** The message a previous page left in the router state, if any. */
export function readNotice(state: unknown): string | undefined {
  const message =
    typeof state === 'object' && state !== null
      ? (state as NoticeState).genesysPromptsNotice
      : undefined;
  return typeof message === 'string' ? message : undefined;
}
