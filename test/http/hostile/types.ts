// The hostile-input suite's vocabulary: an endpoint (one exposed function or
// view of lib_events), the call that succeeds on it, and the cases that bend
// that call: wrong types, wrong shapes, wrong methods, stray query
// parameters and stray headers.

/** What the suite knows of the database when it builds the calls. */
export interface Fixture {
  /** An event recorded by this run and placed in the log. */
  eventId: string;
  /** Its position: a tree size the log has. */
  position: number;
  /** The partition_key of an event recorded by this run for erase to erase. */
  erasable: string;
}

/** Which API key the endpoint takes. */
export type Access = 'producer' | 'reader' | 'none';

/** One HTTP request, as the suite sends it. */
export interface Call {
  method: string;
  /** The query string without its '?', or '' for none. */
  query: string;
  headers: Record<string, string>;
  /** The raw body, or undefined for none. */
  body?: string;
}

/** What a case expects besides the invariants every request is held to. */
export interface Expected {
  status: number;
  /** The error body's code; one of them when several are right. */
  code?: string | string[];
}

/**
 * A change to the endpoint's succeeding call. Every case is held to the
 * invariants: no 5xx (the documented one aside), an error answered with
 * PostgREST's JSON body, and the log holding exactly the events the answer
 * acknowledges.
 */
export interface HostileCase {
  name: string;
  method?: string;
  /** Another path than the endpoint's. */
  path?: string;
  /** Replaces the query string ('' for none). */
  query?: string | ((fixture: Fixture) => string);
  /** Added to the query string. */
  addQuery?: string;
  /** Send the run's API key where the endpoint takes none. */
  withKey?: boolean;
  /** Extra headers; a header set to null is left out. */
  headers?: Record<string, string | null>;
  /** Replaces the body (null for none); a function builds a large one when the case runs. */
  body?: string | null | (() => string);
  /** The Content-Length to send for a body of this many bytes, when not its plain length. */
  contentLength?: (bytes: number) => string;
  expect?: Expected;
  /** Answered by Warp, PostgREST's HTTP server, before PostgREST's code: a text/plain 400. */
  answeredByWarp?: boolean;
  /** The one documented 5xx: its SQLSTATE (db/errors.md). */
  documented5xx?: string;
}

export interface Endpoint {
  /** The path served: /rpc/<function>, /<view>, or / for the API document. */
  path: string;
  /** How the succeeding call is made. */
  method: 'GET' | 'POST';
  access: Access;
  /** Whether a success records events (and so acknowledges them in its answer). */
  records: boolean;
  /**
   * For a function that writes (VOLATILE): a column of its result, to filter
   * and order on. Its query string may hold select alone (LE081).
   */
  writes?: { resultColumn: string };
  /** The call that succeeds: its query string and JSON body. */
  valid(fixture: Fixture): { query?: string; body?: unknown };
  /** Arguments, filters or fields of the wrong type. */
  wrongTypes: HostileCase[];
  /** Bodies or argument sets of the wrong shape: missing, extra, nested, scalar, array. */
  wrongShapes: HostileCase[];
  /** This endpoint's own stray parameters and headers, beside the ones every endpoint gets. */
  stray?: HostileCase[];
}
