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
export { connectDocker, dockerEndpoint, type DockerEndpoint } from './docker-client';
export { ecrAuth, parseEcrHost } from './ecr-auth';
export { DockerUnavailableError, ImageBuildError, ImagePushError } from './errors';
export { importRootfs } from './import-rootfs';
export { ociLabels, type LabelInput } from './oci-labels';
export { gpuDeviceRequests, runContainer, type RunContainerOptions } from './run-container';
export { pushImage, splitReference, type PushImageOptions, type RegistryAuth } from './push-image';
export { IMAGE_USER_ID, shareFolderWithContainer, type ContainerUser } from './container-user';
export { MissingBaseImageError, requireBaseImage } from './base-image-check';
export { plainTerminalText } from './terminal-text';
