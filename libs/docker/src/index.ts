export { listBuildContext, type BuildContextOptions } from './build-context';
export {
  buildImage,
  type BuildEvent,
  type BuildImageOptions,
  type BuiltImage,
} from './build-image';
export {
  composeRunArguments,
  findCompose,
  runComposeService,
  type ComposeCommand,
  type RunComposeServiceOptions,
} from './compose';
export {
  interpolateCompose,
  planServiceContainer,
  type PlanServiceContainerOptions,
  type ServiceContainer,
  type ServicePlan,
} from './compose-service';
export { connectDocker, dockerEndpoint, type DockerEndpoint } from './docker-client';
export type { ContainerRun, EngineApi, ImageSummary } from './engine-api';
export { demultiplex, EngineHttp, type EngineHttpOptions } from './engine-http';
export { ecrAuth, parseEcrHost } from './ecr-auth';
export { DockerUnavailableError, EngineApiError, ImageBuildError, ImagePushError } from './errors';
export { importRootfs } from './import-rootfs';
export { ociLabels, type LabelInput } from './oci-labels';
export { gpuDeviceRequests, runContainer, type RunContainerOptions } from './run-container';
export { pushImage, splitReference, type PushImageOptions, type RegistryAuth } from './push-image';
export { IMAGE_USER_ID, shareFolderWithContainer, type ContainerUser } from './container-user';
export { MissingBaseImageError, requireBaseImage } from './base-image-check';
export { plainTerminalText } from './terminal-text';
