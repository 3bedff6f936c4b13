// The two example payloads of the seed's Training API, verbatim.
export const KUBERNETES_EXAMPLE = {
  backend: 'kubernetes',
  job_name: 'aml-qlora-k8s',
  model: 'meta-llama/Llama-3.2-3B-Instruct',
  dataset_file: 's3://my-bucket/jobs/job-123/data.jsonl',
  output_dir: '/tmp/model',
  upload_output_to: 'gs://finery-training/models/job-123',
  trainer_args: {
    num_train_epochs: 2,
    per_device_train_batch_size: 2,
    gradient_accumulation_steps: 8,
  },
  env: {
    HF_TOKEN: 'hf_xxx',
  },
};

export const VERTEX_EXAMPLE = {
  backend: 'vertex',
  job_name: 'aml-qlora-vertex',
  model_id: 'nemotron-3-8b',
  dataset_file: 'gs://finery-training/jobs/job-456/data.jsonl',
  output_dir: '/tmp/model',
  upload_output_to: 'gs://finery-training/models/job-456',
  trainer_args: {
    num_train_epochs: 3,
    per_device_train_batch_size: 4,
  },
};
