export { diskSource } from "./disk-source.js";
export {
  type DirectoryEntry,
  type FileKind,
  type FileSource,
  type FileStat,
  fileError,
  isKind,
} from "./file-source.js";
export { OverlaySource } from "./overlay-source.js";
