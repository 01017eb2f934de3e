// Public surface of the local Lambda service. Nothing here refers to the
// harness: the folder could be published as a package of its own.

export { LocalLambda, runtimeCatalog, type LocalLambdaOptions } from './service';
export type { FunctionDefinition } from './store/load';
export { FunctionConfigError } from './store/errors';
export type {
  Architecture, Engine, EngineOptions, FunctionSnapshot, InvokeOutcome, InvokeRequest, LogStoreReader,
} from './engine/types';
