import { JobError } from '../errors';
import type { JobsSettings } from '../jobs-settings';
import type { JobSpec } from '../job-types';
import { labelValue } from '../names';
import { secretArgReferences } from '../trainer-request';

/** A Vertex AI CustomJob, as `gcloud ai custom-jobs create` and the REST API take it. */
export interface CustomJobSpec {
  displayName: string;
  labels: Record<string, string>;
  jobSpec: {
    workerPoolSpecs: Array<{
      machineSpec: { machineType: string; acceleratorType?: string; acceleratorCount?: number };
      replicaCount: number;
      containerSpec: {
        imageUri: string;
        args?: string[];
        env?: Array<{ name: string; value: string }>;
      };
    }>;
    serviceAccount?: string;
    network?: string;
  };
}

/**
 * Plans the CustomJob of a job spec from the `VERTEX_*` settings (machine type, accelerator type
 * and count, replica count, service account, network). A component's declared GPUs set the
 * accelerator count. Secret variables are left out: Vertex AI has no secret references in a
 * container spec, and a value in the spec would be readable by anyone who can list jobs; the
 * job reads them from Secret Manager through its service account instead. For the same reason
 * an argument referencing a secret (`$(MESH_SECRET_ARG_<n>)`) is refused: Vertex AI would pass
 * the reference through unexpanded, and inlining the value would publish it.
 */
export function planVertexCustomJob(spec: JobSpec, settings: JobsSettings): CustomJobSpec {
  if (!spec.image) throw new JobError('A Vertex AI job needs an image.');
  const referenced = spec.args.flatMap(secretArgReferences);
  if (referenced.length > 0)
    throw new JobError(
      `A Vertex AI CustomJob cannot reference secrets in its arguments (${referenced.join(', ')}): let the job read them from Secret Manager through its service account, or use the kubernetes backend.`,
    );
  const count = spec.component ? spec.resources.gpu : settings.VERTEX_ACCELERATOR_COUNT;
  const env = Object.entries(spec.env).map(([name, value]) => ({ name, value }));
  return {
    displayName: spec.name,
    labels: {
      'managed-by': 'mesh',
      'mesh-job-id': labelValue(spec.id).toLowerCase(),
      ...(spec.project ? { 'mesh-project': labelValue(spec.project).toLowerCase() } : {}),
      ...(spec.component ? { 'mesh-component': labelValue(spec.component).toLowerCase() } : {}),
      ...(spec.gitSha ? { 'mesh-git-sha': labelValue(spec.gitSha).toLowerCase() } : {}),
    },
    jobSpec: {
      workerPoolSpecs: [
        {
          machineSpec: {
            machineType: settings.VERTEX_MACHINE_TYPE,
            ...(count > 0
              ? { acceleratorType: settings.VERTEX_ACCELERATOR_TYPE, acceleratorCount: count }
              : {}),
          },
          replicaCount: settings.VERTEX_REPLICA_COUNT,
          containerSpec: {
            imageUri: spec.image,
            ...(spec.args.length > 0 ? { args: spec.args } : {}),
            ...(env.length > 0 ? { env } : {}),
          },
        },
      ],
      ...(settings.VERTEX_SERVICE_ACCOUNT
        ? { serviceAccount: settings.VERTEX_SERVICE_ACCOUNT }
        : {}),
      ...(settings.VERTEX_NETWORK ? { network: settings.VERTEX_NETWORK } : {}),
    },
  };
}
