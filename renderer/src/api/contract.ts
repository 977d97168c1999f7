// The console contract's types for the whole renderer, from the one place lint allows (types only).
export type * from '../../../bridge/api/contract';
