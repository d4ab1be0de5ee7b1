// Owns the command-line options every command that reads sign-ins shares (report, export): their commander
// definitions and help, so both commands offer the same options, spelled and explained the same way. What the
// values mean is config/inputs.ts's (and config/privacy.ts's for the sharing options).

import { type Command, Option } from 'commander';
import { FIELD_HELP, FIELD_NAMES } from '../ingest/fields.js';
import { collect } from './define.js';

/** Adds the options that say what is read and which sign-ins count, in the order --help lists them. */
export function addInputOptions(command: Command): Command {
  return command
    .option('--since <when>', 'only sign-ins at or after this time: ISO date/time or relative (7d, 24h)')
    .option('--until <when>', 'only sign-ins before this time: ISO date/time or relative (7d, 24h)')
    .option('--user <user>', 'only this user: UPN, display name or id, whatever the case and accents (repeatable)', collect)
    .option('--app <name>', 'only this application (repeatable)', collect)
    .option('--code <code>', 'only this error code (repeatable)', collect)
    .option('--category <id>', 'only this remediation category (repeatable)', collect)
    .option('--type <type>', 'only this sign-in type: interactive|noninteractive|serviceprincipal|managedidentity (repeatable)', collect)
    .option('--outcome <outcome>', 'only this outcome: failure|interrupted|success (repeatable)', collect)
    .option('--now <time>', 'the current time for relative periods and generatedAt (default: SOURCE_DATE_EPOCH or now)')
    .option('--catalog <file>', 'a JSON file of catalog entries that add to or override the built-in catalog')
    .option('--map <mapping>', 'read any CSV by naming its columns: field=Column,... (see below)')
    .addOption(new Option('--date-order <order>', 'day/month order for slash dates the file does not settle').choices(['dmy', 'mdy']))
    .option('--strict', 'stop at the first row that cannot be used')
    .option('--keep-duplicates', 'count a sign-in again when the same request id appears twice')
    .option('--period <period>', 'only this period: yesterday|last-7d|last-week|this-week|last-month|YYYY-MM-DD..YYYY-MM-DD|YYYY-Www')
    .option('--tz <zone>', 'the IANA time zone whose calendar --period follows (default UTC)');
}

/** Adds the options that make output fit for sharing: pseudonyms or nothing in place of users, apps and IP addresses. */
export function addPrivacyOptions(command: Command, where: string): Command {
  return command
    .option('--pseudonymize <kinds>', `replace users, apps and/or ips with keyed pseudonyms in ${where} (comma-separated, repeatable)`, collect)
    .option('--redact <kinds>', `drop users, apps and/or ips from ${where} (comma-separated, repeatable)`, collect)
    .option('--keep-domain', 'with --pseudonymize users: keep the domain of each UPN (user-3f9a1c2e7b04@contoso.com)')
    .option('--key-file <file>', 'the pseudonym key (32 random bytes, hex); created readable by you only when missing');
}

/** What --help says after the options about times, filters and --map, for every command that reads sign-ins. */
export const INPUT_HELP = `
Times are UTC. --since and --until take 2026-11-09, 2026-11-09T08:00 (or with Z/+01:00), or a time
before now: 30m, 24h, 7d, 2w. A bare date given to --until includes that whole day.
--user, --app, --code, --category, --type and --outcome can be repeated; the last four also take
comma-separated lists.

Outcome: the catalog decides for the codes it knows (50074 is interrupted, 50126 a failure); for other
codes the export's own status decides; without one, a failure text that calls the step an interrupt or
says no action is required makes it interrupted; else code 0 is success and anything else a failure.

--map fields:
${FIELD_NAMES.map((name) => `  ${name.padEnd(Math.max(...FIELD_NAMES.map((field) => field.length)))}  ${FIELD_HELP[name]}`).join('\n')}
`;
