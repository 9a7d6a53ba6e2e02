/**
 * One request/response exchange recorded from a real server (docs/protocol/), as data the replay
 * tests send again and compare. The files beside this one are generated from the recordings by
 * scripts/extract-recordings.ts; this shape is what they share.
 */
export interface RecordedExchange {
  /** `write.md #44`: the recording file and the exchange's number in it. */
  readonly source: string;
  readonly title: string;
  readonly method: string;
  readonly url: string;
  /** Request headers beyond the recorder's defaults (Host, User-Agent, Accept: *\/*, ...). */
  readonly requestHeaders?: Readonly<Record<string, string>>;
  readonly requestBody?: string;
  readonly status: number;
  readonly statusText: string;
  readonly contentType?: string;
  readonly link?: string;
  readonly location?: string;
  readonly allow?: string;
  readonly vary?: string;
  /** The Content-Length header; absent when the response had none (a 204). */
  readonly contentLength?: number;
  /** The exact body, when the recording has all of it. */
  readonly body?: string;
}
