// Owns the detection options every command that runs or writes the detections shares (report, kql): --detections
// FILE (threshold overrides, read by analyze/findings/settings.ts) and --no-detections, as one DetectionsSetup.

import type { FileRef } from '../model.js';
import { file } from './values.js';

/** The options as commander hands them over: `detections` is false with --no-detections. */
export interface RawDetectionOptions {
  readonly detections?: string | boolean;
}

export interface DetectionsSetup {
  readonly enabled: boolean;
  /** The --detections file whose settings override the defaults; undefined for the defaults. */
  readonly file: FileRef | undefined;
}

export function detectionsSetup(options: RawDetectionOptions, cwd: string): DetectionsSetup {
  if (options.detections === false) return { enabled: false, file: undefined };
  return { enabled: true, file: typeof options.detections === 'string' ? file('--detections', options.detections, cwd) : undefined };
}
