export { compareFindings } from './findingOrder';
export { createExcludeTest, type ExcludeTest } from './globExclude';
export { IgnoreScope, type IgnoreScopeOptions } from './ignoreScope';
export { mayContainSecretBytes, SECRET_TRIGGERS } from './secretTriggers';
export {
  BINARY_SNIFF_BYTES, decodeFileBytes, decodeLatin1, detectBom, hasNulByte, type DecodedFile, type DecodeOptions, type TextDecoders, type TextEncodingName,
} from './textDecoding';
export { compileGlob, compileGlobs, type GlobOptions } from './vscodeGlob';
export { type StepCounter } from './wildcardPattern';
export { estimateScanMicros } from './scanCost';
export { DEFAULT_MAX_FILE_SIZE } from './maxFileSize';
