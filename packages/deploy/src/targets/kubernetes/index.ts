export { apiFailure } from "./api-errors.js";
export { connect, type KubeConnection } from "./kube-connection.js";
export {
  FIELD_MANAGER,
  type KubernetesDeployRequest,
  type KubernetesEvent,
  KubernetesTarget,
  type KubernetesTargetOptions,
} from "./kubernetes-target.js";
export {
  type ClusterRelease,
  readReleaseSecret,
  releaseSecret,
  releaseSecretName,
} from "./release-secrets.js";
export { podFailureReasons, rolloutState } from "./rollout-status.js";
