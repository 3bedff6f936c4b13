import {
  componentJobSpec,
  normaliseTrainerRequest,
  planKubernetesJob,
  trainerJobSpec,
  validateJobManifest,
} from '@mesh/jobs';
import { tempTree } from '@mesh/testing';
import { KUBERNETES_EXAMPLE } from './seed-payloads';
import { jobsSettings } from './settings';

const settings = jobsSettings({
  K8S_TRAINING_IMAGE: 'ghcr.io/finery/trainer:1.4',
  K8S_NAMESPACE: 'training',
  K8S_SERVICE_ACCOUNT: 'trainer',
  K8S_NODE_SELECTOR: '{"cloud.google.com/gke-accelerator":"nvidia-tesla-a100"}',
  K8S_TOLERATIONS: '[{"key":"nvidia.com/gpu","operator":"Exists","effect":"NoSchedule"}]',
  K8S_IMAGE_PULL_SECRETS: '["regcred"]',
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe("the seed's Kubernetes example", () => {
  const request = normaliseTrainerRequest(KUBERNETES_EXAMPLE, 'kubernetes');
  const spec = trainerJobSpec(request, { root: '/repo', jobs: settings, gitSha: 'abc123' });
  const plan = planKubernetesJob(spec, settings);
  const job = plan.job as Json;
  const container = job.spec.template.spec.containers[0];

  it('is a valid batch/v1 Job with a unique DNS-1123 name', () => {
    expect(job.apiVersion).toBe('batch/v1');
    expect(job.kind).toBe('Job');
    expect(job.metadata.name).toMatch(/^aml-qlora-k8s-[0-9a-f]{8}$/);
    expect(job.metadata.namespace).toBe('training');
    expect(() => validateJobManifest(job)).not.toThrow();
  });

  it('is validated again whenever more than its free text differs', () => {
    const copy = (): Json => JSON.parse(JSON.stringify(job));
    // Other names, labels, flags and variables only: the same shape, still valid.
    const renamed = copy();
    renamed.metadata.name = 'other-0123abcd';
    renamed.spec.template.spec.containers[0].args = ['--epochs', '3'];
    expect(() => validateJobManifest(renamed)).not.toThrow();
    // A bad quantity, or a number where a name goes, fails after a valid manifest of that shape.
    const badQuantity = copy();
    badQuantity.spec.template.spec.containers[0].resources.limits.memory = 'lots';
    expect(() => validateJobManifest(badQuantity)).toThrow(/memory must match format "quantity"/);
    const numberAsName = copy();
    numberAsName.metadata.name = 42;
    expect(() => validateJobManifest(numberAsName)).toThrow(/metadata\/name must be string/);
    const numberAsFlag = copy();
    numberAsFlag.spec.template.spec.containers[0].args = ['--epochs', 3];
    expect(() => validateJobManifest(numberAsFlag)).toThrow(/args\/1 must be string/);
  });

  it('runs the trainer image with the rendered flags', () => {
    expect(container.image).toBe('ghcr.io/finery/trainer:1.4');
    expect(container.args).toEqual([
      '--dataset-file',
      's3://my-bucket/jobs/job-123/data.jsonl',
      '--output-dir',
      '/tmp/model',
      '--upload-output-to',
      'gs://finery-training/models/job-123',
      '--model-id',
      'meta-llama/Llama-3.2-3B-Instruct',
      '--num-train-epochs',
      '2',
      '--per-device-train-batch-size',
      '2',
      '--gradient-accumulation-steps',
      '8',
    ]);
  });

  it('passes HF_TOKEN by reference to a Secret, never by value', () => {
    expect(container.env).toContainEqual({
      name: 'HF_TOKEN',
      valueFrom: { secretKeyRef: { name: `${job.metadata.name}-env`, key: 'HF_TOKEN' } },
    });
    expect(plan.secret).toEqual({ name: `${job.metadata.name}-env`, keys: ['HF_TOKEN'] });
    expect(JSON.stringify(plan)).not.toContain('hf_xxx');
  });

  it('sets GPU limits, scheduling, backoff and TTL from the settings', () => {
    expect(container.resources.limits['nvidia.com/gpu']).toBe('1');
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.ttlSecondsAfterFinished).toBe(86400);
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.serviceAccountName).toBe('trainer');
    expect(pod.nodeSelector).toEqual({ 'cloud.google.com/gke-accelerator': 'nvidia-tesla-a100' });
    expect(pod.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(pod.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(job.metadata.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'mesh',
      'dev.mesh/job-id': spec.id,
      'dev.mesh/git-sha': 'abc123',
    });
  });
});

describe('a component job', () => {
  const root = tempTree({
    'projects/speech/train/package.json': JSON.stringify({
      name: '@mesh/speech-train',
      mesh: {
        gpu: 2,
        'instance-type': 'g5.12xlarge',
        resources: { cpu: '8', memory: '32Gi' },
        kubernetes: {
          nodeSelector: { pool: 'a100' },
          tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }],
          serviceAccount: 'speech-trainer',
        },
        env: ['SPEECH_SERVER_URL'],
      },
    }),
  });
  const component = {
    project: 'speech',
    component: 'train',
    name: 'speech-train',
    root: `${root}/projects/speech/train`,
    path: 'projects/speech/train',
  };

  it('takes resources, GPUs and scheduling from the declaration, labels and secrets by reference', () => {
    const spec = componentJobSpec({
      root,
      component,
      backend: 'kubernetes',
      settings: { EPOCHS: '3', WANDB_API_KEY: 'wandb-secret-value' },
      jobs: jobsSettings({ K8S_IMAGE_REGISTRY: 'registry.example:5000/' }),
      meshHome: '/tmp/mesh',
      env: {
        IMAGE_TAG: 'v7',
        REGISTRY_URL: 'postgres://mesh:pw@db:5432/mesh',
        SPEECH_SERVER_URL: 'http://asr:9000',
        UNDECLARED: 'x',
      },
      gitSha: 'f00d',
    });
    const plan = planKubernetesJob(spec, jobsSettings());
    const job = plan.job as Json;
    const pod = job.spec.template.spec;
    const container = pod.containers[0];
    expect(job.metadata.name).toMatch(/^speech-train-[0-9a-f]{8}$/);
    expect(container.image).toBe('registry.example:5000/speech-train:v7');
    expect(container.resources).toEqual({
      requests: { cpu: '8', memory: '32Gi' },
      limits: { memory: '32Gi', 'nvidia.com/gpu': '2' },
    });
    expect(pod.nodeSelector).toEqual({ pool: 'a100' });
    expect(pod.tolerations).toEqual([{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.serviceAccountName).toBe('speech-trainer');
    expect(job.metadata.labels).toMatchObject({
      'dev.mesh/project': 'speech',
      'dev.mesh/component': 'train',
      'dev.mesh/git-sha': 'f00d',
    });
    expect(container.env).toContainEqual({ name: 'EPOCHS', value: '3' });
    // The component's declared variables (mesh.env) come from the caller's environment; no others.
    expect(container.env).toContainEqual({ name: 'SPEECH_SERVER_URL', value: 'http://asr:9000' });
    expect(container.env.map((entry: { name: string }) => entry.name)).not.toContain('UNDECLARED');
    expect(container.env).toContainEqual({
      name: 'WANDB_API_KEY',
      valueFrom: { secretKeyRef: { name: `${job.metadata.name}-env`, key: 'WANDB_API_KEY' } },
    });
    const text = JSON.stringify(plan);
    expect(text).not.toContain('wandb-secret-value');
    expect(text).not.toContain(':pw@');
  });
});
