// Test helper: a FileRef for a path the test made, named as it is.

import type { FileRef } from '../../src/model.js';

export function fileAt(path: string): FileRef {
  return { name: path, path };
}
