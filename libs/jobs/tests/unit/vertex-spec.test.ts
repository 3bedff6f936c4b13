import {
  JobRequestError,
  normaliseTrainerRequest,
  planVertexCustomJob,
  trainerJobSpec,
} from '@mesh/jobs';
import { VERTEX_EXAMPLE } from './seed-payloads';
import { jobsSettings } from './settings';

describe("the seed's Vertex AI example", () => {
  const settings = jobsSettings({
    VERTEX_PROJECT: 'finery',
    VERTEX_IMAGE_URI: 'us-docker.pkg.dev/finery/trainer:1.4',
    VERTEX_SERVICE_ACCOUNT: 'trainer@finery.iam.gserviceaccount.com',
    VERTEX_NETWORK: 'projects/123/global/networks/training',
  });
  const request = normaliseTrainerRequest(
    { ...VERTEX_EXAMPLE, env: { HF_TOKEN: 'hf_secret_value' } },
    'kubernetes',
  );
  const spec = planVertexCustomJob(
    trainerJobSpec(request, { root: '/repo', jobs: settings }),
    settings,
  );

  it('is the CustomJob the seed describes', () => {
    expect(spec.displayName).toMatch(/^aml-qlora-vertex-[0-9a-f]{8}$/);
    expect(spec.jobSpec.serviceAccount).toBe('trainer@finery.iam.gserviceaccount.com');
    expect(spec.jobSpec.network).toBe('projects/123/global/networks/training');
    const [pool] = spec.jobSpec.workerPoolSpecs;
    expect(pool.machineSpec).toEqual({
      machineType: 'a2-highgpu-1g',
      acceleratorType: 'NVIDIA_TESLA_A100',
      acceleratorCount: 1,
    });
    expect(pool.replicaCount).toBe(1);
    expect(pool.containerSpec.imageUri).toBe('us-docker.pkg.dev/finery/trainer:1.4');
    expect(pool.containerSpec.args).toEqual([
      '--model-id',
      'nemotron-3-8b',
      '--dataset-file',
      'gs://finery-training/jobs/job-456/data.jsonl',
      '--output-dir',
      '/tmp/model',
      '--upload-output-to',
      'gs://finery-training/models/job-456',
      '--num-train-epochs',
      '3',
      '--per-device-train-batch-size',
      '4',
    ]);
  });

  it('leaves secret values out', () => {
    expect(JSON.stringify(spec)).not.toContain('hf_secret_value');
    expect(JSON.stringify(spec)).not.toContain('HF_TOKEN');
  });

  it('refuses secret flags, which a CustomJob could only carry in clear', () => {
    const withSecretFlags = normaliseTrainerRequest(
      {
        ...VERTEX_EXAMPLE,
        hf_token: 'hf_flag_secret',
        trainer_args: { report_to: 'https://hooks.example/cb?access_token=tok_in_url' },
      },
      'kubernetes',
    );
    let refused: unknown;
    try {
      trainerJobSpec(withSecretFlags, { root: '/repo', jobs: settings });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(JobRequestError);
    const { field, message } = refused as JobRequestError;
    expect(field).toBe('trainer_args');
    expect(message).toContain('--hf-token');
    expect(message).toContain('--report-to');
    expect(message).toContain('Secret Manager');
    expect(message).not.toContain('hf_flag_secret');
    expect(message).not.toContain('tok_in_url');
  });

  it('never plans a spec with an unexpanded secret reference', () => {
    const planned = trainerJobSpec(request, { root: '/repo', jobs: settings });
    expect(() =>
      planVertexCustomJob({ ...planned, args: ['--hf-token', '$(MESH_SECRET_ARG_1)'] }, settings),
    ).toThrow(/MESH_SECRET_ARG_1.*Secret Manager/);
  });
});
