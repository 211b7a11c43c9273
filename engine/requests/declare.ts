/**
 * How a request is declared: its argument schemas (built from the schema kit, so this module and
 * the tables need no zod at runtime) and its result type. Everything else about a request (the
 * names the transports enumerate, the validation, the handler map's type) is derived from a table
 * of these.
 */
import type { z } from 'zod';
import type { SchemaKit } from './schema-kit.js';

/** The argument schemas of one request, in order. */
export type ArgItems = readonly [] | readonly [z.ZodType, ...z.ZodType[]];

declare const resultType: unique symbol;

/** A type-only marker for a request's result; `returns<T>()` makes one. */
export interface Returns<T> {
  readonly [resultType]?: T;
}

export interface RequestDecl<Items extends ArgItems = ArgItems, Result = unknown> {
  /** The argument schemas; the host wraps them in a tuple and checks every call against it. */
  args: (s: SchemaKit) => Items;
  result: Returns<Result>;
  /** The arguments may hold a secret value: refusals name the argument but never echo it. */
  secretArgs?: true;
}

export type RequestTable = Record<string, RequestDecl>;

/** The result marker of a declaration. */
export function returns<T>(): Returns<T> {
  return {};
}

/** Checks a table's shape (and types each `args` parameter) while keeping its exact type. */
export function declareRequests<const T extends RequestTable>(table: T): T {
  return table;
}

/** The argument tuple a handler receives (documents already parsed, left-out arguments undefined). */
export type ArgsOf<D> = D extends RequestDecl<infer Items, unknown> ? z.output<z.ZodTuple<[...Items], null>> : never;

export type ResultOf<D> = D extends { result: Returns<infer R> } ? R : never;

/** Request name -> (arguments tuple, result), as the handlers and the clients see it. */
export type RequestTypes<T extends RequestTable> = { [K in keyof T]: { args: ArgsOf<T[K]>; result: ResultOf<T[K]> } };
