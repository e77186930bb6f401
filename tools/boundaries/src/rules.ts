/**
 * The workspace's dependency rules (ARCHITECTURE.md, STYLE.md item 9), keyed by Nx tags:
 * a project tagged `type:app` or `type:tool` may import libraries; a `type:lib` may import
 * only the libraries listed for its scope; nothing imports an app or a tool.
 */
export const allowedLibImports: Readonly<Record<string, readonly string[]>> = {
  'scope:spaces': [],
  'scope:cli': [],
  'scope:replay-buffer': ['spaces'],
  'scope:sac-agent': ['spaces'],
  'scope:robot-env': ['spaces'],
  'scope:intervention': ['spaces', 'robot-env'],
  'scope:transport': ['spaces'],
};
