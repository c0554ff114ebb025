/**
 * What a job's file format is to the chunk path: how the file is cut into chunks once its header is
 * checked, how a chunk's bytes are read into rows and loaded, what must hear of a job once a chunk
 * leaves it finished, and how the API takes such files. Each source has one (the upload formats
 * beside this module; a resync's bulk results in src/resync/staging.ts), collected by source in
 * src/upload-formats.ts.
 */
import type { MappingDefinition } from '../../files/mapped-orders/mapping';
import type { RecordFormat } from '../../files/record-boundaries';
import type { Warehouse } from '../../warehouse/db';
import type { ChunkLoader } from '../../warehouse/upload-chunks';
import type { Job, UploadSource } from '../../warehouse/upload-jobs';

/** What a format's steps may use: the warehouse, and the Worker's bindings (R2, queues, configuration). */
export interface FormatContext {
  db: Warehouse;
  env: Env;
}

/** How a job's file is cut into chunks (the format of its records, and the header its chunks are read by), or why it cannot be loaded. */
export type FileLayout = { ok: true; format: RecordFormat; header: string } | { ok: false; reason: string };

/** A chunk read: how many records it holds, and the loader that writes them in the chunk's transaction. */
export interface ReadChunk {
  seen: number;
  load: ChunkLoader;
}

/** A query parameter of the upload routes that names what reads the file. */
export type UploadParameter = 'topic' | 'mapping';

/** What a file is uploaded as: its source, and the topic or mapping that reads it. */
export interface UploadTarget {
  source: UploadSource;
  topic: string | null;
  mapping: { id: string; format: MappingDefinition['format'] } | null;
}

export interface UploadFormat {
  /** What such a file holds, for the API's documentation. */
  description: string;
  /** Checks the file's header, if it has one, and says how the file is cut into chunks. */
  layout(ctx: FormatContext, job: Job): Promise<FileLayout>;
  /** Reads, validates and cleans a chunk's records (the first of them numbered `firstRow`), ready to load. */
  read(ctx: FormatContext, job: Job, bytes: Uint8Array, firstRow: number): Promise<ReadChunk>;
  /** Called once a chunk's load leaves the job no longer loading (done, or failed): at least once, again for a redelivered chunk. */
  jobFinished?(ctx: FormatContext, job: Job): Promise<void>;
  /** How the upload routes take such files; absent for files that only Wharf itself writes. */
  upload?: {
    /** The query parameters the format requires; a source that does not list one refuses it. */
    parameters: readonly UploadParameter[];
    /** The extension of the raw object the file is stored as. */
    extension(target: UploadTarget): 'csv' | 'jsonl';
  };
}

export type UploadFormats = Readonly<Record<UploadSource, UploadFormat>>;
