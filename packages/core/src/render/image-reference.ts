/**
 * Container image references as registries accept them (the grammar of the distribution
 * reference: `[host[:port]/]path[:tag][@algorithm:hex]`). `--image` comes from CI variables,
 * so a typo or an unexpanded `$VAR` must stop the render with a reason, not reach a manifest.
 */

const HOST_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const HOST = `${HOST_COMPONENT}(?:\\.${HOST_COMPONENT})*(?::[0-9]+)?`;
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

const NAME = new RegExp(`^(?:${HOST}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG_PATTERN = new RegExp(`^${TAG}$`);
const DIGEST_PATTERN = new RegExp(`^${DIGEST}$`);
const MAX_NAME_LENGTH = 255;

/** Why `ref` is not a valid image reference, or undefined when it is. */
export function imageReferenceProblem(ref: string): string | undefined {
  if (ref === "") return "it is empty";
  const at = ref.indexOf("@");
  const beforeDigest = at === -1 ? ref : ref.slice(0, at);
  if (at !== -1 && !DIGEST_PATTERN.test(ref.slice(at + 1)))
    return `"${ref.slice(at + 1)}" is not a digest (expected algorithm:hex, e.g. sha256:<64 hex digits>)`;
  // A colon after the last slash starts the tag; one before it belongs to host:port.
  const colon = beforeDigest.lastIndexOf(":");
  const hasTag = colon > beforeDigest.lastIndexOf("/");
  const name = hasTag ? beforeDigest.slice(0, colon) : beforeDigest;
  if (hasTag && !TAG_PATTERN.test(beforeDigest.slice(colon + 1)))
    return `"${beforeDigest.slice(colon + 1)}" is not a tag (letters, digits, _ . -, at most 128, not starting with . or -)`;
  if (name.length > MAX_NAME_LENGTH) return `the name is longer than ${MAX_NAME_LENGTH} characters`;
  if (!NAME.test(name))
    return `"${name}" is not an image name (optional registry host, then lowercase path components separated by /)`;
  return undefined;
}
