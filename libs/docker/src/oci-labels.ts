/** What the OCI labels of a component image say. */
export interface LabelInput {
  /** Commit the image was built from; omitted when unknown. */
  revision?: string | null;
  /** Repository URL. */
  source?: string;
  /** Build time. */
  created: Date;
  /** The image tag. */
  version: string;
  project: string;
  component: string;
  /** Build stage, e.g. `production`. */
  stage: string;
}

/**
 * The standard OCI annotations (`org.opencontainers.image.*`) plus mesh's own: no value here
 * may be a secret, since labels are readable by anyone who can pull the image.
 */
export function ociLabels(input: LabelInput): Record<string, string> {
  const labels: Record<string, string> = {
    'org.opencontainers.image.created': input.created.toISOString(),
    'org.opencontainers.image.version': input.version,
    'org.opencontainers.image.title': `${input.project}-${input.component}`,
    'dev.mesh.project': input.project,
    'dev.mesh.component': input.component,
    'dev.mesh.stage': input.stage,
  };
  if (input.revision) labels['org.opencontainers.image.revision'] = input.revision;
  if (input.source) labels['org.opencontainers.image.source'] = input.source;
  return labels;
}
