// Lambda's own vocabulary, the ground floor that the harness and the local
// service both stand on. Nothing in this folder imports anything else of the
// project.

export * from './architectures';
export * from './errors';
export * from './limits';
export * from './names';
export * from './runtimes';
export * from './billing';
export * from './log';
export * from './logging-config';
export * from './snapstart';
export * from './handler';
