// Local paths as a workflow author sees them: relative to GITHUB_WORKSPACE, where steps run, when
// inside it (a runner's absolute paths are long and differ between runners); as they are otherwise.
import nodePath from 'node:path';

/** Shows one local path. */
export type PathView = (path: string) => string;

export function workspaceView(
  workspace: string | undefined,
  path: nodePath.PlatformPath = nodePath,
): PathView {
  if (!workspace) return (p) => p;
  const root = path.resolve(workspace);
  return (p) => {
    if (!path.isAbsolute(p)) return p;
    const rel = path.relative(root, p);
    if (rel === '') return '.';
    if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return p;
    // A display form's trailing separator ("its contents") survives.
    return /[\\/]$/.test(p) && !rel.endsWith(path.sep) ? `${rel}${path.sep}` : rel;
  };
}
