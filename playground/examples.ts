/** The examples the page offers (the repository's own example files, bundled as text). */
import resourceList from '../testdata/examples/resource-list.yaml';
import stream from '../testdata/examples/playground-stream.yaml';

export const EXAMPLES: ReadonlyArray<{ readonly id: string; readonly label: string; readonly text: string }> = [
  { id: 'resource-list', label: 'ResourceList (Deployment, Service; grace period too short)', text: resourceList },
  { id: 'stream', label: 'Multi-document stream (two Deployments, one with a short grace period)', text: stream },
];
