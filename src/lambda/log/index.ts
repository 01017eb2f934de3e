// The platform's log records, in the text and the JSON log formats.

export * from './records';
export { writeText, readText, TEXT_PREFIXES } from './text';
export { writeJson, readJson, readJsonEvent, jsonType, type JsonEvent } from './json';
export { readLine, readRecords, findReport, type FormatChoice } from './scan';
export { logGroupName, logStreamName } from './streams';
