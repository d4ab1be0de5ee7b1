// Owns the `pseudonym` command: for the users, apps or IP addresses named, the pseudonym a report made with the
// same --key-file shows for each, so an admin can tell whose a pseudonym in a shared report is.

import { type Command, Option } from 'commander';
import { pseudonymConfig, type RawPseudonymOptions } from '../config/privacy.js';
import { EXIT, type ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import { neutralize } from '../text.js';
import { PRIVATE_KINDS, pseudonymOf } from '../view/privacy.js';
import { loadPseudonymKey } from '../view/pseudonym-key.js';
import type { SetAction } from './define.js';

const PSEUDONYM_HELP = `
Each value is printed with its pseudonym, tab-separated. A value that is an IP address is looked up as an
IP address, anything else as a user, unless --kind says otherwise. In the rare report where two values
share a pseudonym's 12 hex digits, both are shown with 24, which begin with these 12.

Examples:
  $ signin-analyzer pseudonym --key-file ~/.signin-analyzer.key alice@contoso.com 203.0.113.7
  $ signin-analyzer pseudonym --key-file ~/.signin-analyzer.key --kind apps "Microsoft Teams"
`;

export function definePseudonym(program: Command, setAction: SetAction): void {
  program
    .command('pseudonym')
    .description('show the pseudonym a report made with --pseudonymize gives each user, app or IP address')
    .argument('<values...>', 'user principal names (or display names), app names or IP addresses')
    .option('--key-file <file>', 'the key file the reports were made with')
    .addOption(new Option('--kind <kind>', 'what the values are (default: ips for IP addresses, users for the rest)').choices(PRIVATE_KINDS))
    .option('--keep-domain', 'as reports made with --keep-domain show users')
    .addHelpText('after', PSEUDONYM_HELP)
    .action((values: string[], options: RawPseudonymOptions) => {
      setAction((io) => pseudonymCommand(values, options, io));
    });
}

async function pseudonymCommand(values: readonly string[], options: RawPseudonymOptions, io: Io): Promise<ExitCode> {
  const config = pseudonymConfig(values, options, io.cwd);
  const { key } = await loadPseudonymKey(config.keyFile, false);
  const lines = config.values.map(({ value, kind }) => `${neutralize(value)}\t${pseudonymOf(key, kind, value, config.keepDomain)}\n`);
  await io.stdout(lines.join(''));
  return EXIT.ok;
}
