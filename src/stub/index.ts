// Public surface of the local Lambda service, and the only file of src/stub/
// that code outside it may import. Nothing in src/stub/ refers to the
// harness; it stands on src/lambda/ alone, so the two folders together could
// be published as a package of their own.

export { LocalLambda, runtimeCatalog, type LocalLambdaOptions } from './service';
export type { FunctionDefinition } from './store/load';
export { FunctionConfigError } from './store/errors';
export type { Architecture } from '../lambda/architectures';
export { CPU_THROTTLED_HEADER, HOST_WAIT_HEADER } from './api/cpu-wait-headers';
export { HOST_WAIT_MATERIAL_MIN_MS, HOST_WAIT_MATERIAL_SHARE, isMaterialHostWait, median } from './engine/contention-watch';
export type {
  CpuWait, HostContention, Engine, EngineOptions, FunctionSnapshot, InvokeOutcome, InvokeRequest, LogStoreReader,
} from './engine/types';
