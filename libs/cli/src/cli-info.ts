/** What a program tells the parser about itself. */
export interface CliInfo {
  /** Command as a user types it, e.g. `npx nx run learner:serve`. */
  readonly command: string;
  /** One paragraph shown at the top of --help. */
  readonly summary: string;
  /** Names of positional arguments, e.g. `['FILE.pkl...']`; none are accepted when absent. */
  readonly positionals?: readonly string[];
}
