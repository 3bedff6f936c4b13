import { bool } from '@mesh/settings';

/**
 * Settings every component has on top of its own (and of where it registers): how a run is
 * made. `mesh start` passes them into the component's container.
 */
export const pipelineSettingsSpec = {
  USE_SAMPLE_DATA: bool({
    desc: "Train and evaluate on the component's shipped sample data (data/) instead of its data URIs; pull-request CI sets it",
    default: false,
  }),
};
