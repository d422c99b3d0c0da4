export interface Config {
  genesysPrompts?: {
    /**
     * Change-freeze windows during which prompt deploys are refused
     * (module `@genesys-prompts/plugin-genesys-prompts-backend-module-change-freeze`).
     */
    changeFreeze?: {
      /** Absolute windows; a deploy is refused when its time falls in `[from, to)`. */
      windows?: Array<{
        /** Start, ISO 8601 with a time zone, e.g. `2026-12-20T00:00:00Z`. */
        from: string;
        /** End (exclusive), ISO 8601 with a time zone; must be after `from`. */
        to: string;
        /** Shown in the refusal, e.g. `Holiday change freeze`. */
        reason?: string;
      }>;
      /**
       * Whether rollbacks, the guard's automatic ones included, go through during
       * a freeze. Default true.
       */
      allowRollbacks?: boolean;
    };
  };
}
