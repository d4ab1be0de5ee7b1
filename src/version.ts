// Owns the tool's name and version as reported in --version and in every JSON report.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const packageJson = require('../package.json') as { version: string };

export const TOOL_NAME = 'signin-analyzer';
export const TOOL_VERSION: string = packageJson.version;
