/** Why an image has no thumbnails: a value recorded per source image, never thrown. */

export const THUMBNAIL_FAILURES = [
  /** The URL is not an http(s) URL. */
  'invalid_url',
  /** The server answered with a status other than 200 (a 404, a 403, a 5xx). */
  'http_status',
  /** The server could not be reached, or the connection broke. */
  'network',
  /** No complete answer within the fetch's time limit. */
  'timeout',
  /** The declared content type or the bytes themselves are not an image. */
  'not_an_image',
  /** An image, in a format that is not decoded here (GIF, AVIF, HEIC, ...). */
  'unsupported_format',
  /** More bytes than the limit, declared or streamed. */
  'too_large',
  /** More pixels than the limit, by the image's header or once decoded. */
  'too_many_pixels',
  /** Bytes that begin like an image and do not decode as one. */
  'corrupt',
  /** An attempt started and recorded no outcome: under way, or it stopped (out of memory or time). */
  'unfinished',
] as const;

export type ThumbnailFailureCode = (typeof THUMBNAIL_FAILURES)[number];

export interface ThumbnailFailure {
  code: ThumbnailFailureCode;
  /** What was found, in a sentence: the status, the content type, the size against the limit. */
  reason: string;
}

export const failure = (code: ThumbnailFailureCode, reason: string): { ok: false; failure: ThumbnailFailure } => ({ ok: false, failure: { code, reason } });
